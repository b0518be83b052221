import { addWorkingDays } from '../../../shared/calendar/working-days.ts';
import type { PolicyDeadline } from '../../../shared/domain/policy-document.ts';
import { CHINA_OFFSET_MS, toChinaIso } from '../../../shared/domain/time.ts';
import { chineseNumber } from './numbers.ts';

const DAY_MS = 86_400_000;
const CN = '[一二三四五六七八九十两]{1,3}';
const BEFORE = '(?:前|之前|以前)';

type Due = Omit<PolicyDeadline, 'text'>;

/** Where a deadline phrase stands: in a 时限 field, or inside running text. */
export type DeadlinePlace = 'field' | 'body';

interface Context {
  /** The document's date, YYYY-MM-DD. */
  docDate: string | undefined;
  place: DeadlinePlace;
}

/** The end of a China calendar day, or undefined when the day does not exist (2月30日). */
export function endOfDay(y: number, m: number, d: number): string | undefined {
  const utc = Date.UTC(y, m - 1, d);
  const check = new Date(utc);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== m - 1 || check.getUTCDate() !== d) return undefined;
  return toChinaIso(utc - CHINA_OFFSET_MS + DAY_MS - 1);
}

export const lastDayOf = (y: number, m: number): number => new Date(Date.UTC(y, m, 0)).getUTCDate();

function ymd(date: string): [number, number, number] {
  return [Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10))];
}

function due(y: number, m: number, d: number): Due {
  const at = endOfDay(y, m, d);
  return at ? { dueAt: at } : { reason: `${y}年${m}月${d}日不是有效日期` };
}

/** A date without a year belongs to the document's year; one that falls before the document is not guessed. */
function inDocYear(ctx: Context, m: number, d: (y: number) => number): Due {
  if (!ctx.docDate) return { reason: '未写明年份，文件日期不明' };
  const [y] = ymd(ctx.docDate);
  const at = endOfDay(y, m, d(y));
  if (!at) return { reason: `${m}月不是有效月份` };
  if (at.slice(0, 10) < ctx.docDate) return { reason: `未写明年份，且早于文件日期${ctx.docDate}` };
  return { dueAt: at };
}

const num = (s: string | undefined): number | undefined => (s === undefined ? undefined : /^\d+$/.test(s) ? Number(s) : chineseNumber(s));

/** Adds a span to the end of a start day (YYYY-MM-DD): calendar days, months (clamped to month end) or working days. */
export function addSpan(start: string, n: number, unit: string): Due {
  const [y, m, d] = ymd(start);
  if (unit.includes('工作日')) {
    const r = addWorkingDays(Date.parse(`${start}T12:00:00+08:00`), n);
    return r.known ? { dueAt: r.dueAt } : { reason: r.reason };
  }
  if (unit.includes('月') || unit === '年') {
    const months = unit === '年' ? 12 * n : n;
    const ty = y + Math.floor((m - 1 + months) / 12);
    const tm = ((m - 1 + months) % 12) + 1;
    return due(ty, tm, Math.min(d, lastDayOf(ty, tm)));
  }
  const days = /周|星期/.test(unit) ? 7 * n : n;
  const t = new Date(Date.UTC(y, m - 1, d) + days * DAY_MS);
  return due(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

/** Anchors that name this document itself: "自本通知印发之日起", "印发后". */
const DOC_ANCHOR = /^(?:自|从|在|于)?(?:本(?:通知|意见|实施意见|方案|要点|办法|文件|计划))?(?:印发|下发|发布|出台)(?:之日起|之日|后|以后|之后|起)?$/;
const DATED_ANCHOR = /(\d{4})年(\d{1,2})月(\d{1,2})日(?:起|后|以后|之后)?$/;
const LEADING_CONNECTIVES = /^(?:并|且|要|应|须|需|均|必须|应当|务必|确保|力争|争取|原则上)+/;

interface Form {
  re: RegExp;
  /** Whether the clause before the phrase belongs to it ("在征求活动结束后" 1个月内). */
  anchored?: boolean;
  resolve(m: RegExpExecArray, ctx: Context, anchor: string, sentenceStart: boolean): Due;
}

/** Deadline forms, each with how it becomes a date. Yearless forms take the document's year. */
const FORMS: readonly Form[] = [
  {
    re: new RegExp(`(?<!\\d)(\\d{4})年(\\d{1,2})月(\\d{1,2})日${BEFORE}`, 'g'),
    resolve: (m) => due(+m[1]!, +m[2]!, +m[3]!),
  },
  {
    // 2020年9月底前, 9月底前, 九月底: the last day of that month.
    re: new RegExp(`(?<![\\d一二三四五六七八九十个])(?:(\\d{4})年)?(\\d{1,2}|${CN})月(?:份)?(?:底|末)${BEFORE}?`, 'g'),
    resolve: (m, ctx) => {
      const month = num(m[2]) ?? 0;
      if (month < 1 || month > 12) return { reason: `${m[2]}月不是有效月份` };
      return m[1] ? due(+m[1], month, lastDayOf(+m[1], month)) : inDocYear(ctx, month, (y) => lastDayOf(y, month));
    },
  },
  {
    // 2021年底前, 2021年年底, 年底前, 今年底前, 2021年内, 年内.
    re: new RegExp(`(?<!\\d)(\\d{4})年(?:年?(?:底|末)${BEFORE}?|内)|(?<![\\d一二三四五六七八九十两个多几半])(?:今|本)?年(?:(?:底|末)${BEFORE}|度?内)`, 'g'),
    resolve: (m, ctx) => (m[1] ? due(+m[1], 12, 31) : inDocYear(ctx, 12, () => 31)),
  },
  {
    re: new RegExp(`(?:(\\d{4})年)?(上半年|下半年|第?[一二三四1-4]季度)(?:底|末)?(?:${BEFORE}|内)`, 'g'),
    resolve: (m, ctx) => {
      const part = m[2]!;
      const month = part === '上半年' ? 6 : part === '下半年' ? 12 : 3 * (num(part.replace(/第|季度/g, '')) ?? 4);
      return m[1] ? due(+m[1], month, lastDayOf(+m[1], month)) : inDocYear(ctx, month, (y) => lastDayOf(y, month));
    },
  },
  {
    // 7个工作日内, 1个月内, 15日内, 半年内: counted from an anchor the text names, or from the document.
    anchored: true,
    re: new RegExp(`(?:(?<!\\d)(\\d{1,3})|(${CN}))(个工作日|工作日|个自然日|自然日|个月|个星期|周|日|天|年)(?:内|之内|以内)|(半年|半个月)(?:内|之内|以内)`, 'g'),
    resolve: (m, ctx, anchor, sentenceStart) => {
      const [n, unit] = m[4] ? (m[4] === '半年' ? [6, '个月'] : [15, '日']) : [num(m[1] ?? m[2]) ?? 0, m[3]!];
      const dated = DATED_ANCHOR.exec(anchor);
      if (dated) {
        const start = endOfDay(+dated[1]!, +dated[2]!, +dated[3]!);
        return start ? addSpan(start.slice(0, 10), n, unit) : { reason: `起算日${dated[0]}不是有效日期` };
      }
      const fromDocument = DOC_ANCHOR.test(anchor) || (anchor === '' && (ctx.place === 'field' || sentenceStart));
      if (!fromDocument) {
        const event = anchor.replace(/^(?:在|自|从|于)/, '').replace(/(?:之日起|之日|以后|之后|后|起)$/, '');
        return { reason: event ? `起算点“${event}”的日期文中未写明` : '未写明起算点' };
      }
      if (!ctx.docDate) return { reason: '从文件日期起算，但文件日期不明' };
      return addSpan(ctx.docDate, n, unit);
    },
  },
];

/** Ongoing tasks: written in place of a deadline, they mean there is none. */
const ONGOING_IN_BODY = /长期坚持|持续推进|长期推进|常态化推进|长期执行/g;
const ONGOING_FIELD = /长期|持续|常态|常年|每年|每季度|每月|定期/;
const ONGOING_REASON = '长期任务，没有截止日期';

export interface FoundDeadline extends PolicyDeadline {
  index: number;
}

/** Every dated or counted deadline phrase in a passage, in reading order, each resolved. */
export function findDeadlines(text: string, docDate: string | undefined, place: DeadlinePlace = 'body'): FoundDeadline[] {
  const found: FoundDeadline[] = [];
  const ctx: Context = { docDate, place };
  for (const form of FORMS) {
    for (const m of text.matchAll(form.re)) {
      const index = m.index;
      // The clause before the phrase says what it counts from: "在征求活动结束后" 1个月内.
      const clauseStart = Math.max(...['，', '。', '；', '：', '！', '？', '、', '）', '（', '\n', ','].map((p) => text.lastIndexOf(p, index - 1))) + 1;
      const rawAnchor = text.slice(clauseStart, index);
      const anchor = rawAnchor.replace(LEADING_CONNECTIVES, '').trim();
      const before = text.slice(0, clauseStart).trimEnd();
      const sentenceStart = rawAnchor.trim() === '' && (before === '' || /[。；！？\n]$/.test(before));
      const resolved = form.resolve(m, ctx, anchor, sentenceStart);
      const prefix = form.anchored ? anchor : '';
      found.push({ index: index - prefix.length, text: prefix + m[0], ...resolved });
    }
  }
  // A phrase inside a longer one ("9月底" inside "2020年9月底前") is the same deadline.
  found.sort((a, b) => a.index - b.index || b.text.length - a.text.length);
  return found.filter((f, i) => !found.slice(0, i).some((g) => f.index < g.index + g.text.length));
}

/** The deadline of a passage: its first dated or counted phrase, else an ongoing marker, else none. */
export function deadlineOf(text: string, docDate: string | undefined): PolicyDeadline {
  const [first] = findDeadlines(text, docDate);
  if (first) return strip(first);
  const ongoing = text.match(ONGOING_IN_BODY);
  if (ongoing) return { text: ongoing[0], reason: ONGOING_REASON };
  return { text: '', reason: '文中未写明时限' };
}

/** A 时限 field ("完成时限：7个工作日内") read whole: a bare count there runs from the document's date. */
export function deadlineFromField(value: string, docDate: string | undefined): PolicyDeadline {
  const text = value.trim();
  const [first] = findDeadlines(text, docDate, 'field');
  if (first) return strip(first);
  if (ONGOING_FIELD.test(text)) return { text, reason: ONGOING_REASON };
  return { text, reason: '时限未写成可计算的日期' };
}

function strip({ index: _index, ...deadline }: FoundDeadline): PolicyDeadline {
  return deadline;
}

/** Whether a clause of a responsibility note is its time limit ("2021年底前完成", "长期坚持"). */
export function isDeadlineClause(clause: string): boolean {
  return findDeadlines(clause, undefined, 'field').length > 0 || ONGOING_FIELD.test(clause);
}
