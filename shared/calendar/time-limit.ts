import { CHINA_OFFSET_MS, toChinaIso } from '../domain/time.ts';
import { addWorkingDays } from './working-days.ts';

const DAY_MS = 86_400_000;

/**
 * The date a text's time limits are read against, as the caller knows it (YYYY-MM-DD, China
 * time). The two kinds of text read bare phrases differently:
 * - a government document: a count with no stated start ("7个工作日内") runs from the document's
 *   date only in a 时限 field or when it opens a sentence; a yearless date before the document's
 *   date is not guessed. Its date may be unknown.
 * - a reply: a count runs from the reply unless it names another starting event; a yearless date
 *   already past belongs to next year, since nobody promises a date behind them.
 */
export type TimeLimitReference =
  | { kind: 'document'; date: string | undefined; place: 'field' | 'body' }
  | { kind: 'reply'; date: string };

/** What a due date was worked out from. */
export type Anchor =
  /** The phrase gives the whole date itself: "2021年10月15日前", "2021年底前". */
  | { kind: 'written' }
  /** The caller's reference date: a count from it ("7个工作日内"), or its year, month or week ("9月底前", "本月底", "下周一前", "春节前"). */
  | { kind: 'reference'; date: string }
  /** A start date the text writes before the count: "自2021年8月1日起30日内". */
  | { kind: 'stated'; date: string };

/** A point on the calendar a limit runs to. `event` is one the text gives no date for (汛期前). */
export type CalendarPoint = 'day' | 'ten-days' | 'month-end' | 'quarter-end' | 'half-year-end' | 'year-end' | 'weekday' | 'week-end' | 'festival' | 'event';
export type SpanUnit = 'day' | 'working-day' | 'week' | 'month' | 'year';
export type Period = 'day' | 'week' | 'month' | 'quarter' | 'half-year' | 'year';

/** What a limit says, before it is resolved: by a point ("9月底前", "春节前"), or within a span ("7个工作日内"). */
export type LimitForm = { kind: 'by'; point: CalendarPoint } | { kind: 'within'; count: number; unit: SpanUnit };

/** Why a limit that names a date cannot be resolved to one. */
export type UnknownCause =
  /** "2月30日前", "0个工作日内". */
  | 'invalid'
  /** Working days past the published holiday calendar, a festival past the lunar tables. */
  | 'beyond-calendar'
  /** Counted from, or set by, an event whose date the text does not give: "征求活动结束后1个月内", "汛期前". */
  | 'undated-event'
  /** A count in a document's running text that names no start. */
  | 'no-anchor'
  /** The phrase needs the reference date, and the caller does not know it. */
  | 'no-reference'
  /** A yearless date before the document's date. */
  | 'before-reference';

/** A time limit as found in a text, and what it comes to against the reference date. */
export type TimeLimit =
  | { kind: 'date'; form: LimitForm; /** End of the due day, 23:59:59.999 China time. */ dueAt: string; anchor: Anchor }
  | { kind: 'unknown'; form: LimitForm; cause: UnknownCause; /** In Chinese, for a person to read. */ reason: string }
  /** "每月", "每季度": a routine with no single due date. */
  | { kind: 'recurring'; every: Period }
  /** "长期坚持", "持续推进" (and in a 时限 field "长期", "常态", "定期"): no due date. */
  | { kind: 'ongoing' }
  /** "尽快", "近期", "适时", "争取": a promise without a limit one can check. */
  | { kind: 'vague'; word: string };

/** A resolved due date or why there is none; the form is added by the caller. */
export type Resolution = { dueAt: string; anchor: Anchor } | { cause: UnknownCause; reason: string };

/** The end of a China calendar day, or undefined when the day does not exist (2月30日). */
export function endOfDay(y: number, m: number, d: number): string | undefined {
  const utc = Date.UTC(y, m - 1, d);
  const check = new Date(utc);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== m - 1 || check.getUTCDate() !== d) return undefined;
  return toChinaIso(utc - CHINA_OFFSET_MS + DAY_MS - 1);
}

export const lastDayOf = (y: number, m: number): number => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** A due date at the end of a day, or why that day does not exist. */
export function dueOn(y: number, m: number, d: number, anchor: Anchor): Resolution {
  if (m < 1 || m > 12) return { cause: 'invalid', reason: `${m}月不是有效月份` };
  const dueAt = endOfDay(y, m, d);
  return dueAt ? { dueAt, anchor } : { cause: 'invalid', reason: `${y}年${m}月${d}日不是有效日期` };
}

/** The day `days` after a China calendar date (YYYY-MM-DD), as [year, month, day]. */
export function dayAfter(date: string, days: number): [number, number, number] {
  const t = new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS);
  return [t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate()];
}

/**
 * A span added to a start day (YYYY-MM-DD): calendar days and weeks; months and years clamped to
 * the month's end (1月31日 + 1个月 = 2月28日); working days on the official calendar, unknown past
 * its data. The start day itself does not count.
 */
export function addSpan(start: string, n: number, unit: SpanUnit, anchor: Anchor): Resolution {
  if (!Number.isInteger(n) || n < 1) return { cause: 'invalid', reason: '期限不是正数' };
  if (unit === 'working-day') {
    const r = addWorkingDays(Date.parse(`${start}T12:00:00+08:00`), n);
    return r.known ? { dueAt: r.dueAt, anchor } : { cause: 'beyond-calendar', reason: r.reason };
  }
  const [y, m, d] = dayAfter(start, 0);
  if (unit === 'month' || unit === 'year') {
    const months = (m - 1) + (unit === 'year' ? 12 * n : n);
    const [ty, tm] = [y + Math.floor(months / 12), (months % 12) + 1];
    return dueOn(ty, tm, Math.min(d, lastDayOf(ty, tm)), anchor);
  }
  return dueOn(...dayAfter(start, unit === 'week' ? 7 * n : n), anchor);
}
