import { createRequire } from 'node:module';
import chineseDays from 'chinese-days';
import { CHINA_OFFSET_MS, toChinaIso } from '../domain/time.ts';

const DAY_MS = 86_400_000;

/**
 * The last year the official holiday data covers (国务院办公厅's arrangement of holidays and
 * 调休 make-up workdays is published each November for the next year). Past it a weekday is not
 * known to be a working day, so no deadline is computed there.
 */
export const CALENDAR_LAST_YEAR: number = (() => {
  const data = createRequire(import.meta.url)('chinese-days/dist/chinese-days.json') as { holidays: Record<string, string> };
  return Math.max(...Object.keys(data.holidays).map((d) => Number(d.slice(0, 4))));
})();

export type Deadline = { known: true; dueAt: string } | { known: false; reason: string };

/** The China calendar date (YYYY-MM-DD) of an instant. */
export function chinaDate(epochMs: number): string {
  return new Date(epochMs + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** Whether a China calendar date is a working day, holidays and make-up workdays included; undefined past the data. */
export function isWorkingDay(date: string): boolean | undefined {
  if (Number(date.slice(0, 4)) > CALENDAR_LAST_YEAR) return undefined;
  return chineseDays.isWorkday(date);
}

/**
 * The end (23:59:59.999 China time) of the n-th working day after the day of `start`, as
 * 12345 时限 "N个工作日内" counts: the day a request arrives does not count. When the count runs
 * past the calendar's data the deadline is unknown, never guessed from plain weekdays.
 */
export function addWorkingDays(start: number, n: number): Deadline {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`working days must be a positive integer, got ${n}`);
  let dayStart = Date.parse(`${chinaDate(start)}T00:00:00+08:00`);
  for (let counted = 0; counted < n; ) {
    dayStart += DAY_MS;
    const date = chinaDate(dayStart);
    const working = isWorkingDay(date);
    if (working === undefined) {
      return { known: false, reason: `节假日安排只公布到${CALENDAR_LAST_YEAR}年，无法计算${date}之后的工作日` };
    }
    if (working) counted += 1;
  }
  return { known: true, dueAt: toChinaIso(dayStart + DAY_MS - 1) };
}
