import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { JsonApiSource, type JsonApiOptions } from '../../services/collector/json-api-source.ts';
import { emptyCounters } from '../../services/collector/source-context.ts';
import { CollectorHarness, itPublishedNothingUnmasked } from './support/collector-harness.ts';
import { recordingSleep, sendJson, startFixtureServer, type FixtureServer } from './support/fixture-server.ts';

interface Comment {
  cid: number;
  body: string;
  ts: number;
  user: { nick: string };
  stats: { likes: number };
}

/** Comments on a county government post, newest first, as a message-board API serves them. */
function comments(n: number, newestTs: number): Comment[] {
  return Array.from({ length: n }, (_, i) => ({
    cid: 1000 + n - i,
    body: `第${n - i}条评论：小区门口道路积水严重，我的电话13905781${String(200 + n - i)}，邮箱resident${n - i}@example.com`,
    ts: newestTs - i * 600,
    user: { nick: `壶镇居民${n - i}` },
    stats: { likes: n - i },
  }));
}

const FIELDS: JsonApiOptions['fields'] = { id: 'cid', text: 'body', publishedAt: 'ts', author: 'user.nick', attrs: { likes: 'stats.likes' } };

describe('JSON API comment source', () => {
  let server: FixtureServer;
  let h: CollectorHarness;
  let board: Comment[] = [];
  const base = Math.floor(Date.parse('2026-11-24T09:00:00+08:00') / 1000);

  beforeAll(async () => {
    server = await startFixtureServer({
      // Page-based, 2 per page; with ?since=… (epoch seconds) only newer comments.
      '/api/comments': (_req, res, url) => {
        const page = Number(url.searchParams.get('page'));
        const since = Number(url.searchParams.get('since') || 0);
        const list = board.filter((c) => c.ts > since).slice((page - 1) * 2, page * 2);
        sendJson(res, { code: 0, data: { list } });
      },
      // Cursor-based: the cursor is the index of the next comment.
      '/api/feed': (_req, res, url) => {
        const at = Number(url.searchParams.get('cursor') || 0);
        const list = board.slice(at, at + 2);
        sendJson(res, { data: list, paging: { next: at + 2 < board.length ? String(at + 2) : null } });
      },
      '/api/loop': (_req, res) => sendJson(res, { data: board.slice(0, 2), paging: { next: 'same-cursor' } }),
      '/api/endless': (_req, res, url) => {
        const at = Number(url.searchParams.get('cursor') || 0);
        sendJson(res, { data: comments(2, base - at * 1000), paging: { next: String(at + 1) } });
      },
      '/api/broken': (_req, res) => void res.writeHead(500).end('internal error'),
      '/api/slow': (_req, res) => void setTimeout(() => sendJson(res, { data: [] }), 2000),
      '/api/bad-items': (_req, res) =>
        sendJson(res, { data: [{ cid: 1, body: '好', ts: base }, { cid: 2, ts: base }, { cid: 3, body: '时间不对', ts: 'yesterday' }] }),
    });
  });
  afterAll(() => server.close());
  beforeEach(async () => {
    h = await CollectorHarness.create();
    board = comments(5, base);
    server.requests.length = 0;
  });
  afterEach(() => h.close());

  const source = (over: Partial<JsonApiOptions>) => {
    const { sleep } = recordingSleep();
    return new JsonApiSource({
      name: 'county-board',
      schedule: '*/5 * * * *',
      url: `${server.url}/api/comments?page={page}&since={sinceSeconds}`,
      itemsPath: 'data.list',
      pagination: { type: 'page', firstPage: 1 },
      maxPages: 10,
      fields: FIELDS,
      fetch: { retries: 2, backoffMs: 10, sleep, timeoutMs: 200 },
      ...over,
    });
  };

  it('pages through the API, maps fields by dotted path and masks what commenters wrote', async () => {
    const s = source({});
    await s.run(h.context(s));
    expect(h.items()).toHaveLength(5);
    expect(h.items()[0]).toMatchObject({
      source: { kind: 'comment', name: 'county-board' },
      externalId: '1005',
      text: '第5条评论：小区门口道路积水严重，我的电话139****1205，邮箱r***@example.com',
      publishedAt: '2026-11-24T09:00:00.000+08:00',
      author: { display: '壶****' },
      attrs: { likes: 5 },
    });
    // Pages 1–3 hold the five comments; page 4 is empty and ends the run.
    expect(server.requests.map((r) => r.path)).toEqual([1, 2, 3, 4].map((p) => `/api/comments?page=${p}&since=`));
  });

  it('keeps a since-checkpoint, so the next run fetches and publishes only what is new', async () => {
    const s = source({});
    await s.run(h.context(s));
    board.unshift(...comments(6, base + 600).slice(0, 1));
    server.requests.length = 0;
    await s.run(h.context(s));
    expect(h.items().map((i) => i.externalId)).toEqual(['1005', '1004', '1003', '1002', '1001', '1006']);
    expect(server.requests.map((r) => r.path)).toEqual([`/api/comments?page=1&since=${base}`, `/api/comments?page=2&since=${base}`]);
    expect(h.state.checkpoint('county-board', 'since')).toBe(String((base + 600) * 1000));
  });

  it('follows a cursor until the API has no next one', async () => {
    const s = source({ url: `${server.url}/api/feed?cursor={cursor}`, itemsPath: 'data', pagination: { type: 'cursor', cursorPath: 'paging.next' } });
    await s.run(h.context(s));
    expect(h.items()).toHaveLength(5);
    expect(server.requests.map((r) => r.path)).toEqual(['/api/feed?cursor=', '/api/feed?cursor=2', '/api/feed?cursor=4']);
  });

  it('stops a pagination loop (the same cursor again) with a dead letter and an error, keeping what it read', async () => {
    const s = source({ url: `${server.url}/api/loop?cursor={cursor}`, itemsPath: 'data', pagination: { type: 'cursor', cursorPath: 'paging.next' } });
    await expect(s.run(h.context(s))).rejects.toThrow(/在第 2 页再次返回游标“same-cursor”，翻页出现循环/);
    expect(server.requests).toHaveLength(2);
    expect(h.items()).toHaveLength(2);
    expect(h.deadLetters()[0]!.reason).toMatch(/^county-board：接口在第 2 页再次返回游标“same-cursor”/);
    // The checkpoint does not move on a run cut short: nothing is skipped next time.
    expect(h.state.checkpoint('county-board', 'since')).toBeUndefined();
  });

  it('stops at the hard page limit when the API never ends', async () => {
    const s = source({ url: `${server.url}/api/endless?cursor={cursor}`, itemsPath: 'data', pagination: { type: 'cursor', cursorPath: 'paging.next' }, maxPages: 4 });
    await expect(s.run(h.context(s))).rejects.toThrow(/已达到 4 页的翻页上限/);
    expect(server.requests).toHaveLength(4);
    expect(h.deadLetters()).toHaveLength(1);
  });

  it('retries a server that answers 500 and then records the failure', async () => {
    const s = source({ url: `${server.url}/api/broken?page={page}` });
    await expect(s.run(h.context(s))).rejects.toThrow(/HTTP 500 \(after 3 attempts\)/);
    expect(server.requests).toHaveLength(3);
  });

  it('times out a slow API', async () => {
    const s = source({ url: `${server.url}/api/slow?page={page}`, fetch: { retries: 0, timeoutMs: 100 } });
    await expect(s.run(h.context(s))).rejects.toThrow(/timed out after 100 ms/);
  });

  it('dead-letters each element it cannot map, with the reason, and publishes the rest', async () => {
    const s = source({ url: `${server.url}/api/bad-items`, itemsPath: 'data', pagination: { type: 'none' } });
    const counters = emptyCounters();
    await s.run(h.context(s, counters));
    expect(h.items().map((i) => i.text)).toEqual(['好']);
    expect(h.deadLetters().map((d) => d.reason)).toEqual([
      `${server.url}/api/bad-items 第 1 条：“body”处没有正文`,
      `${server.url}/api/bad-items 第 2 条：“ts”处的“yesterday”不是有效的时间`,
    ]);
    expect(counters).toEqual({ items: 1, unchanged: 0, deadLetters: 2 });
  });

  itPublishedNothingUnmasked();
});
