import type { AnalyzedItem, RiskSignal } from '../../shared/domain/analyzed-item.ts';
import type { SearchIndex } from '../../shared/ports/search-index.ts';
import { MAX_PAGE } from '../../shared/ports/search-terms.ts';

export interface RepeatCallerRule {
  code: string;
  label: string;
  weight: number;
  minCalls: number;
}

type Item = Omit<AnalyzedItem, 'eventId'>;

/**
 * Adds the 重复来电 signal to a hotline item whose caller (the collector's keyed hash) has
 * called at least minCalls times counting this call, with 第N次来电 as evidence. N counts the
 * caller's items published strictly earlier, in the index and in this batch, by id, so a
 * redelivered item is never counted against itself.
 */
export async function markRepeatCallers<T extends Item>(items: readonly T[], index: SearchIndex, rule: RepeatCallerRule | undefined): Promise<T[]> {
  if (!rule) return [...items];
  const keys = [...new Set(items.flatMap((i) => (i.source.kind === 'hotline' && i.author ? [i.author.key] : [])))];
  const earlier = new Map<string, { id: string; at: number }[]>();
  await Promise.all(
    keys.map(async (key) => {
      const mine = items.filter((i) => i.author?.key === key);
      const latest = Math.max(...mine.map((i) => Date.parse(i.publishedAt)));
      const indexed = await index.searchItems({ authorKey: key, to: new Date(latest).toISOString(), sort: 'newest', page: { limit: MAX_PAGE } });
      earlier.set(key, [...indexed.hits, ...mine].map((i) => ({ id: i.id, at: Date.parse(i.publishedAt) })));
    }),
  );
  return items.map((item) => {
    const calls = item.source.kind === 'hotline' && item.author ? earlier.get(item.author.key) : undefined;
    if (!calls) return item;
    const at = Date.parse(item.publishedAt);
    const n = new Set(calls.filter((c) => c.at < at).map((c) => c.id)).size + 1;
    if (n < rule.minCalls) return item;
    // Items come fresh from the item analyzer, which never gives this signal itself.
    const signal: RiskSignal = { code: rule.code, label: rule.label, evidence: [`第${n}次来电`] };
    return { ...item, risk: { score: item.risk.score + rule.weight, signals: [...item.risk.signals, signal] } };
  });
}
