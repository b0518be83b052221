import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HotlineInbox } from '../../services/collector/hotline-inbox.ts';
import { HotlinePull } from '../../services/collector/hotline-pull.ts';
import { hotlineExport, wageArrearsRows } from '../support/hotline-export.ts';
import { CollectorHarness, itPublishedNothingUnmasked } from './support/collector-harness.ts';
import { startFixtureServer, type FixtureServer } from './support/fixture-server.ts';

describe('12345 export pulled over HTTP', () => {
  let server: FixtureServer;
  let h: CollectorHarness;
  let exportBody = hotlineExport(wageArrearsRows(3, '2026-11-24 09'));

  beforeAll(async () => {
    server = await startFixtureServer({
      '/export.csv': (req, res) => {
        if (req.headers['if-none-match'] === '"e1"') return void res.writeHead(304).end();
        res.writeHead(200, { 'content-type': 'text/csv', etag: '"e1"', 'last-modified': 'Tue, 24 Nov 2026 01:00:00 GMT' }).end(exportBody);
      },
      // No validators at all: only the body's hash says it is the same export.
      '/plain.csv': (_req, res) => void res.writeHead(200, { 'content-type': 'text/csv' }).end(exportBody),
      '/huge.csv': (_req, res) => void res.writeHead(200).end(Buffer.alloc(2 * 1024 * 1024, 0x41)),
    });
  });
  afterAll(() => server.close());
  beforeEach(async () => {
    h = await CollectorHarness.create();
    exportBody = hotlineExport(wageArrearsRows(3, '2026-11-24 09'));
  });
  afterEach(() => h.close());

  const inboxDir = () => join(h.dir, 'inbox');
  const pull = (path: string, maxBytes?: number) =>
    new HotlinePull({ name: 'city-12345', url: `${server.url}${path}`, schedule: '0 * * * *', inboxDir: inboxDir(), fetch: { retries: 0, ...(maxBytes ? { maxBytes } : {}) } });

  it('downloads the export into the inbox under its own name, and the inbox publishes its rows', async () => {
    const p = pull('/export.csv');
    await p.run(h.context(p));
    expect(readdirSync(inboxDir())).toEqual(['city-12345-20261124100000.csv']);
    const inbox = new HotlineInbox({ name: 'city-12345', inboxDir: inboxDir(), archiveDir: join(h.dir, 'archive') });
    const [report] = await inbox.scan(h.context(inbox));
    expect(report).toMatchObject({ encoding: 'gb18030', published: 3 });
    expect(h.state.checkpoint('city-12345', 'etag')).toBe('"e1"');
  });

  it('asks with If-None-Match and If-Modified-Since, and delivers nothing when the export is unchanged', async () => {
    const p = pull('/export.csv');
    await p.run(h.context(p));
    h.clock += 3600_000;
    await p.run(h.context(p));
    expect(server.requests.at(-1)!.headers).toMatchObject({ 'if-none-match': '"e1"', 'if-modified-since': 'Tue, 24 Nov 2026 01:00:00 GMT' });
    expect(readdirSync(inboxDir())).toHaveLength(1);
  });

  it('without validators from the server, an identical body is not delivered twice', async () => {
    const p = pull('/plain.csv');
    await p.run(h.context(p));
    h.clock += 3600_000;
    await p.run(h.context(p));
    expect(readdirSync(inboxDir())).toHaveLength(1);
    exportBody = hotlineExport(wageArrearsRows(4, '2026-11-24 09'));
    h.clock += 3600_000;
    await p.run(h.context(p));
    expect(readdirSync(inboxDir())).toHaveLength(2);
  });

  it('a body over the size limit fails the run and leaves no partial file in the inbox', async () => {
    const p = pull('/huge.csv', 1024 * 1024);
    await expect(p.run(h.context(p))).rejects.toThrow(/exceeds the limit of 1048576 bytes/);
    expect(readdirSync(inboxDir())).toEqual([]);
  });

  it('an unreachable export URL fails the run with the address in the error', async () => {
    const p = new HotlinePull({ name: 'gone', url: 'http://127.0.0.1:9/export.csv', schedule: '0 * * * *', inboxDir: inboxDir(), fetch: { retries: 0 } });
    await expect(p.run(h.context(p))).rejects.toThrow(/127\.0\.0\.1:9/);
  });

  it('publishes the pulled rows with the caller masked', async () => {
    const p = pull('/export.csv');
    await p.run(h.context(p));
    const inbox = new HotlineInbox({ name: 'city-12345', inboxDir: inboxDir(), archiveDir: join(h.dir, 'archive') });
    await inbox.scan(h.context(inbox));
    expect(h.items()[0]!.author!.display).toBe('王**');
  });

  itPublishedNothingUnmasked();
});
