import iconv from 'iconv-lite';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FeedSource } from '../../services/collector/feed-source.ts';
import { CollectorHarness, itPublishedNothingUnmasked } from './support/collector-harness.ts';
import { startFixtureServer, type FixtureServer } from './support/fixture-server.ts';

const RSS = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
<title>缙云县政府门户网站 · 县长信箱</title>
<item><title>关于壶镇镇工地拖欠工资的反映</title><link>http://example.gov.cn/xx/1.html</link>
<guid>mail-1</guid><pubDate>Tue, 24 Nov 2026 09:15:00 +0800</pubDate><dc:creator>王建国</dc:creator>
<description><![CDATA[<p>包工头拖欠工资四个月，<b>请求</b>帮助。电话 13905781100</p>]]></description></item>
<item><title>建议增开公交线路</title><link>http://example.gov.cn/xx/2.html</link>
<pubDate>Mon, 23 Nov 2026 16:00:00 +0800</pubDate><description>新碧街道到县城的公交班次太少。</description></item>
<item><title>没有日期</title><guid>mail-3</guid><description>内容</description></item>
</channel></rss>`;

const ATOM = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>舆情留言</title>
<entry><id>tag:example.gov.cn,2026:msg-9</id><title>垃圾清运不及时</title>
<link rel="alternate" href="http://example.gov.cn/msg/9"/><updated>2026-11-24T08:00:00+08:00</updated>
<author><name>李梅</name></author><content type="html">&lt;p&gt;五云街道垃圾三天没人清运，身份证 330781199001011234 的住户多次反映&lt;/p&gt;</content></entry>
</feed>`;

describe('RSS and Atom comment sources', () => {
  let server: FixtureServer;
  let h: CollectorHarness;

  beforeAll(async () => {
    server = await startFixtureServer({
      '/rss': (req, res) => {
        if (req.headers['if-none-match'] === '"v1"') return void res.writeHead(304).end();
        res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag: '"v1"' }).end(RSS);
      },
      '/atom': (_req, res) => void res.writeHead(200, { 'content-type': 'application/atom+xml' }).end(ATOM),
      // GBK, declared only in the XML prolog, with no charset in the header.
      '/gbk-rss': (_req, res) =>
        void res.writeHead(200, { 'content-type': 'text/xml' }).end(iconv.encode(RSS.replace('encoding="UTF-8"', 'encoding="GBK"').replace('王建国', '镕钰堃'), 'gbk')),
      '/not-a-feed': (_req, res) => void res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>维护中</body></html>'),
    });
  });
  afterAll(() => server.close());
  beforeEach(async () => {
    h = await CollectorHarness.create();
  });
  afterEach(() => h.close());

  const feed = (path: string) => new FeedSource({ name: 'mayor-mailbox', schedule: '*/10 * * * *', url: `${server.url}${path}`, fetch: { retries: 0 } });

  it('reads RSS items as comments with text from their HTML, masked, and dead-letters an item without a date', async () => {
    const s = feed('/rss');
    await s.run(h.context(s));
    expect(h.items()).toHaveLength(2);
    expect(h.items()[0]).toMatchObject({
      source: { kind: 'comment', name: 'mayor-mailbox' },
      externalId: 'mail-1',
      url: 'http://example.gov.cn/xx/1.html',
      title: '关于壶镇镇工地拖欠工资的反映',
      text: '包工头拖欠工资四个月，请求帮助。电话 139****1100',
      publishedAt: '2026-11-24T09:15:00.000+08:00',
      author: { display: '王**' },
    });
    // No guid: the link identifies the item.
    expect(h.items()[1]!.externalId).toBe('http://example.gov.cn/xx/2.html');
    expect(h.deadLetters().map((d) => d.reason)).toEqual([`${server.url}/rss：条目 mail-3：时间“”不是有效的日期`]);
  });

  it('asks with the ETag of the last run, and an unchanged feed (304) publishes nothing', async () => {
    const s = feed('/rss');
    await s.run(h.context(s));
    const before = h.bus.published.length;
    await s.run(h.context(s));
    expect(server.requests.at(-1)!.headers['if-none-match']).toBe('"v1"');
    expect(h.bus.published.length).toBe(before);
  });

  it('reads Atom entries with the alternate link, author name and HTML content', async () => {
    const s = feed('/atom');
    await s.run(h.context(s));
    expect(h.items()[0]).toMatchObject({
      externalId: 'tag:example.gov.cn,2026:msg-9',
      url: 'http://example.gov.cn/msg/9',
      text: '五云街道垃圾三天没人清运，身份证 330***********1234 的住户多次反映',
      author: { display: '李*' },
    });
  });

  it('decodes a GBK feed declared only in its XML prolog', async () => {
    const s = feed('/gbk-rss');
    await s.run(h.context(s));
    expect(h.items()[0]!.author!.display).toBe('镕**');
    expect(h.items()[0]!.title).toBe('关于壶镇镇工地拖欠工资的反映');
  });

  it('a page that is not a feed is a dead letter and a failed run', async () => {
    const s = feed('/not-a-feed');
    await expect(s.run(h.context(s))).rejects.toThrow(/既不是 RSS 也不是 Atom 订阅源/);
    expect(h.deadLetters()).toHaveLength(1);
  });

  itPublishedNothingUnmasked();
});
