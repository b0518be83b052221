import { createHash } from 'node:crypto';
import type { AnalyzedItem } from '../../shared/domain/analyzed-item.ts';
import { CHINA_OFFSET_MS } from '../../shared/domain/time.ts';

/**
 * Where an item may join an event: its township (the first place found, else the region as
 * coded). Topic is weighed, not required: callers describe one incident under different topics
 * (a school's food poisoning as 教育, 卫生 or 市场监管), so a topic boundary would split it.
 */
export function placeOf(item: Pick<AnalyzedItem, 'places' | 'region'>): string {
  return item.places[0] ?? item.region ?? '';
}

/**
 * The id of the first event of a place on a China day: deterministic, so redelivery and
 * parallel analyzers agree on it. The item analyzer gives it to each item as its event key.
 */
export function dayEventKey(place: string, publishedAt: string): string {
  const at = Date.parse(publishedAt);
  const day = Number.isNaN(at) ? 'undated' : new Date(at + CHINA_OFFSET_MS).toISOString().slice(0, 10);
  return hashKey(`${place}|${day}`);
}

/** The n-th event of a day (n ≥ 2), when the day's first key names an event the item does not fit. */
export function numberedDayEventKey(dayKey: string, n: number): string {
  return hashKey(`${dayKey}|${n}`);
}

function hashKey(basis: string): string {
  return createHash('sha256').update(basis).digest('hex').slice(0, 24);
}
