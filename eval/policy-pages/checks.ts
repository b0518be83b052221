/**
 * What a reader expects of the fixture policy pages, each check run through the whole path the
 * product takes (decode → extract → item → normalize → policy). A check returns what was wrong,
 * or undefined when it passes; `npm run eval` lists them and tests/unit/policy-pages.test.ts
 * asserts each.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { PolicyDocument, PolicyTask } from '../../shared/domain/policy-document.ts';
import { CRAWL_TIME, FIXTURE_PAGES, readFixturePage, readPolicyPage, type ReadPage } from './read-page.ts';

export interface PolicyPageCheck {
  name: string;
  /** What differs from the expectation; undefined when the check passes. */
  failure: () => string | undefined;
}

const TRADITIONAL = 'jinyun-2021-traditional.html';
const GBK = 'lishui-2020-joint-gbk.html';
const INDEX_TABLE = 'kazuo-2021-index-table.html';

const cache = new Map<string, ReadPage>();
const page = (file: string): ReadPage => {
  let read = cache.get(file);
  if (!read) cache.set(file, (read = readFixturePage(file)));
  return read;
};
const policy = (file: string): PolicyDocument => {
  const p = page(file).policy;
  if (!p) throw new Error(`${file} was not read as a policy document`);
  return p;
};
const task = (file: string, ref: string): PolicyTask | undefined => policy(file).tasks.find((t) => t.ref === ref);

/** The first of several findings that is not undefined. */
const first = (...found: (string | undefined)[]): string | undefined => found.find((f) => f !== undefined);
const same = (what: string, actual: unknown, expected: unknown): string | undefined =>
  isDeepStrictEqual(actual, expected) ? undefined : `${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`;
const absent = (what: string, text: string, words: string[]): string | undefined => {
  const left = words.filter((w) => text.includes(w));
  return left.length ? `${what} still holds ${left.join(', ')}` : undefined;
};
const present = (what: string, text: string, words: string[]): string | undefined => {
  const missing = words.filter((w) => !text.includes(w));
  return missing.length ? `${what} lost ${missing.join(', ')}` : undefined;
};
const day = (iso: string): string => iso.slice(0, 10);

/** A page with one passage per paragraph, `paragraphs` of them (about 280 characters each). */
function largePage(paragraphs: number): Buffer {
  const body = Array.from(
    { length: paragraphs },
    (_, i) =>
      `<p>（${i + 1}）加强第${i + 1}项重点领域信息公开。各单位要按照统一部署，及时公开办事指南、办事流程、监督举报方式等信息，确保公开内容准确完整、更新及时，方便群众查阅和监督，切实提升政务公开工作的规范化、标准化、便利化水平，推动各项工作任务落地见效。（县政府办公室牵头负责）</p>`,
  ).join('\n');
  return Buffer.from(`<html><head><meta charset="utf-8"><title>大页面</title></head><body><div class="zw_nr"><p>发布时间：2021-07-19</p>${body}</div></body></html>`);
}

export const POLICY_PAGE_CHECKS: PolicyPageCheck[] = [
  {
    name: 'Traditional page: breadcrumb "> 信息公開 > 信息公開政策", 信息來源 and 瀏覽次數 line, 【打印】【關閉】 字號 bar and share bar removed',
    failure: () => absent('text', page(TRADITIONAL).item.text, ['> 信息公開', '信息來源', '瀏覽次數', '【打印】', '字號', '分享到']),
  },
  {
    name: 'Traditional page: lottery spam line without a link removed, and not in the last task',
    failure: () =>
      first(
        absent('text', page(TRADITIONAL).item.text, ['新葡京', '百家樂', '彩金']),
        absent('last task', policy(TRADITIONAL).tasks.at(-1)?.detail ?? '', ['葡京', '百家乐', '彩金']),
      ),
  },
  {
    name: 'Traditional page: "發布時間: 2021- 07- 19" is the page date and the document date, not the crawl time',
    failure: () => first(same('page date', day(page(TRADITIONAL).item.publishedAt), '2021-07-19'), same('document date', policy(TRADITIONAL).date, '2021-07-19')),
  },
  {
    name: 'Traditional page: all 25 tasks found, "各有关单位分别负责" and the like kept as role leads (6 tasks)',
    failure: () =>
      first(
        same('tasks', policy(TRADITIONAL).tasks.length, 25),
        same('role-led tasks', policy(TRADITIONAL).tasks.filter((t) => t.leadRoles).length, 6),
        same('一、（六）', [task(TRADITIONAL, '一、（六）')?.lead, task(TRADITIONAL, '一、（六）')?.leadRoles], [[], ['各有关单位']]),
      ),
  },
  {
    name: 'GBK page: decoded from GB2312-declared bytes',
    failure: () => first(same('charset', page(GBK).charset, 'gb18030'), present('text', page(GBK).item.text, ['中共丽水市委办公室'])),
  },
  {
    name: 'GBK page: 当前位置 breadcrumb, 来源/阅读量 meta bar, 【字体：大 中 小】【打印本页】 bar and 扫一扫 removed',
    failure: () => absent('text', page(GBK).item.text, ['当前位置', '阅读量', '【字体', '打印本页', '扫一扫']),
  },
  {
    name: 'GBK page: casino spam with a link and lottery spam without one removed; the 福利彩票 policy sentence kept',
    failure: () =>
      first(
        absent('text', page(GBK).item.text, ['金沙娱乐城', 'js3778', '注册送']),
        present('text', page(GBK).item.text, ['重点公开福利彩票公益金使用情况和体育彩票销售管理信息。']),
      ),
  },
  {
    name: 'GBK page: full-width "发布日期：２０２０年０４月２２日" is the page date; the signature date 2020-04-20 the document date',
    failure: () => first(same('page date', day(page(GBK).item.publishedAt), '2020-04-22'), same('document date', policy(GBK).date, '2020-04-20')),
  },
  {
    name: 'GBK page: joint issuers 中共丽水市委办公室 and 丽水市人民政府办公室 both kept',
    failure: () => same('issuers', [policy(GBK).issuer, policy(GBK).coIssuers], ['中共丽水市委办公室', ['丽水市人民政府办公室']]),
  },
  {
    name: 'GBK page: "（市政府各部门，各区、县〔市〕政府分别负责）" and "（各部门分别负责）" give role leads',
    failure: () =>
      first(
        same('二、（五）', [task(GBK, '二、（五）')?.lead, task(GBK, '二、（五）')?.leadRoles], [[], ['市政府各部门', '各区、县（市）政府']]),
        same('二、（二）', task(GBK, '二、（二）')?.leadRoles, ['各部门']),
      ),
  },
  {
    name: 'GBK page: the heading "（一）加强组织领导" does not take its passage as its own task; the signature stays out of the last task',
    failure: () =>
      first(
        same('三、（一） lead', task(GBK, '三、（一）')?.lead, ['市政府办公室']),
        task(GBK, '三、（一）')?.text.startsWith('在省政务公开领导小组领导下') ? undefined : `三、（一） text is "${task(GBK, '三、（一）')?.text}"`,
        absent('last task', policy(GBK).tasks.at(-1)?.detail ?? '', ['丽水市人民政府办公室']),
      ),
  },
  {
    name: 'Index-table page: 发布日期 (2021-07-09) is the page date, the signature (2021-07-07) the document date; 21 tasks',
    failure: () =>
      first(
        same('page date', day(page(INDEX_TABLE).item.publishedAt), '2021-07-09'),
        same('document date', policy(INDEX_TABLE).date, '2021-07-07'),
        same('tasks', policy(INDEX_TABLE).tasks.length, 21),
      ),
  },
  {
    name: 'Undated page: marked undated, and its document takes no date from the crawl time',
    failure: () => {
      const html = readFileSync(resolve(FIXTURE_PAGES, TRADITIONAL), 'utf8').replace(/發布時間:[^&]*/, '');
      const read = readPolicyPage(Buffer.from(html));
      return first(
        same('item date', Date.parse(read.item.publishedAt), CRAWL_TIME),
        same('undated', read.item.attrs['undated'], true),
        same('document date', read.policy?.date, undefined),
      );
    },
  },
  {
    name: 'Bad input: an empty page gives no text and no document',
    failure: () => {
      const read = readPolicyPage(Buffer.alloc(0));
      return first(same('text', read.item.text, ''), same('policy', read.policy, undefined));
    },
  },
  {
    name: 'Bad input: an emoji-only page keeps its emoji and gives no document',
    failure: () => {
      const read = readPolicyPage(Buffer.from('<html><body><div><p>😀😀🎉🎉👍</p></div></body></html>'));
      return first(same('text', read.item.text, '😀😀🎉🎉👍'), same('policy', read.policy, undefined));
    },
  },
  {
    name: 'Bad input: a 1 MB page is read in under 10 s with all its tasks up to the analyzed length',
    failure: () => {
      const bytes = largePage(2700);
      const started = performance.now();
      const read = readPolicyPage(bytes);
      const seconds = (performance.now() - started) / 1000;
      const tasks = read.policy?.tasks.length ?? 0;
      return first(
        bytes.length >= 1_000_000 ? undefined : `page is only ${bytes.length} bytes`,
        seconds < 10 ? undefined : `took ${seconds.toFixed(1)} s`,
        tasks > 100 && read.policy?.tasks.every((t) => t.lead[0] === '县政府办公室') ? undefined : `${tasks} tasks`,
      );
    },
  },
  {
    name: 'Bad input: mixed Traditional and Simplified lines, furniture in both, read as one Simplified document',
    failure: () => {
      const html = `<html><body><div><p>當前位置：首頁 > 通知公告</p><p>发布时间：2021-07-19 来源：县政府办</p>
<p>（一）加強組織領導。各單位要明確責任。（縣政府辦公室牽頭負責）</p><p>（二）做好信息公开。及时公开办事指南。（各部门分别负责）</p><p>【打印本页】【关闭窗口】</p></div></body></html>`;
      const read = readPolicyPage(Buffer.from(html));
      return first(
        absent('text', read.item.text, ['當前位置', '来源', '打印本页']),
        same(
          'tasks',
          read.policy?.tasks.map((t) => [t.text, t.lead, t.leadRoles]),
          [
            ['加强组织领导', ['县政府办公室'], undefined],
            ['做好信息公开', [], ['各部门']],
          ],
        ),
        same('document date', read.policy?.date, '2021-07-19'),
      );
    },
  },
];
