import { describe, expect, it } from 'vitest';
import type { BurstRule } from '../../services/analyzer/alert-rules.ts';
import { ewma, poissonTail, testBurst } from '../../services/analyzer/burst.ts';
import type { Bucket } from '../../shared/ports/search-index.ts';

const RULE: BurstRule = { level: '较大', recentHours: 24, baselineDays: 14, alpha: 0.3, minItems: 8, maxP: 0.001, minRatio: 4, floorPerDay: 0.5, minHistoryDays: 7, excludeAppealTypes: [] };
const AT = Date.parse('2026-11-20T12:00:00+08:00');
const HOUR = 3600_000;
/** The index has held items for a month: the baseline is learned. */
const HISTORY = AT - 30 * 24 * HOUR;

/** `count` items in each of `hours` hours ending `endHoursAgo` before AT. */
function series(perDayHistory: number, recent: number): Bucket[] {
  const buckets: Bucket[] = [];
  // One bucket a day at the same hour for 14 days of history, then the recent items at the last hour.
  for (let d = 14; d >= 1; d--) if (perDayHistory > 0) buckets.push({ key: new Date(AT - 24 * HOUR - d * 24 * HOUR + 2 * HOUR).toISOString(), count: perDayHistory });
  if (recent > 0) buckets.push({ key: new Date(AT - HOUR).toISOString(), count: recent });
  return buckets;
}

describe('bursts against a learned baseline', () => {
  it('computes Poisson tails exactly, including tiny ones', () => {
    expect(poissonTail(0, 3)).toBe(1);
    expect(poissonTail(1, 1)).toBeCloseTo(1 - Math.exp(-1), 12);
    expect(poissonTail(3, 2)).toBeCloseTo(1 - Math.exp(-2) * (1 + 2 + 2), 12);
    expect(poissonTail(40, 0.5)).toBeGreaterThan(0);
    expect(poissonTail(40, 0.5)).toBeLessThan(1e-50);
  });

  it('smooths daily counts with the newest day weighted by alpha', () => {
    expect(ewma([], 0.3)).toBe(0);
    expect(ewma([10, 0], 0.5)).toBe(5);
    expect(ewma([4, 4, 4], 0.3)).toBeCloseTo(4);
  });

  it('two messages in a quiet township are not a burst', () => {
    const b = testBurst(series(0, 2), AT, RULE, HISTORY);
    expect(b).toMatchObject({ recent: 2, burst: false });
    expect(b.expected).toBe(0.5);
  });

  it('twelve messages in a day where the baseline is a few a month are a burst', () => {
    const b = testBurst(series(0, 12), AT, RULE, HISTORY);
    expect(b.recent).toBe(12);
    expect(b.p).toBeLessThan(1e-9);
    expect(b.burst).toBe(true);
  });

  it('twelve messages in a day where ten a day is usual are not', () => {
    const b = testBurst(series(10, 12), AT, RULE, HISTORY);
    expect(b.baselinePerDay).toBeCloseTo(10);
    expect(b.burst).toBe(false);
  });

  it('items after the reference instant are ignored, so a recompute gives the same answer later', () => {
    const later = [...series(0, 12), { key: new Date(AT + 2 * HOUR).toISOString(), count: 50 }];
    expect(testBurst(later, AT, RULE, HISTORY)).toEqual(testBurst(series(0, 12), AT, RULE, HISTORY));
  });

  it('a new installation with three days of history judges no burst: nothing is learned yet', () => {
    const b = testBurst(series(0, 12), AT, RULE, AT - 3 * 24 * HOUR);
    expect(b).toMatchObject({ recent: 12, learned: false, burst: false });
    expect(testBurst(series(0, 12), AT, RULE, undefined).burst).toBe(false);
  });
});
