import { readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FetchError, fetchWithLimits } from '../../services/collector/http-fetch.ts';
import { recordingSleep, startFixtureServer, type FixtureServer } from './support/fixture-server.ts';

describe('fetching with limits', () => {
  let server: FixtureServer;
  let failuresLeft = 0;

  beforeAll(async () => {
    server = await startFixtureServer({
      '/flaky': (_req, res) => {
        if (failuresLeft-- > 0) res.writeHead(500).end('oops');
        else res.writeHead(200).end('ok');
      },
      '/down': (_req, res) => void res.writeHead(503).end('down'),
      '/missing': (_req, res) => void res.writeHead(404).end(),
      '/slow': (_req, res) => void setTimeout(() => res.writeHead(200).end('late'), 2000),
      '/huge': (_req, res) => {
        // 20 MB announced honestly, and a chunked one that does not say its size.
        res.writeHead(200, { 'content-length': String(20 * 1024 * 1024) });
        res.end(Buffer.alloc(20 * 1024 * 1024, 0x61));
      },
      '/huge-chunked': (_req, res) => {
        res.writeHead(200);
        const chunk = Buffer.alloc(64 * 1024, 0x61);
        let sent = 0;
        const push = () => {
          while (sent < 320 && res.write(chunk)) sent++;
          if (sent < 320) res.once('drain', push);
          else res.end();
        };
        push();
      },
      '/loop-a': (_req, res) => void res.writeHead(302, { location: '/loop-b' }).end(),
      '/loop-b': (_req, res) => void res.writeHead(302, { location: '/loop-a' }).end(),
      '/moved': (_req, res) => void res.writeHead(301, { location: '/flaky' }).end(),
    });
  });
  afterAll(() => server.close());

  it('retries a 500 with growing backoff and succeeds when the server recovers', async () => {
    failuresLeft = 2;
    const { sleep, waits } = recordingSleep();
    const res = await fetchWithLimits(`${server.url}/flaky`, { retries: 3, backoffMs: 100, sleep });
    expect(res.body.toString()).toBe('ok');
    expect(waits).toHaveLength(2);
    // Jitter keeps each wait between half and all of 100 ms, then of 200 ms.
    expect(waits[0]).toBeGreaterThanOrEqual(50);
    expect(waits[0]).toBeLessThanOrEqual(100);
    expect(waits[1]).toBeGreaterThanOrEqual(100);
    expect(waits[1]).toBeLessThanOrEqual(200);
  });

  it('gives up after the retries with an error that says how often it tried and that a later run may succeed', async () => {
    const { sleep } = recordingSleep();
    const err = await fetchWithLimits(`${server.url}/down`, { retries: 2, backoffMs: 10, sleep }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FetchError);
    expect((err as FetchError).message).toMatch(/HTTP 503 \(after 3 attempts\)/);
    expect((err as FetchError).retriable).toBe(true);
  });

  it('does not retry a 404', async () => {
    const { sleep, waits } = recordingSleep();
    await expect(fetchWithLimits(`${server.url}/missing`, { retries: 3, sleep })).rejects.toThrow(/HTTP 404$/);
    expect(waits).toEqual([]);
  });

  it('times out a slow response', async () => {
    const { sleep } = recordingSleep();
    await expect(fetchWithLimits(`${server.url}/slow`, { timeoutMs: 150, retries: 0, sleep })).rejects.toThrow(/timed out after 150 ms/);
  });

  it('refuses a 20 MB body over the limit, whether announced or chunked', async () => {
    await expect(fetchWithLimits(`${server.url}/huge`, { maxBytes: 1024 * 1024, retries: 0 })).rejects.toThrow(/20971520 bytes exceeds the limit of 1048576/);
    await expect(fetchWithLimits(`${server.url}/huge-chunked`, { maxBytes: 1024 * 1024, retries: 0 })).rejects.toThrow(/body exceeds the limit of 1048576 bytes/);
  });

  it('follows a redirect but stops a redirect loop at the limit', async () => {
    failuresLeft = 0;
    expect((await fetchWithLimits(`${server.url}/moved`)).body.toString()).toBe('ok');
    await expect(fetchWithLimits(`${server.url}/loop-a`, { maxRedirects: 3, retries: 0 })).rejects.toThrow(/redirect/);
  });

  it('streams a body into a file with its hash', async () => {
    failuresLeft = 0;
    const file = join(mkdtempSync(join(tmpdir(), 'yuqing-fetch-')), 'body');
    const res = await fetchWithLimits(`${server.url}/flaky`, { toFile: file });
    expect(readFileSync(file, 'utf8')).toBe('ok');
    expect(res).toMatchObject({ bytes: 2, body: Buffer.alloc(0), sha256: '2689367b205c16ce32ed4200942b8b8b1e262dfc70d9bc9fbc77c49699a4f1df' });
  });
});
