import iconv from 'iconv-lite';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PageSiteSource, type PageSiteOptions } from '../../services/collector/page-site-source.ts';
import { CollectorHarness, itPublishedNothingUnmasked } from './support/collector-harness.ts';
import { startFixtureServer, type FixtureServer } from './support/fixture-server.ts';
import { articlePage, listPage, sharedDocument } from './support/gov-site.ts';

const JINYUN = sharedDocument('jinyun-2021-zhengwu-gongkai-yaodian.txt');
const KAZUO = sharedDocument('kazuo-2021-zhengwu-gongkai-yaodian.txt');
const ZHEJIANG = sharedDocument('zhejiang-2020-jiceng-zhengwu-gongkai.txt');

const gbk = (html: string) => iconv.encode(html, 'gbk');

describe('public pages: list page → article pages', () => {
  let server: FixtureServer;
  let h: CollectorHarness;
  let views = 100;
  let jinyunBody = JINYUN;
  let waits: number[] = [];

  beforeAll(async () => {
    server = await startFixtureServer({
      '/robots.txt': (_req, res) => void res.writeHead(200, { 'content-type': 'text/plain' }).end('User-agent: *\nDisallow: /internal/\nAllow: /internal/public-\n'),
      '/zwgk/zcwj/': (_req, res) =>
        void res.writeHead(200, { 'content-type': 'text/html' }).end(
          gbk(
            listPage([
              { href: 'art/2021/5/20/jinyun.html', title: '缙云县2021年政务公开工作要点', date: '2021-05-20' },
              { href: '/zwgk/zcwj/art/kazuo.html#top', title: '喀左县2021年政务公开工作要点', date: '2021-07-07' },
              { href: 'art/zhejiang.html', title: '浙江省基层政务公开标准化规范化', date: '2020-09-30' },
            ]),
          ),
        ),
      '/zwgk/zcwj/art/2021/5/20/jinyun.html': (_req, res) =>
        void res.writeHead(200, { 'content-type': 'text/html; charset=gbk' }).end(
          gbk(articlePage({ title: '缙云县人民政府办公室关于印发2021年缙云县政务公开工作要点的通知', date: '2021-05-20 10:30', body: jinyunBody, views, spam: true, attachments: [{ href: '/attach/2021-yaodian.pdf', name: '2021年缙云县政务公开工作要点.pdf' }] })),
        ),
      // With an ETag: the second run is answered 304.
      '/zwgk/zcwj/art/kazuo.html': (req, res) => {
        if (req.headers['if-none-match'] === '"kz1"') return void res.writeHead(304).end();
        res.writeHead(200, { 'content-type': 'text/html', etag: '"kz1"' }).end(gbk(articlePage({ title: '喀左县2021年政务公开工作要点', date: '2021年7月7日', body: KAZUO, views })));
      },
      // Mislabeled: the header says UTF-8, the bytes are GBK.
      '/zwgk/zcwj/art/zhejiang.html': (_req, res) =>
        void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(gbk(articlePage({ title: '浙江省基层政务公开标准化规范化实施意见', date: '2020-09-30', body: ZHEJIANG, views }))),
      // Hostile and odd cases, listed by /hostile/.
      '/hostile/': (_req, res) =>
        void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(
          listPage(
            [
              { href: '/hostile/huge.html', title: '超大页面', date: '2026-11-24' },
              { href: '/hostile/loop.html', title: '重定向循环', date: '2026-11-24' },
              { href: '/hostile/slow.html', title: '很慢', date: '2026-11-24' },
              { href: '/internal/secret.html', title: '内部', date: '2026-11-24' },
              { href: '/hostile/big5.html', title: '繁體', date: '2026-11-24' },
            ],
            'utf-8',
          ),
        ),
      '/hostile/huge.html': (_req, res) => void res.writeHead(200, { 'content-type': 'text/html' }).end(Buffer.alloc(20 * 1024 * 1024, 0x20)),
      '/hostile/loop.html': (_req, res) => void res.writeHead(302, { location: '/hostile/loop2.html' }).end(),
      '/hostile/loop2.html': (_req, res) => void res.writeHead(302, { location: '/hostile/loop.html' }).end(),
      '/hostile/slow.html': (_req, res) => void setTimeout(() => res.writeHead(200).end('<p>迟到</p>'), 2000),
      '/internal/secret.html': (_req, res) => void res.writeHead(200).end('<p>不该被抓取</p>'),
      '/hostile/big5.html': (_req, res) =>
        void res
          .writeHead(200, { 'content-type': 'text/html' })
          .end(iconv.encode(articlePage({ title: '縣人民政府辦公室關於印發政務公開工作要點的通知', date: '2021-06-01', body: '各鄉鎮人民政府、街道辦事處：\n\n現將《政務公開工作要點》印發給你們，請認真組織實施。', views, charset: 'big5' }), 'big5')),
    });
  });
  afterAll(() => server.close());
  beforeEach(async () => {
    h = await CollectorHarness.create();
    views = 100;
    jinyunBody = JINYUN;
    waits = [];
    server.requests.length = 0;
  });
  afterEach(() => h.close());

  const site = (over: Partial<PageSiteOptions> = {}) =>
    new PageSiteSource({
      name: 'jinyun-gov',
      schedule: '0 */2 * * *',
      site: '缙云县人民政府',
      column: '政策文件',
      listUrls: [`${server.url}/zwgk/zcwj/`],
      linkSelector: 'ul.news-list a',
      maxArticles: 20,
      delayMs: 500,
      respectRobots: true,
      fetch: {
        retries: 0,
        timeoutMs: 300,
        maxBytes: 2 * 1024 * 1024,
        maxRedirects: 3,
        // Waiting moves the fixed clock, so the throttle sees the time pass.
        sleep: async (ms) => {
          waits.push(ms);
          h.clock += ms;
        },
      },
      ...over,
    });

  it('reads every article of a GBK list page, with title, date, 文号, 发布机关 and attachments, and no page furniture', async () => {
    const s = site();
    await s.run(h.context(s));
    const items = h.items();
    expect(items.map((i) => i.title)).toEqual([
      '缙云县人民政府办公室关于印发2021年缙云县政务公开工作要点的通知',
      '喀左县2021年政务公开工作要点',
      '浙江省基层政务公开标准化规范化实施意见',
    ]);
    const jinyun = items[0]!;
    expect(jinyun).toMatchObject({
      source: { kind: 'page', name: 'jinyun-gov' },
      externalId: `${server.url}/zwgk/zcwj/art/2021/5/20/jinyun.html`,
      publishedAt: '2021-05-20T10:30:00.000+08:00',
      attrs: {
        site: '缙云县人民政府',
        column: '政策文件',
        文号: '缙政办发〔2021〕25号',
        发布机关: '缙云县人民政府办公室',
        attachments: [`${server.url}/attach/2021-yaodian.pdf`],
        attachmentNames: ['2021年缙云县政务公开工作要点.pdf'],
        charset: 'gb18030',
      },
    });
    expect(jinyun.text).toContain('2021年缙云县政务公开工作的总体要求是');
    for (const furniture of ['当前位置', '浏览次数', '字体', '打印本页', '关闭窗口', '分享到', '版权所有', '娱乐城', '百家乐', '首页']) {
      expect(jinyun.text).not.toContain(furniture);
    }
    // The link with a fragment is the same page without it.
    expect(items[1]!.externalId).toBe(`${server.url}/zwgk/zcwj/art/kazuo.html`);
    expect(items[1]!.publishedAt).toBe('2021-07-07T00:00:00.000+08:00');
    expect(items[1]!.attrs['文号']).toBe('喀政办发〔2021〕27号');
  });

  it('decodes a page whose header says UTF-8 but whose bytes are GBK', async () => {
    const s = site();
    await s.run(h.context(s));
    const zhejiang = h.items()[2]!;
    expect(zhejiang.text).toContain('基层政务公开');
    expect(zhejiang.text).not.toContain('\ufffd');
  });

  it('a new view count changes nothing; an edited article becomes the next revision', async () => {
    const s = site();
    await s.run(h.context(s));
    views = 101;
    await s.run(h.context(s));
    expect(h.items()).toHaveLength(3);
    jinyunBody = JINYUN.replace('坚持以人民为中心的理念', '坚持以人民为中心的发展思想');
    await s.run(h.context(s));
    expect(h.items()).toHaveLength(4);
    expect(h.items()[3]).toMatchObject({ title: '缙云县人民政府办公室关于印发2021年缙云县政务公开工作要点的通知', revision: 2 });
    expect(h.items()[3]!.text).toContain('坚持以人民为中心的发展思想');
  });

  it('asks again with the ETag of an article and leaves an unchanged one (304) alone', async () => {
    const s = site();
    await s.run(h.context(s));
    await s.run(h.context(s));
    const kazuoRequests = server.requests.filter((r) => r.path === '/zwgk/zcwj/art/kazuo.html');
    expect(kazuoRequests.map((r) => r.headers['if-none-match'])).toEqual([undefined, '"kz1"']);
  });

  it('keeps requests to one host at least the delay apart', async () => {
    const s = site();
    await s.run(h.context(s));
    // robots.txt, the list and three articles: five requests, four waits of the full delay.
    expect(server.requests).toHaveLength(5);
    expect(waits).toEqual([500, 500, 500, 500]);
  });

  it('every hostile article ends in a dead letter with its reason, and the good one is still read', async () => {
    const s = site({ listUrls: [`${server.url}/hostile/`] });
    await s.run(h.context(s));
    const reasons = h.deadLetters().map((d) => d.reason);
    expect(reasons).toEqual([
      expect.stringMatching(/huge\.html: .*exceeds the limit of 2097152 bytes/),
      expect.stringMatching(/loop\.html: .*redirect/),
      expect.stringMatching(/slow\.html: .*timed out after 300 ms/),
      `${server.url}/internal/secret.html：robots.txt 禁止抓取此路径`,
    ]);
    expect(server.requests.some((r) => r.path === '/internal/secret.html')).toBe(false);
    // The Traditional-Chinese page in Big5 is read as it is; the analyzer converts it.
    expect(h.items()).toHaveLength(1);
    expect(h.items()[0]!.title).toBe('縣人民政府辦公室關於印發政務公開工作要點的通知');
    expect(h.items()[0]!.text).toContain('現將《政務公開工作要點》印發給你們');
  });

  it('dates an undated page when first seen and keeps that date, so it is not a new revision each run', async () => {
    server.route('/undated/', (_req, res) => void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<ul class="news-list"><li><a href="/undated/1.html">公告</a></li></ul>'));
    server.route('/undated/1.html', (_req, res) => void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<h1>公告</h1><div><p>县图书馆周一闭馆。</p><p>浏览次数：${views}</p></div>`));
    const s = site({ listUrls: [`${server.url}/undated/`] });
    await s.run(h.context(s));
    h.clock += 86_400_000;
    views += 1;
    await s.run(h.context(s));
    expect(h.items()).toHaveLength(1);
    // First seen after two throttle waits of 500 ms (robots.txt, list page) on the fixed clock.
    expect(h.items()[0]).toMatchObject({ publishedAt: '2026-11-24T10:00:01.000+08:00', text: '县图书馆周一闭馆。' });
  });

  it('uses the site’s selectors when given', async () => {
    const s = site({ article: { title: '.art-title', body: '.art-content', date: '.art-info' } });
    await s.run(h.context(s));
    expect(h.items()[0]!.text.startsWith('缙云县人民政府办公室文件')).toBe(true);
  });

  itPublishedNothingUnmasked();
});
