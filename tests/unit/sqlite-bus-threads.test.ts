import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqliteBus } from '../../shared/adapters/sqlite/sqlite-bus.ts';
import { testLogger } from '../support/test-logger.ts';
import { waitFor } from '../support/wait-for.ts';

describe('SQLite bus across connections of one process', () => {
  it("a publish wakes another connection's consumer at once, not at its next poll (the analyzer's thread and the console's)", async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'yuqing-bus-threads-')), 'bus.sqlite');
    // A poll far longer than the wait below: only the wake can deliver in time.
    const publisher = new SqliteBus({ path, logger: testLogger, pollMs: 120_000 });
    const consumer = new SqliteBus({ path, logger: testLogger, pollMs: 120_000 });
    try {
      await publisher.ensureChannels([{ name: 'raw' }]);
      const got: unknown[] = [];
      const sub = await consumer.subscribe({ channel: 'raw', group: 'g', start: 'earliest', handler: async (batch) => void got.push(...batch.map((m) => m.value)) });
      await new Promise((r) => setTimeout(r, 100)); // the consumer's first, empty poll is behind it
      await publisher.publish('raw', [{ key: 'k', value: 'one' }]);
      await waitFor('the message at the other connection', () => got.length > 0, 10_000);
      expect(got).toEqual(['one']);
      await sub.stop();
    } finally {
      await consumer.close();
      await publisher.close();
    }
  });
});
