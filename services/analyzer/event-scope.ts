import { createHash } from 'node:crypto';
import type { AnalyzedItem } from '../../shared/domain/analyzed-item.ts';
import { CHINA_OFFSET_MS } from '../../shared/domain/time.ts';
import { primaryTopic } from './topic-judge.ts';

/** Where an item may join an event: its primary topic and its first place (or region). */
export interface Scope {
  topic: string;
  place: string;
}

/**
 * An item's scope: a focus topic before its category, the first place found before the region
 * as given. The item analyzer's event key and the event assigner's grouping both read it here,
 * so the key an item brings always names an event of the scope it is assigned in.
 */
export function scopeOf(item: Pick<AnalyzedItem, 'topics' | 'places' | 'region'>, parentOf: ReadonlyMap<string, string>): Scope {
  const primary = primaryTopic(item.topics, parentOf);
  return { topic: primary?.code ?? 'unclassified', place: item.places[0] ?? item.region ?? '' };
}

/** A scope as one string, for grouping. */
export function scopeKey(scope: Scope): string {
  return `${scope.topic}|${scope.place}`;
}

/**
 * The id of the first event of a scope on a China day: deterministic, so redelivery and
 * parallel analyzers agree on it.
 */
export function dayEventKey(scope: Scope, publishedAt: string): string {
  const at = Date.parse(publishedAt);
  const day = Number.isNaN(at) ? 'undated' : new Date(at + CHINA_OFFSET_MS).toISOString().slice(0, 10);
  return hashKey(`${scopeKey(scope)}|${day}`);
}

/** The n-th event of a day (n ≥ 2), when the day's first key names an event the item does not fit. */
export function numberedDayEventKey(dayKey: string, n: number): string {
  return hashKey(`${dayKey}|${n}`);
}

function hashKey(basis: string): string {
  return createHash('sha256').update(basis).digest('hex').slice(0, 24);
}
