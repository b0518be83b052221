import type { AnalyzedItem } from '../../shared/domain/analyzed-item.ts';
import type { ItemQuery, SearchIndex } from '../../shared/ports/search-index.ts';
import { MAX_PAGE, simhashBands } from '../../shared/ports/search-terms.ts';
import type { ClusteringRules } from './alert-rules.ts';
import { numberedDayEventKey, scopeKey, scopeOf, type Scope } from './event-scope.ts';
import type { ItemAnalysis } from './item-analyzer.ts';
import { hammingDistance } from './simhash.ts';
import { centroid, cosine, textVector, type TextVector } from './text-vector.ts';

const HOUR = 3600_000;
const SCOPE_CONCURRENCY = 8;

type Assigned = AnalyzedItem;

/** What an assigner is configured with: the index it reads and the clustering rules. */
interface AssignerSettings {
  readonly index: SearchIndex;
  readonly rules: ClusteringRules;
  /** Focus topic → the first-level category it sits under. */
  readonly parentOf: ReadonlyMap<string, string>;
}

/**
 * Gives each analyzed item its event and, for a copy or repost, the item it copies.
 *
 * - An item already in the index keeps its eventId (and its duplicateOf while its simhash is
 *   unchanged), so redelivery never moves it.
 * - A near-duplicate (same place, simhash within duplicateHamming bits and word vectors at
 *   least duplicateSimilarity alike) of an indexed or earlier item joins that item's event
 *   and points at the earliest copy: copies collapse into one with a count.
 * - Otherwise the item joins the event of its topic and place whose centroid is most similar
 *   (cosine ≥ minSimilarity) among those with an item within windowHours, so a burst across
 *   midnight stays one event and unrelated texts of one topic and place split.
 * - A new event takes the deterministic key of (topic, place, China day) from the item
 *   analyzer, or when that names another event, the key numbered 2, 3, …: two analyzers
 *   starting one event at once pick the same id and converge (see dayEvent).
 */
export class EventAssigner {
  private readonly settings: AssignerSettings;

  constructor(index: SearchIndex, rules: ClusteringRules, parentOf: ReadonlyMap<string, string>) {
    this.settings = { index, rules, parentOf };
  }

  /** Each item of the batch with its event; batches never share state, so they may run side by side. */
  assign(batch: readonly ItemAnalysis[]): Promise<Assigned[]> {
    return new BatchAssignment(this.settings, batch).run();
  }
}

/**
 * The assignment of one batch: its item ids (its items join the pool as they are assigned, not
 * from the index) and the word vectors computed for it, dropped with the batch.
 */
class BatchAssignment {
  private readonly vectors = new Map<string, TextVector>();
  private readonly batchIds: ReadonlySet<string>;

  constructor(
    private readonly settings: AssignerSettings,
    private readonly batch: readonly ItemAnalysis[],
  ) {
    this.batchIds = new Set(batch.map((i) => i.id));
  }

  private scopeOf(item: Pick<AnalyzedItem, 'topics' | 'places' | 'region'>): Scope {
    return scopeOf(item, this.settings.parentOf);
  }

  async run(): Promise<Assigned[]> {
    const batch = this.batch;
    const stored = await this.stored(batch.map((i) => i.id));
    const byScope = new Map<string, ItemAnalysis[]>();
    for (const item of [...batch].sort(byTimeThenId)) {
      const key = scopeKey(this.scopeOf(item));
      byScope.set(key, [...(byScope.get(key) ?? []), item]);
    }
    const done = new Map<string, Assigned>();
    const assignGroup = async (group: ItemAnalysis[]) => {
      const pool = await this.candidates(group);
      for (const item of group) {
        const assigned = await this.assignOne(item, stored.get(item.id), pool);
        pool.push(assigned);
        done.set(item.id, assigned);
      }
    };
    // Scopes (topic, place) never share candidates or day keys, so they are assigned side by
    // side: a server-backed index then spends its round trips in parallel.
    const groups = [...byScope.values()];
    for (let i = 0; i < groups.length; i += SCOPE_CONCURRENCY) {
      await Promise.all(groups.slice(i, i + SCOPE_CONCURRENCY).map(assignGroup));
    }
    return batch.map((i) => done.get(i.id)!);
  }

  private async assignOne(item: ItemAnalysis, kept: AnalyzedItem | undefined, pool: Assigned[]): Promise<Assigned> {
    const { eventKey, ...analysis } = item;
    const original = this.duplicateOf(analysis, pool);
    if (kept) {
      const duplicateOf = kept.simhash === analysis.simhash ? kept.duplicateOf : original?.id;
      return withDuplicate({ ...analysis, eventId: kept.eventId }, duplicateOf);
    }
    if (original) return withDuplicate({ ...analysis, eventId: original.eventId }, original.id);
    return { ...analysis, eventId: await this.cluster(analysis, eventKey, pool) };
  }

  /** The earliest item (the root of any copy chain) this one nearly duplicates, in its place. */
  private duplicateOf(item: Omit<Assigned, 'eventId'>, pool: readonly Assigned[]): { id: string; eventId: string } | undefined {
    const place = this.scopeOf(item).place;
    const vector = this.vectorOf(item);
    const copies = pool
      .filter(
        (c) =>
          c.id !== item.id &&
          this.scopeOf(c).place === place &&
          hammingDistance(c.simhash, item.simhash) <= this.settings.rules.duplicateHamming &&
          cosine(vector, this.vectorOf(c)) >= this.settings.rules.duplicateSimilarity,
      )
      .sort(byTimeThenId);
    const first = copies[0];
    if (!first) return undefined;
    const rootId = first.duplicateOf ?? first.id;
    return { id: rootId, eventId: pool.find((c) => c.id === rootId)?.eventId ?? first.eventId };
  }

  private async cluster(item: Omit<Assigned, 'eventId'>, dayKey: string, pool: Assigned[]): Promise<string> {
    const scope = scopeKey(this.scopeOf(item));
    const members = new Map<string, Assigned[]>();
    for (const c of pool) {
      if (scopeKey(this.scopeOf(c)) !== scope) continue;
      members.set(c.eventId, [...(members.get(c.eventId) ?? []), c]);
    }
    let best: { eventId: string; similarity: number } | undefined;
    for (const [eventId, items] of [...members].sort(([a], [b]) => a.localeCompare(b))) {
      const similarity = this.similarity(item, items);
      if (similarity >= this.settings.rules.minSimilarity && similarity > (best?.similarity ?? -1)) best = { eventId, similarity };
    }
    return best?.eventId ?? this.dayEvent(item, dayKey, pool);
  }

  /**
   * A new event's id: the first of the scope's day keys (dayKey, then dayKey numbered 2, 3, …)
   * that names no event yet. A key naming an event the candidates did not show (another analyzer
   * started it since they were read) is joined when the item fits it, so two analyzers starting
   * one event at once converge on it whichever of them indexes first.
   */
  private async dayEvent(item: Omit<Assigned, 'eventId'>, dayKey: string, pool: Assigned[]): Promise<string> {
    for (let n = 1; ; n++) {
      const key = n === 1 ? dayKey : numberedDayEventKey(dayKey, n);
      // An event among the candidates was weighed already and did not fit.
      if (pool.some((c) => c.eventId === key)) continue;
      const members = (await this.settings.index.searchItems({ eventId: key, sort: 'newest', page: { limit: MAX_PAGE } })).hits;
      if (members.length === 0) return key;
      pool.push(...members.filter((c) => !this.batchIds.has(c.id)));
      if (this.similarity(item, members) >= this.settings.rules.minSimilarity) return key;
    }
  }

  /** The item's similarity to an event's centroid, or -1 when none of the event's items lies within the window. */
  private similarity(item: Omit<Assigned, 'eventId'>, members: readonly Assigned[]): number {
    const at = Date.parse(item.publishedAt);
    if (!members.some((c) => Math.abs(Date.parse(c.publishedAt) - at) <= this.settings.rules.windowHours * HOUR)) return -1;
    return cosine(this.vectorOf(item), centroid(members.map((c) => this.vectorOf(c))));
  }

  private vectorOf(item: Pick<AnalyzedItem, 'id' | 'tokens'>): TextVector {
    let v = this.vectors.get(item.id);
    if (!v) {
      v = textVector(item.tokens);
      this.vectors.set(item.id, v);
    }
    return v;
  }

  private async stored(ids: string[]): Promise<Map<string, AnalyzedItem>> {
    const found = new Map<string, AnalyzedItem>();
    for (let i = 0; i < ids.length; i += MAX_PAGE) {
      const page = ids.slice(i, i + MAX_PAGE);
      for (const hit of (await this.settings.index.searchItems({ ids: page, page: { limit: MAX_PAGE } })).hits) found.set(hit.id, hit);
    }
    return found;
  }

  /**
   * Indexed items the group might join: its topic and place within the window around the
   * group's times (newest first), and near-duplicate candidates sharing a simhash band.
   */
  private async candidates(group: readonly ItemAnalysis[]): Promise<Assigned[]> {
    const { topic, place } = this.scopeOf(group[0]!);
    const times = group.map((i) => Date.parse(i.publishedAt));
    const windowMs = this.settings.rules.windowHours * HOUR;
    const places = place ? [place] : undefined;
    const near: ItemQuery = {
      ...(topic !== 'unclassified' ? { topics: [topic] } : {}),
      ...(places ? { places } : {}),
      from: new Date(Math.min(...times) - windowMs).toISOString(),
      to: new Date(Math.max(...times) + windowMs + 1).toISOString(),
      sort: 'newest',
      page: { limit: MAX_PAGE },
    };
    const bands = [...new Set(group.flatMap((i) => simhashBands(i.simhash)))];
    const [inWindow, copies] = await Promise.all([
      this.settings.index.searchItems(near),
      this.settings.index.searchItems({ simhashBands: bands, ...(places ? { places } : {}), sort: 'newest', page: { limit: MAX_PAGE } }),
    ]);
    const byId = new Map<string, Assigned>();
    for (const hit of [...inWindow.hits, ...copies.hits]) if (!this.batchIds.has(hit.id)) byId.set(hit.id, hit);
    return [...byId.values()];
  }
}

function withDuplicate(item: Assigned, duplicateOf: string | undefined): Assigned {
  const { duplicateOf: _old, ...rest } = item;
  return duplicateOf ? { ...rest, duplicateOf } : rest;
}

function byTimeThenId(a: Pick<AnalyzedItem, 'publishedAt' | 'id'>, b: Pick<AnalyzedItem, 'publishedAt' | 'id'>): number {
  return Date.parse(a.publishedAt) - Date.parse(b.publishedAt) || a.id.localeCompare(b.id);
}
