import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqliteBus } from '../../shared/adapters/sqlite/sqlite-bus.ts';
import { testLogger } from '../support/test-logger.ts';
import { waitFor } from '../support/wait-for.ts';

describe('SQLite bus retention', () => {
  it('deletes the messages of a channel older than its retention as it publishes; a group from the earliest reads the rest', async () => {
    const bus = new SqliteBus({ path: join(mkdtempSync(join(tmpdir(), 'yuqing-retention-')), 'bus.sqlite'), logger: testLogger, pollMs: 10 });
    try {
      await bus.ensureChannels([{ name: 'short', retentionMs: 50 }, { name: 'kept' }]);
      const first = Date.now();
      await bus.publish('short', [{ key: 'k', value: 'old' }]);
      await bus.publish('kept', [{ key: 'k', value: 'old' }]);
      await waitFor('the retention to pass', () => Date.now() - first > 60);
      await bus.publish('short', [{ key: 'k', value: 'new' }]);
      await bus.publish('kept', [{ key: 'k', value: 'new' }]);
      const read = async (channel: string) => {
        const got: unknown[] = [];
        const sub = await bus.subscribe({ channel, group: `g-${channel}`, start: 'earliest', handler: async (batch) => void got.push(...batch.map((m) => m.value)) });
        await waitFor(`the newest message of ${channel}`, () => got.includes('new'));
        await sub.stop();
        return got;
      };
      expect(await read('short')).toEqual(['new']);
      expect(await read('kept')).toEqual(['old', 'new']);
    } finally {
      await bus.close();
    }
  });
});
