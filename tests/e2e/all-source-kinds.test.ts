import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig, type Config } from '../../shared/config.ts';
import type { SearchIndex } from '../../shared/ports/search-index.ts';
import { segmentForSearch } from '../../shared/text/segmenter.ts';
import { openSearchIndex } from '../../shared/wiring.ts';
import type { SourcesAnswer } from '../../services/responder/sources/collector-board.ts';
import { startServices, type RunningServices } from '../../services/start-services.ts';
import { startFixtureServer, type FixtureServer } from '../collector/support/fixture-server.ts';
import { articlePage, listPage, sharedDocument } from '../collector/support/gov-site.ts';
import { loginAsNewUser } from '../support/console-session.ts';
import { hotlineExport, wageArrearsRows } from '../support/hotline-export.ts';
import { testLogger } from '../support/test-logger.ts';
import { waitFor } from '../support/wait-for.ts';

/** The three kinds of source — a 12345 export, a pushed comment, a government web page — feed one pipeline. */
describe('every source kind, end to end', () => {
  let config: Config;
  let services: RunningServices;
  let site: FixtureServer;
  let index: SearchIndex;

  beforeAll(async () => {
    site = await startFixtureServer({
      '/zwgk/': (_req, res) =>
        void res
          .writeHead(200, { 'content-type': 'text/html' })
          .end(iconv.encode(listPage([{ href: '/zwgk/art1.html', title: '缙云县2021年政务公开工作要点', date: '2021-04-20' }]), 'gbk')),
      '/zwgk/art1.html': (_req, res) =>
        void res.writeHead(200, { 'content-type': 'text/html' }).end(
          iconv.encode(
            articlePage({ title: '缙云县2021年政务公开工作要点', date: '2021-04-20', body: sharedDocument('jinyun-2021-zhengwu-gongkai-yaodian.txt'), views: 321, spam: true }),
            'gbk',
          ),
        ),
      '/robots.txt': (_req, res) => void res.writeHead(200, { 'content-type': 'text/plain' }).end('User-agent: *\nAllow: /\n'),
    });
    const dataDir = mkdtempSync(join(tmpdir(), 'yuqing-sources-'));
    const sourcesPath = join(dataDir, 'sources.json');
    writeFileSync(
      sourcesPath,
      JSON.stringify({
        sources: [
          { kind: 'hotline-inbox', name: 'hotline-inbox', schedule: { everyMs: 50 } },
          { kind: 'pages', name: 'county-site', schedule: { everyMs: 60_000 }, site: '缙云县人民政府', listUrls: [`${site.url}/zwgk/`], linkSelector: 'ul.news-list a', delayMs: 0 },
          { kind: 'webhook', name: 'wechat-comments', token: 'e2e-token-0123456789' },
        ],
      }),
    );
    const parsed = parseConfig({ YUQING_DATA_DIR: dataDir, YUQING_SOURCES: sourcesPath, PORT: '0', YUQING_INGEST_PORT: '0', YUQING_DEMO: '0', LOG_LEVEL: 'error' });
    if (!parsed.ok) throw new Error(parsed.problems.join('; '));
    config = parsed.config;
    services = await startServices(config, ['collector', 'analyzer', 'responder'], testLogger, { announce: () => undefined });
    index = await openSearchIndex(config.index, segmentForSearch, testLogger);
  }, 60_000);

  afterAll(async () => {
    await index?.close();
    await services?.stop();
    await site?.close();
  });

  it('a hotline export, a pushed comment and a government page all become analyzed items', async () => {
    mkdirSync(config.collector.inboxDir, { recursive: true });
    writeFileSync(join(config.collector.inboxDir, 'export.csv'), hotlineExport(wageArrearsRows(3, '2026-11-24 09')));
    const pushed = await fetch(`${services.ingestUrl}/wechat-comments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-ingest-token': 'e2e-token-0123456789' },
      body: JSON.stringify({ items: [{ id: 'c-1', text: '五云街道某小区物业乱收费，业主电话13812345678', publishedAt: '2026-11-24T10:00:00+08:00' }] }),
    });
    expect(pushed.status).toBe(202);

    const kinds = await waitFor(
      'items of all three kinds',
      async () => {
        const agg = await index.aggregateItems({}, { terms: ['sourceKind'] });
        const found = Object.fromEntries((agg.terms.sourceKind ?? []).map((b) => [b.key, b.count]));
        return found.hotline === 3 && found.comment === 1 && found.page === 1 ? found : undefined;
      },
      30_000,
    );
    expect(kinds).toEqual({ hotline: 3, comment: 1, page: 1 });
    const [page] = (await index.searchItems({ sourceKinds: ['page'] })).hits;
    expect(page!.title).toBe('缙云县2021年政务公开工作要点');
    expect(page!.text).not.toContain('浏览次数');
    expect(page!.text).not.toContain('澳门');
    const [comment] = (await index.searchItems({ sourceKinds: ['comment'] })).hits;
    expect(comment!.text).toContain('138****5678');

    // The console shows the collector process and each source's last run, as it reported them on the bus.
    const session = await loginAsNewUser(config.ledger, services.consoleUrl!, { role: 'monitor' });
    const { collectors } = await waitFor('the report of the push', async () => {
      const answer = await session.api<SourcesAnswer>('/sources');
      return answer.collectors[0]?.sources.find((s) => s.name === 'wechat-comments')?.totals.items === 1 ? answer : undefined;
    });
    expect(collectors).toHaveLength(1);
    expect(collectors[0]).toMatchObject({ pid: process.pid, condition: 'running' });
    expect(collectors[0]!.sources.map((s) => s.name).sort()).toEqual(['county-site', 'hotline-inbox', 'wechat-comments']);
    expect(collectors[0]!.sources.find((s) => s.name === 'wechat-comments')).toMatchObject({ schedule: '推送（收到即处理）', totals: { items: 1 } });
  });
});
