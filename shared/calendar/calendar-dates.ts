import { CHINA_OFFSET_MS, toChinaIso } from '../domain/time.ts';
import type { Anchor, Resolution, SpanUnit } from './time-limit-types.ts';
import { addWorkingDays } from './working-days.ts';

const DAY_MS = 86_400_000;

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
