import type { Bucket } from '../../shared/ports/search-index.ts';
import type { BurstRule } from './alert-rules.ts';

const HOUR = 3600_000;
const DAY = 24 * HOUR;

/** P(X ≥ k) for X ~ Poisson(lambda), summed over the upper tail so tiny probabilities stay exact. */
export function poissonTail(k: number, lambda: number): number {
  if (k <= 0) return 1;
  if (lambda <= 0) return 0;
  // log pmf(k) = k ln λ − λ − ln k!
  let logFact = 0;
  for (let i = 2; i <= k; i++) logFact += Math.log(i);
  let term = Math.exp(k * Math.log(lambda) - lambda - logFact);
  let sum = 0;
  for (let i = k; i < k + 10_000; i++) {
    sum += term;
    term *= lambda / (i + 1);
    if (term < sum * 1e-15 && i > lambda) break;
  }
  return Math.min(1, sum);
}

/** Exponentially weighted mean of counts, oldest first; the first count seeds it. */
export function ewma(counts: readonly number[], alpha: number): number {
  if (counts.length === 0) return 0;
  let m = counts[0]!;
  for (const c of counts.slice(1)) m = alpha * c + (1 - alpha) * m;
  return m;
}

export interface BurstFinding {
  /** Items in the recent window. */
  recent: number;
  /** Learned daily rate (EWMA of the baseline days, before the floor). */
  baselinePerDay: number;
  /** Items the baseline expects in the recent window (floored). */
  expected: number;
  p: number;
  /** False while the index holds less history than the rule's minHistoryDays. */
  learned: boolean;
  burst: boolean;
}

/**
 * Tests the recent count of a topic in a place against its own past: hourly counts (from the
 * index) up to `at`, the recent window's sum against a Poisson with the EWMA daily rate of
 * the days before it. A burst needs the minimum count, a small tail probability and a ratio,
 * so two messages in a quiet township are never one — and a learned baseline: `historyStart`
 * (the oldest item the index holds) must lie minHistoryDays before the recent window.
 */
export function testBurst(hourly: readonly Bucket[], at: number, rule: BurstRule, historyStart: number | undefined): BurstFinding {
  const recentFrom = at - rule.recentHours * HOUR;
  const baselineFrom = recentFrom - rule.baselineDays * DAY;
  const days = new Array<number>(rule.baselineDays).fill(0);
  let recent = 0;
  for (const b of hourly) {
    const t = Date.parse(b.key);
    if (t > at) continue;
    if (t >= recentFrom) recent += b.count;
    else if (t >= baselineFrom) days[Math.min(rule.baselineDays - 1, Math.floor((t - baselineFrom) / DAY))]! += b.count;
  }
  const baselinePerDay = ewma(days, rule.alpha);
  const expected = Math.max(baselinePerDay, rule.floorPerDay) * (rule.recentHours / 24);
  const p = poissonTail(recent, expected);
  const learned = historyStart !== undefined && historyStart <= recentFrom - rule.minHistoryDays * DAY;
  const burst = learned && recent >= rule.minItems && p <= rule.maxP && recent >= rule.minRatio * expected;
  return { recent, baselinePerDay, expected, p, learned, burst };
}

/** How far back the hourly counts must reach for every burst rule. */
export function burstLookbackMs(rules: readonly BurstRule[]): number {
  return Math.max(0, ...rules.map((r) => r.recentHours * HOUR + r.baselineDays * DAY));
}
