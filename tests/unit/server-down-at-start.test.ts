import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort, startServiceProcess, stopServiceProcess } from '../support/service-process.ts';
import { waitFor } from '../support/wait-for.ts';

describe('a server that is down at start', () => {
  it('the service names it, keeps retrying with backoff and does not exit', async () => {
    const closed = await freePort();
    const p = startServiceProcess('analyzer', {
      YUQING_DATA_DIR: mkdtempSync(join(tmpdir(), 'yuqing-down-')),
      ELASTICSEARCH_URL: `http://127.0.0.1:${closed}`,
      LOG_LEVEL: 'warn',
    });
    const logged = () => p.stderr.join('') + p.stdoutLines().join('\n');
    try {
      await waitFor('two retries logged', () => (logged().match(/search index \(elasticsearch\) is unavailable; retrying/g)?.length ?? 0) >= 2, 20_000);
      expect(logged()).toContain(`127.0.0.1:${closed}`);
      expect(p.child.exitCode).toBeNull();
    } finally {
      await stopServiceProcess(p);
    }
  }, 30_000);
});
