import type { AnalyzedItem } from '../../shared/domain/analyzed-item.ts';
import type { ItemQuery, SearchIndex } from '../../shared/ports/search-index.ts';
import { MAX_PAGE, simhashBands } from '../../shared/ports/search-terms.ts';
import type { Gazetteer } from '../../shared/domain/gazetteer.ts';
import type { ClusteringRules } from './alert-rules.ts';
import type { AnalyzerRules } from './analyzer-config.ts';
import { numberedDayEventKey, placeOf } from './event-scope.ts';
import { IncidentVectors, regionNames } from './incident-terms.ts';
import type { ItemAnalysis } from './item-analyzer.ts';
import { textOverlap } from './near-duplicate.ts';
import { hammingDistance } from './simhash.ts';
import { centroid, cosine, type TextVector } from './text-vector.ts';
import { focusParents, primaryTopic } from './topic-judge.ts';

const HOUR = 3600_000;
const SCOPE_CONCURRENCY = 8;

type Assigned = AnalyzedItem;

/** What an assigner is configured with: the index it reads and the clustering rules. */
interface AssignerSettings {
  readonly index: SearchIndex;
  readonly rules: ClusteringRules;
  /** Focus topic → the first-level category it sits under. */
  readonly parentOf: ReadonlyMap<string, string>;
  readonly vectors: IncidentVectors;
}

/** Names that only say a text is in the county or one of its townships: every text of a place shares them. */
function placeNames(gazetteer: Gazetteer): string[] {
  return [...regionNames(gazetteer.county), ...gazetteer.townships.flatMap((t) => [...regionNames(t.name), ...t.aliases])];
}

/**
 * Gives each analyzed item its event and, for a copy or repost, the item it copies.
 *
 * - An item already in the index keeps its eventId (and its duplicateOf while its simhash is
 *   unchanged), so redelivery never moves it.
 * - A near-duplicate (same place, simhash within duplicateHamming bits and at least
 *   duplicateSimilarity of the shorter text's shingles in the other) of an indexed or earlier
 *   item joins that item's event and points at the earliest copy: copies collapse into one.
 * - Otherwise the item joins the event of its place that it fits best (fit ≥ minSimilarity)
 *   among those with an item within windowHours: the rare terms it shares with the event,
 *   raised when they share a topic and when they are close in time. So a burst across midnight
 *   or a slow trickle stays one event, and two incidents of one topic in one township split.
 * - An item fitting a second event nearly as well as its best (mergeRatio) merges them into
 *   the older: items and alerts move, the younger stays as the record (status merged).
 * - A new event takes the deterministic key of (place, China day) from the item analyzer, or
 *   when that names another event, the key numbered 2, 3, …: two analyzers starting one event
 *   at once pick the same id and converge (see dayEvent).
 *
 * Everything it weighs is computed from the items themselves and the index, never from state
 * kept between batches, so batches may be assigned side by side.
 */
export class EventAssigner {
  private readonly settings: AssignerSettings;

  /** The rare-term vectors it compares texts by; another assigner over the same rules may share them. */
  get vectors(): IncidentVectors {
    return this.settings.vectors;
  }

  constructor(index: SearchIndex, rules: Pick<AnalyzerRules, 'alerts' | 'topics' | 'gazetteer'>, vectors?: IncidentVectors) {
    this.settings = {
      index,
      rules: rules.alerts.clustering,
      parentOf: focusParents(rules.topics),
      vectors: vectors ?? IncidentVectors.load(placeNames(rules.gazetteer)),
    };
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
  /** Events merged in this batch: merged id → the id it now goes by. */
  private readonly renamed = new Map<string, string>();

  constructor(
    private readonly settings: AssignerSettings,
    private readonly batch: readonly ItemAnalysis[],
  ) {
    this.batchIds = new Set(batch.map((i) => i.id));
  }

  private topicOf(item: Pick<AnalyzedItem, 'topics'>): string | undefined {
    return primaryTopic(item.topics, this.settings.parentOf)?.code;
  }

  async run(): Promise<Assigned[]> {
    const batch = this.batch;
    const stored = await this.stored(batch.map((i) => i.id));
    const byPlace = new Map<string, ItemAnalysis[]>();
    for (const item of [...batch].sort(byTimeThenId)) {
      const place = placeOf(item);
      byPlace.set(place, [...(byPlace.get(place) ?? []), item]);
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
    // Places never share candidates or day keys, so they are assigned side by side: a
    // server-backed index then spends its round trips in parallel.
    const groups = [...byPlace.values()];
    for (let i = 0; i < groups.length; i += SCOPE_CONCURRENCY) {
      await Promise.all(groups.slice(i, i + SCOPE_CONCURRENCY).map(assignGroup));
    }
    return batch.map((i) => {
      const assigned = done.get(i.id)!;
      return this.renamed.has(assigned.eventId) ? { ...assigned, eventId: this.finalId(assigned.eventId) } : assigned;
    });
  }

  /** The id an event goes by after this batch's merges (a merged event's target may itself have been merged). */
  private finalId(eventId: string): string {
    let id = eventId;
    while (this.renamed.has(id)) id = this.renamed.get(id)!;
    return id;
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
    const place = placeOf(item);
    const copies = pool
      .filter(
        (c) =>
          c.id !== item.id &&
          placeOf(c) === place &&
          hammingDistance(c.simhash, item.simhash) <= this.settings.rules.duplicateHamming &&
          textOverlap(item.normText, c.normText) >= this.settings.rules.duplicateSimilarity,
      )
      .sort(byTimeThenId);
    const first = copies[0];
    if (!first) return undefined;
    const rootId = first.duplicateOf ?? first.id;
    return { id: rootId, eventId: pool.find((c) => c.id === rootId)?.eventId ?? first.eventId };
  }

  private async cluster(item: Omit<Assigned, 'eventId'>, dayKey: string, pool: Assigned[]): Promise<string> {
    const place = placeOf(item);
    const members = new Map<string, Assigned[]>();
    for (const c of pool) {
      if (placeOf(c) !== place) continue;
      members.set(c.eventId, [...(members.get(c.eventId) ?? []), c]);
    }
    const fits = [...members]
      .map(([eventId, items]) => ({ eventId, items, similarity: this.fit(item, items) }))
      .filter((f) => f.similarity >= this.settings.rules.minSimilarity)
      .sort((a, b) => b.similarity - a.similarity || a.eventId.localeCompare(b.eventId));
    const best = fits[0];
    if (!best) return this.dayEvent(item, dayKey, pool);
    // An item that fits a second event nearly as well as its best shows the two were one
    // incident all along, split before the analyzer learned it: they become one event.
    const same = fits.filter((f) => f.similarity >= this.settings.rules.mergeRatio * best.similarity);
    if (same.length === 1) return best.eventId;
    const oldest = (f: (typeof fits)[number]) => Math.min(...f.items.map((c) => Date.parse(c.publishedAt)));
    const [target, ...younger] = same.sort((a, b) => oldest(a) - oldest(b) || a.eventId.localeCompare(b.eventId));
    for (const y of younger) await this.merge(y.eventId, target!.eventId, item.publishedAt, pool);
    return target!.eventId;
  }

  /**
   * Merges an event into an older one: its items (indexed, and in this batch) and its alerts
   * move to the older id, so an incident keeps one event and its alerts count once; the event
   * itself stays as the record of the merge (status merged, mergedInto), which searches skip.
   */
  private async merge(from: string, into: string, at: string, pool: Assigned[]): Promise<void> {
    const { index } = this.settings;
    this.renamed.set(from, into);
    for (const [i, c] of pool.entries()) if (c.eventId === from) pool[i] = { ...c, eventId: into };
    for (;;) {
      const { hits } = await index.searchItems({ eventId: from, sort: 'oldest', page: { limit: MAX_PAGE } });
      const indexed = hits.filter((h) => !this.batchIds.has(h.id));
      if (indexed.length === 0) break;
      await index.upsertItems(indexed.map((h) => ({ ...h, eventId: into })));
      await index.refresh();
    }
    const alerts = (await index.searchAlerts({ eventIds: [from], page: { limit: MAX_PAGE } })).hits;
    if (alerts.length) await index.upsertAlerts(alerts.map((a) => ({ ...a, eventId: into })));
    const event = await index.getEvent(from);
    if (event) await index.upsertEvents([{ ...event, status: 'merged', mergedInto: into, mergedAt: at }]);
  }

  /**
   * A new event's id: the first of the place's day keys (dayKey, then dayKey numbered 2, 3, …)
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
      if (this.fit(item, members) >= this.settings.rules.minSimilarity) return key;
    }
  }

  /**
   * How well the item fits an event: the cosine of its rare terms with the event's centroid
   * (0 below minTextSimilarity), raised by topicWeight when a member shares its topic and by up to timeWeight when a member
   * is close in time (halving every timeScaleHours·ln2). -1 when no member lies within the window.
   */
  private fit(item: Omit<Assigned, 'eventId'>, members: readonly Assigned[]): number {
    const { windowHours, topicWeight, timeWeight, timeScaleHours, minTextSimilarity } = this.settings.rules;
    const at = Date.parse(item.publishedAt);
    const nearest = Math.min(...members.map((c) => Math.abs(Date.parse(c.publishedAt) - at)));
    if (nearest > windowHours * HOUR) return -1;
    const text = cosine(this.vectorOf(item), centroid(members.map((c) => this.vectorOf(c))));
    // Topic and time raise what the texts share; they never make up for sharing nothing particular.
    if (text < minTextSimilarity) return 0;
    const topic = this.topicOf(item);
    const sameTopic = topic !== undefined && members.some((c) => this.topicOf(c) === topic);
    return text * (1 + (sameTopic ? topicWeight : 0)) * (1 + timeWeight * Math.exp(-nearest / (timeScaleHours * HOUR)));
  }

  private vectorOf(item: Pick<AnalyzedItem, 'id' | 'normText' | 'region' | 'topics'>): TextVector {
    let v = this.vectors.get(item.id);
    if (!v) {
      // A focus topic's keywords (拖欠, 工资) are weighed by the topic factor; counted again as
      // shared words they would join any two complaints of the topic in one township.
      // (A cue's evidence names its words joined by +: 欠+工资.)
      const focusWords = item.topics.filter((t) => this.settings.parentOf.has(t.code)).flatMap((t) => t.evidence.flatMap((e) => e.split('+')));
      v = this.settings.vectors.vector(item.normText, [...regionNames(item.region), ...focusWords]);
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
   * Indexed items the group might join: its place within the window around the group's times
   * (newest first), and near-duplicate candidates sharing a simhash band.
   */
  private async candidates(group: readonly ItemAnalysis[]): Promise<Assigned[]> {
    const place = placeOf(group[0]!);
    const times = group.map((i) => Date.parse(i.publishedAt));
    const windowMs = this.settings.rules.windowHours * HOUR;
    const places = place ? [place] : undefined;
    const near: ItemQuery = {
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
