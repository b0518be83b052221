import { describe, expect, it } from 'vitest';
import { addWorkingDays, CALENDAR_LAST_YEAR, isWorkingDay } from '../../shared/calendar/working-days.ts';

const at = (iso: string) => Date.parse(iso);

describe('working days on the official calendar', () => {
  it('skips the National Day holiday and counts the Saturday make-up workday', () => {
    // 2026: 10月1日–7日 放假, 10月10日（星期六）上班.
    expect(isWorkingDay('2026-10-05')).toBe(false);
    expect(isWorkingDay('2026-10-10')).toBe(true);
    expect(addWorkingDays(at('2026-09-30T15:00:00+08:00'), 3)).toEqual({ known: true, dueAt: '2026-10-10T23:59:59.999+08:00' });
  });

  it('does not count the day the request arrived, nor an ordinary weekend', () => {
    // Friday 2026-11-20 + 3 working days: Mon 23, Tue 24, Wed 25.
    expect(addWorkingDays(at('2026-11-20T09:00:00+08:00'), 3)).toEqual({ known: true, dueAt: '2026-11-25T23:59:59.999+08:00' });
  });

  it('uses China dates: 23:30 UTC on the 19th is already the 20th in China', () => {
    expect(addWorkingDays(at('2026-11-19T23:30:00Z'), 1)).toEqual({ known: true, dueAt: '2026-11-23T23:59:59.999+08:00' });
  });

  it('marks a deadline past the published calendar as unknown instead of guessing from weekdays', () => {
    const r = addWorkingDays(at(`${CALENDAR_LAST_YEAR}-12-28T09:00:00+08:00`), 15);
    expect(r.known).toBe(false);
    expect(r.known === false && r.reason).toContain(`${CALENDAR_LAST_YEAR}年`);
    expect(isWorkingDay(`${CALENDAR_LAST_YEAR + 1}-03-02`)).toBeUndefined();
  });
});
