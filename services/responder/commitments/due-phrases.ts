import { chinaDate } from '../../../shared/calendar/working-days.ts';
import { addSpan, endOfDay, lastDayOf } from '../../analyzer/policy/deadline.ts';
import { chineseNumber, chineseYear } from '../../analyzer/policy/numbers.ts';
import type { CommitmentDue } from './commitment.ts';
import { FESTIVAL_NAMES, nextFestival } from './festival-dates.ts';

const DAY_MS = 86_400_000;
const BEFORE = '(?:前|之前|以前|为止)';
// A month number must not be the tail of a longer number ("112月") or a count ("3个月").
const MONTH = '(?<![\\d〇零一二三四五六七八九十两个])(\\d{1,2}|[一二三四五六七八九十]{1,2})';
const YEAR = '(?:(\\d{4}|[〇零一二三四五六七八九]{4})年|(今年|本年|明年|去年))?';
const WEEKDAY: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 日: 7, 天: 7 };

/** The reference day, in China time. */
interface Today {
  iso: string;
  y: number;
  m: number;
  /** Monday 1 … Sunday 7. */
  weekday: number;
}

type Resolved = { dueAt: string } | { reason: string };

/** A time limit found in a reply: where it stands, as written, and what it comes to. */
export interface DuePhrase {
  index: number;
  phrase: string;
  due: CommitmentDue;
}

const num = (s: string): number => (/^\d+$/.test(s) ? Number(s) : (chineseNumber(s) ?? 0));

function dated(y: number, m: number, d: number): Resolved {
  const at = m >= 1 && m <= 12 ? endOfDay(y, m, d) : undefined;
  return at ? { dueAt: at } : { reason: `${y}年${m}月${d}日不是有效日期` };
}

/**
 * A month and day with the year as written; without one, this year — or next year when the
 * day has already passed, since nobody promises a date behind them.
 */
function inYear(today: Today, written: string | undefined, relative: string | undefined, m: number, d: (y: number) => number): Resolved {
  const explicit = written ? (/^\d+$/.test(written) ? Number(written) : chineseYear(written)) : undefined;
  if (explicit !== undefined) return dated(explicit, m, d(explicit));
  if (relative) {
    const y = relative === '明年' ? today.y + 1 : relative === '去年' ? today.y - 1 : today.y;
    return dated(y, m, d(y));
  }
  const thisYear = dated(today.y, m, d(today.y));
  if ('dueAt' in thisYear && thisYear.dueAt.slice(0, 10) < today.iso) return dated(today.y + 1, m, d(today.y + 1));
  return thisYear;
}

const dayOf = (today: Today, offsetDays: number): Resolved => {
  const t = new Date(Date.parse(`${today.iso}T00:00:00Z`) + offsetDays * DAY_MS);
  return dated(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
};

/** A count runs from the reply unless the clause names another starting event ("申请后7个工作日内"). */
const FROM_REPLY = /(?:即日|今日|今天|现在|本回复之日|回复之日|答复之日)起?$/;
const EVENT_ANCHOR = /之日|收到|接到|(?:以后|之后|后|起)的?(?:应当|应|须|必须|要)?(?:分别)?(?:在|于)?$/;

function counted(today: Today, n: number, unit: string, anchor: string): Resolved {
  const a = anchor
    .replace(/(?:应当|应|须|必须|要)?(?:分别)?(?:在|于)$/, '')
    .replace(/^.*(?:在|自|从|于)(?=.)/, '');
  if (EVENT_ANCHOR.test(a) && !FROM_REPLY.test(a)) return { reason: `起算点“${a.replace(/的$/, '')}”的日期文中未写明` };
  if (n < 1) return { reason: '期限不是正数' };
  const r = addSpan(today.iso, n, unit.replace('礼拜', '周'));
  return r.dueAt ? { dueAt: r.dueAt } : { reason: r.reason ?? '期限无法计算' };
}

interface Form {
  re: RegExp;
  resolve(m: RegExpExecArray, today: Today, anchor: string): Resolved;
}

const FORMS: readonly Form[] = [
  {
    // 2026年3月31日前, 12月31日前, 今年12月31日之前
    re: new RegExp(`${YEAR}${MONTH}月(\\d{1,2}|[一二三四五六七八九十]{1,3})[日号]${BEFORE}`, 'g'),
    resolve: (m, t) => inYear(t, m[1], m[2], num(m[3]!), () => num(m[4]!)),
  },
  {
    // 2026年3月底前, 8月底, 十二月末: the month's last day.
    re: new RegExp(`${YEAR}${MONTH}月份?(?:底|末)${BEFORE}?`, 'g'),
    resolve: (m, t) => inYear(t, m[1], m[2], num(m[3]!), (y) => lastDayOf(y, num(m[3]!))),
  },
  {
    // 6月中旬前: the last day of that ten-day period (10th, 20th, month end). Without 前,
    // "9月下旬，我委收到" tells when something happened.
    re: new RegExp(`${YEAR}${MONTH}月(上旬|中旬|下旬)(?:末)?${BEFORE}`, 'g'),
    resolve: (m, t) => {
      const month = num(m[3]!);
      return inYear(t, m[1], m[2], month, (y) => (m[4] === '上旬' ? 10 : m[4] === '中旬' ? 20 : lastDayOf(y, month)));
    },
  },
  {
    // 本月底前, 月底前, 下个月底; "每月底" is a routine, not a limit.
    re: new RegExp(`(本|这个|当|下个?)?(?<![\\d〇零一二三四五六七八九十两个每])月(?:底|末)${BEFORE}?`, 'g'),
    resolve: (m, t) => {
      const [y, mo] = m[1]?.startsWith('下') ? (t.m === 12 ? [t.y + 1, 1] : [t.y, t.m + 1]) : [t.y, t.m];
      return dated(y, mo, lastDayOf(y, mo));
    },
  },
  {
    // 2026年底前, 2026年内, 年底前, 今年年底, 明年底, 本年度内
    re: new RegExp(
      `(\\d{4}|[〇零一二三四五六七八九]{4})年(?:年?底|年?末|内)${BEFORE}?|(今|本|明|去)年年?度?(?:底|末|内)${BEFORE}?|(?<![\\d〇零一二三四五六七八九十两个多几半每去前近年])年(?:底|末|内)${BEFORE}?`,
      'g',
    ),
    resolve: (m, t) => {
      const y = m[1] ? (/^\d+$/.test(m[1]) ? Number(m[1]) : (chineseYear(m[1]) ?? 0)) : m[2] === '明' ? t.y + 1 : m[2] === '去' ? t.y - 1 : t.y;
      return dated(y, 12, 31);
    },
  },
  {
    // 本周五前, 下周一前 (weeks start on Monday), 本周内
    re: new RegExp(`(本|这个?|下个?)(?:周|星期|礼拜)(?:([一二三四五六日天])${BEFORE}?|内|之内)`, 'g'),
    resolve: (m, t) => dayOf(t, (m[1]!.startsWith('下') ? 7 : 0) + (m[2] ? WEEKDAY[m[2]]! : 7) - t.weekday),
  },
  {
    // 3个工作日内 (official calendar), 15日内, 一个月内, 两周内, 半个月内
    re: new RegExp(
      `(?:(?<![\\d.])(\\d{1,3})|(?<![一二三四五六七八九十两])([一二三四五六七八九十两]{1,3}))(个工作日|工作日|个自然日|自然日|个月|个星期|个礼拜|星期|周|日|天|年)(?:内|之内|以内)|(半个月|半年)(?:内|之内|以内)`,
      'g',
    ),
    resolve: (m, t, anchor) => {
      const [n, unit] = m[5] ? (m[5] === '半年' ? [6, '个月'] : [15, '日']) : [num(m[1] ?? m[2]!), m[3]!];
      return counted(t, n, unit, anchor);
    },
  },
  {
    // 春节前: by the eve of the next such festival, as the official and lunar calendars place it.
    re: new RegExp(`(${FESTIVAL_NAMES})(?:节|假期)?${BEFORE}`, 'g'),
    resolve: (m, t) => {
      const day = nextFestival(m[1]!, t.iso);
      return day ? dayOf({ ...t, iso: day }, -1) : { reason: `“${m[1]}”的日期超出农历数据范围` };
    },
  },
  {
    // 汛期前, 开学前: real limits whose dates the reply does not give.
    re: new RegExp(`(主汛期|汛期|雨季|秋季开学|春季开学|开学|入冬|入夏|供暖季|采暖季|农忙)${BEFORE}`, 'g'),
    resolve: (m) => ({ reason: `“${m[1]}”的日期文中未写明` }),
  },
];

const CLAUSE_BREAK = ['，', ',', '。', '；', ';', '：', ':', '！', '？', '\n'];

/** Every time limit in a text, in reading order, each resolved against the reference instant; nested matches dropped. */
export function findDuePhrases(text: string, referenceDate: number): DuePhrase[] {
  const iso = chinaDate(referenceDate);
  const day = new Date(`${iso}T00:00:00Z`).getUTCDay();
  const today: Today = { iso, y: Number(iso.slice(0, 4)), m: Number(iso.slice(5, 7)), weekday: day === 0 ? 7 : day };
  const found: DuePhrase[] = [];
  for (const form of FORMS) {
    for (const m of text.matchAll(form.re)) {
      const clauseStart = Math.max(...CLAUSE_BREAK.map((p) => text.lastIndexOf(p, m.index - 1))) + 1;
      const r = form.resolve(m, today, text.slice(clauseStart, m.index).trim());
      const due: CommitmentDue = 'dueAt' in r ? { kind: 'date', phrase: m[0], dueAt: r.dueAt } : { kind: 'unknown', phrase: m[0], reason: r.reason };
      found.push({ index: m.index, phrase: m[0], due });
    }
  }
  found.sort((a, b) => a.index - b.index || b.phrase.length - a.phrase.length);
  return found.filter((f, i) => !found.slice(0, i).some((g) => f.index < g.index + g.phrase.length));
}
