import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteBus } from '../../shared/adapters/sqlite/sqlite-bus.ts';
import { parseConfig, type Config } from '../../shared/config.ts';
import type { CollectorStatus } from '../../shared/domain/collector-status.ts';
import type { DeadLetter } from '../../shared/domain/dead-letter.ts';
import type { RawItem } from '../../shared/domain/raw-item.ts';
import { ensureProductChannels, CHANNELS } from '../../shared/bus-channels.ts';
import { startCollector, type CollectorService } from '../../services/collector/collector-service.ts';
import { hotlineExport, wageArrearsRows } from '../support/hotline-export.ts';
import { testLogger } from '../support/test-logger.ts';
import { FIXED_NOW } from './support/collector-harness.ts';
import { recordingSleep, sendJson, startFixtureServer, type FixtureServer } from './support/fixture-server.ts';
import { RecordingBus } from './support/recording-bus.ts';
import { findUnmasked } from './support/unmasked.ts';

const TOKEN = 'service-test-token-0123456789';

function configFor(dataDir: string, sourcesPath?: string): Config {
  const parsed = parseConfig({ YUQING_DATA_DIR: dataDir, YUQING_DEMO: '0', YUQING_HASH_SECRET: 'test-secret-0123456789', ...(sourcesPath ? { YUQING_SOURCES: sourcesPath } : {}) });
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  return parsed.config;
}

describe('collector service with a sources file', () => {
  let server: FixtureServer;
  let bus: RecordingBus;
  let collector: CollectorService;
  let config: Config;
  let hookServer: Server;

  beforeAll(async () => {
    server = await startFixtureServer({
      '/api/comments': (_req, res, url) =>
        sendJson(res, {
          data: url.searchParams.get('page') === '1' ? [{ id: 7, content: '县城停车难，乱收费，联系人邮箱zhang.san@example.com', time: '2026-11-24 08:00' }] : [],
        }),
      '/rss': (_req, res) =>
        void res
          .writeHead(200, { 'content-type': 'application/rss+xml' })
          .end('<rss><channel><item><guid>r1</guid><title>供水管道爆裂</title><description>新建镇停水两天</description><pubDate>Tue, 24 Nov 2026 07:00:00 +0800</pubDate></item></channel></rss>'),
      '/broken': (_req, res) => void res.writeHead(500).end(),
      '/robots.txt': (_req, res) => void res.writeHead(404).end(),
      '/notices/': (_req, res) => void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<ul class="list"><li><a href="/notices/1.html">停水通知</a></li></ul>'),
      '/notices/1.html': (_req, res) =>
        void res
          .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
          .end('<html><body><div class="position">当前位置：首页 &gt; 通知公告</div><h1>停水通知</h1><div class="content"><p>因管网改造，11月25日8时至18时五云街道停水。</p><p>咨询电话：0578-3123456。</p></div></body></html>'),
    });
    const dataDir = mkdtempSync(join(tmpdir(), 'yuqing-collector-service-'));
    const sourcesPath = join(dataDir, 'sources.json');
    const schedule = '0 0 1 1 *';
    writeFileSync(
      sourcesPath,
      JSON.stringify({
        sources: [
          { kind: 'hotline-inbox', name: 'county-12345', schedule },
          { kind: 'json-api', name: 'board', schedule, url: `${server.url}/api/comments?page={page}`, itemsPath: 'data', pagination: { type: 'page' }, fields: { id: 'id', text: 'content', publishedAt: 'time' } },
          { kind: 'feed', name: 'rss', schedule, url: `${server.url}/rss` },
          { kind: 'feed', name: 'broken-feed', schedule, url: `${server.url}/broken`, limits: { retries: 1 } },
          { kind: 'pages', name: 'notices', schedule, site: '缙云县人民政府', listUrls: [`${server.url}/notices/`], linkSelector: '.list a', delayMs: 0 },
          { kind: 'webhook', name: 'hook', token: TOKEN },
        ],
      }),
    );
    config = configFor(dataDir, sourcesPath);
    mkdirSync(config.collector.inboxDir, { recursive: true });
    writeFileSync(join(config.collector.inboxDir, 'export.csv'), hotlineExport(wageArrearsRows(2, '2026-11-24 09')));
    const sqlite = new SqliteBus({ path: join(dataDir, 'bus.sqlite'), logger: testLogger, pollMs: 10 });
    await ensureProductChannels(sqlite, 1);
    bus = new RecordingBus(sqlite);
    collector = startCollector({ config, bus, logger: testLogger, now: () => FIXED_NOW, fetch: { sleep: recordingSleep().sleep } });
    const app = express();
    app.use(collector.ingestRouter);
    hookServer = app.listen(0, '127.0.0.1');
    await new Promise<void>((r) => hookServer.once('listening', () => r()));
  });
  afterAll(async () => {
    await new Promise<void>((r) => hookServer.close(() => r()));
    await collector.stop();
    await bus.close();
    await server.close();
  });

  it('hotline, comment and page sources all feed the bus while a broken source records its error', async () => {
    await collector.runOnce();
    const res = await fetch(`http://127.0.0.1:${(hookServer.address() as AddressInfo).port}/api/ingest/hook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-ingest-token': TOKEN },
      body: JSON.stringify({ items: [{ id: 'h1', text: '推送：学校周边交通拥堵', publishedAt: '2026-11-24 09:00' }] }),
    });
    expect(res.status).toBe(202);
    const bySource = (name: string) => bus.values<RawItem>(CHANNELS.rawItems.name).filter((i) => i.source.name === name);
    expect(bySource('county-12345')).toHaveLength(2);
    expect(bySource('board')[0]!.text).toBe('县城停车难，乱收费，联系人邮箱z***@example.com');
    expect(bySource('rss')[0]!.text).toBe('新建镇停水两天');
    expect(bySource('hook')).toHaveLength(1);
    expect(bySource('notices')[0]).toMatchObject({ source: { kind: 'page' }, title: '停水通知', text: '因管网改造，11月25日8时至18时五云街道停水。\n咨询电话：0578-*****56。' });

    const status = Object.fromEntries(collector.status().map((s) => [s.name, s]));
    expect(status['broken-feed']).toMatchObject({ lastRunOk: false, lastError: { message: expect.stringMatching(/HTTP 500 \(after 2 attempts\)/) } });
    expect(status['board']).toMatchObject({ lastRunOk: true, lastRun: { items: 1 }, nextRunAt: '2027-01-01T00:00:00.000+08:00' });
    expect(status['hook']).toMatchObject({ schedule: '推送（收到即处理）', totals: { items: 1 } });
    // The console hears of every source through the bus, in this process's reports.
    const reports = bus.values<CollectorStatus>(CHANNELS.collectorStatus.name);
    expect(reports[0]).toMatchObject({ instanceId: collector.instanceId, pid: process.pid, state: 'running' });
    expect(reports[0]!.sources.map((s) => s.name)).toEqual(['county-12345', 'board', 'rss', 'broken-feed', 'notices', 'hook']);
  });

  it('published nothing unmasked', () => {
    expect(bus.published.length).toBeGreaterThan(0);
    expect(findUnmasked(bus.published)).toEqual([]);
    expect(bus.values<DeadLetter>(CHANNELS.deadLetters.name)).toEqual([]);
  });
});

describe('collector service start', () => {
  it('a bad sources file stops the start with the file, source and key named', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'yuqing-collector-bad-'));
    const sourcesPath = join(dataDir, 'sources.json');
    writeFileSync(sourcesPath, JSON.stringify({ sources: [{ kind: 'feed', name: 'rss', schedule: '*/5 * * * *', url: 'not a url' }] }));
    const sqlite = new SqliteBus({ path: join(dataDir, 'bus.sqlite'), logger: testLogger });
    expect(() => startCollector({ config: configFor(dataDir, sourcesPath), bus: sqlite, logger: testLogger })).toThrow(`${sourcesPath}: sources[0] (rss).url: must be an http(s) URL`);
    await sqlite.close();
  });

  it('without a sources file the 12345 inbox under the data directory is the one source, polled at the poll interval', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'yuqing-collector-default-'));
    const sqlite = new SqliteBus({ path: join(dataDir, 'bus.sqlite'), logger: testLogger, pollMs: 10 });
    const c = startCollector({ config: configFor(dataDir), bus: sqlite, logger: testLogger });
    try {
      expect(c.status().map((s) => [s.name, s.kind, s.schedule])).toEqual([['hotline-inbox', 'hotline', '每 1 秒']]);
    } finally {
      await c.stop();
      await sqlite.close();
    }
  });
});
