import type { Alert } from '../domain/alert.ts';
import type { AnalyzedItem } from '../domain/analyzed-item.ts';
import type { SourceKind } from '../domain/raw-item.ts';
import type { DeadLetter } from '../domain/dead-letter.ts';
import type { Event, EventLevel } from '../domain/event.ts';

export interface Page {
  offset?: number;
  /** At most 500. */
  limit?: number;
}

export interface ItemQuery {
  /** Free text; the index segments it like the documents and requires every word. */
  text?: string;
  topics?: string[];
  sourceKinds?: SourceKind[];
  places?: string[];
  departments?: string[];
  eventId?: string;
  /** Items with any of these ids. */
  ids?: string[];
  /**
   * Items sharing any of these simhash bands (simhashBands() of a hash): the candidates for
   * near-duplicates, since two hashes within 3 bits of each other share at least one band.
   */
  simhashBands?: string[];
  /** Items by one author (the collector's keyed hash), e.g. to count repeat callers. */
  authorKey?: string;
  /** Hotline items about any of these 办事事项 (AnalyzedItem.hotline.matter). */
  matters?: string[];
  /** Hotline items handled by any of these 承办单位 (hotline.handlingUnit). */
  handlingUnits?: string[];
  /** Hotline items of any of these 诉求类型 (hotline.appealType). */
  appealTypes?: string[];
  /** Leaves out items of these 诉求类型 (表扬, 感谢, 咨询); items with no 诉求类型 stay. */
  excludeAppealTypes?: string[];
  /** Inclusive lower and exclusive upper bound on publishedAt, ISO instants. */
  from?: string;
  to?: string;
  sort?: 'relevance' | 'newest' | 'oldest' | 'risk';
  page?: Page;
}

export interface EventQuery {
  text?: string;
  topics?: string[];
  places?: string[];
  levels?: EventLevel[];
  /** Events whose lastSeen falls in [from, to). */
  from?: string;
  to?: string;
  sort?: 'heat' | 'latest';
  page?: Page;
}

export interface AlertQuery {
  /** Alerts of any of these events. */
  eventIds?: string[];
  /** Alerts created at or after this instant. */
  since?: string;
  levels?: EventLevel[];
  page?: Page;
}

export interface DeadLetterQuery {
  origin?: string;
  page?: Page;
}

export interface Hits<T> {
  total: number;
  hits: T[];
}

/** What items can be counted by: hotline.matter, hotline.handlingUnit, hotline.appealType and eventId for the last four. */
export type TermsField = 'topic' | 'place' | 'sourceKind' | 'department' | 'matter' | 'handlingUnit' | 'appealType' | 'event';

export interface Bucket {
  key: string;
  count: number;
}

export interface ItemAggregations {
  terms?: TermsField[];
  /** Buckets on publishedAt, in China time (UTC+8) for days. */
  histogram?: 'hour' | 'day';
  /** Buckets per terms field; default 10. */
  size?: number;
}

export interface AggregationResult {
  total: number;
  terms: Partial<Record<TermsField, Bucket[]>>;
  /** Bucket keys are ISO instants of bucket starts; empty buckets omitted. */
  histogram?: Bucket[];
}

/**
 * Where analyzed items, events, alerts and dead letters are kept for search. Every write is
 * an idempotent upsert by id; an item replaces a stored item only if its revision is not
 * older, so redelivery never rolls an item back.
 */
export interface SearchIndex {
  upsertItems(items: AnalyzedItem[]): Promise<void>;
  getItem(id: string): Promise<AnalyzedItem | undefined>;
  searchItems(query: ItemQuery): Promise<Hits<AnalyzedItem>>;
  aggregateItems(query: ItemQuery, aggs: ItemAggregations): Promise<AggregationResult>;

  upsertEvents(events: Event[]): Promise<void>;
  getEvent(id: string): Promise<Event | undefined>;
  /** Events that were merged into another (status merged) are records only: getEvent finds them, searches do not. */
  searchEvents(query: EventQuery): Promise<Hits<Event>>;

  upsertAlerts(alerts: Alert[]): Promise<void>;
  getAlert(id: string): Promise<Alert | undefined>;
  searchAlerts(query: AlertQuery): Promise<Hits<Alert>>;

  upsertDeadLetters(letters: DeadLetter[]): Promise<void>;
  searchDeadLetters(query: DeadLetterQuery): Promise<Hits<DeadLetter>>;

  /** Makes every completed write visible to searches (Elasticsearch refresh; no-op on SQLite). */
  refresh(): Promise<void>;
  close(): Promise<void>;
}

/** Splits text into index terms; the same function serves documents and queries. */
export type Segmenter = (text: string) => string[];
