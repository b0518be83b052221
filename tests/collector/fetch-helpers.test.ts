import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { CollectorState } from '../../services/collector/collector-state.ts';
import { decodeBody } from '../../services/collector/decode-body.ts';
import { HostThrottle } from '../../services/collector/host-throttle.ts';
import { parseRobots, robotsAllows } from '../../services/collector/robots-txt.ts';

describe('robots.txt', () => {
  const robots = `# 政府网站
User-agent: Baiduspider
Disallow: /

User-agent: *
Disallow: /admin/
Disallow: /*.php$
Allow: /admin/public/

User-agent: yuqing-collector
User-agent: other-bot
Disallow: /zwgk/private
`;

  it('follows the group naming our agent over the * group', () => {
    const rules = parseRobots(robots);
    expect(robotsAllows(rules, '/admin/x.html')).toBe(true);
    expect(robotsAllows(rules, '/zwgk/private/1.html')).toBe(false);
  });

  it('uses the * group otherwise: the longest rule wins, Allow wins a tie, * and $ are patterns', () => {
    const rules = parseRobots(robots, 'some-other-agent');
    expect(robotsAllows(rules, '/admin/x.html')).toBe(false);
    expect(robotsAllows(rules, '/admin/public/notice.html')).toBe(true);
    expect(robotsAllows(rules, '/search/index.php')).toBe(false);
    expect(robotsAllows(rules, '/search/index.php?q=1')).toBe(true);
    expect(robotsAllows(rules, '/zwgk/1.html')).toBe(true);
  });

  it('an empty robots.txt allows everything', () => {
    expect(robotsAllows(parseRobots(''), '/anything')).toBe(true);
  });
});

describe('host throttle', () => {
  it('queues concurrent requests to one host a delay apart and leaves other hosts alone', async () => {
    let clock = 0;
    const waits: number[] = [];
    const throttle = new HostThrottle(
      () => clock,
      async (ms) => void waits.push(ms),
    );
    await Promise.all(['http://a.gov.cn/1', 'http://a.gov.cn/2', 'http://b.gov.cn/1', 'http://a.gov.cn/3'].map((u) => throttle.wait(u, 1000)));
    expect(waits).toEqual([1000, 2000]);
    clock = 10_000;
    waits.length = 0;
    await throttle.wait('http://a.gov.cn/4', 1000);
    expect(waits).toEqual([]);
  });
});

describe('decoding fetched pages', () => {
  const text = '缙云县人民政府关于镕钰堃垚的通知';

  it('decodes GBK labeled UTF-8, UTF-8 labeled GBK, unlabeled GBK and declared Big5', () => {
    expect(decodeBody('text/html; charset=utf-8', iconv.encode(text, 'gbk')).text).toBe(text);
    expect(decodeBody('text/html; charset=gb2312', Buffer.from(text, 'utf8'))).toEqual({ text, charset: 'utf8' });
    expect(decodeBody(undefined, iconv.encode(`<html>${text}</html>`, 'gbk')).charset).toBe('gb18030');
    const big5 = iconv.encode('<meta charset="big5"><p>縣人民政府辦公室</p>', 'big5');
    expect(decodeBody('text/html', big5).text).toContain('縣人民政府辦公室');
  });
});

describe('collector state checkpoints', () => {
  it('survive a restart, per source and key, and undefined clears one', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'yuqing-state-')), 'collector.sqlite');
    const first = new CollectorState(path);
    first.setCheckpoints('board', { since: '1795485600000', etag: '"v1"' });
    first.setCheckpoints('rss', { etag: '"r9"' });
    first.close();
    const again = new CollectorState(path);
    expect(again.checkpoint('board', 'since')).toBe('1795485600000');
    expect(again.checkpoint('rss', 'etag')).toBe('"r9"');
    again.setCheckpoints('board', { etag: undefined });
    expect(again.checkpoint('board', 'etag')).toBeUndefined();
    expect(again.checkpoint('board', 'since')).toBe('1795485600000');
    again.close();
  });
});
