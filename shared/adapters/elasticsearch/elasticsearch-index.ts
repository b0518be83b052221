import { Client, type estypes } from '@elastic/elasticsearch';
import type { Alert } from '../../domain/alert.ts';
import type { AnalyzedItem } from '../../domain/analyzed-item.ts';
import type { DeadLetter } from '../../domain/dead-letter.ts';
import type { Event } from '../../domain/event.ts';
import type { Logger } from '../../logger.ts';
import type {
  AggregationResult,
  AlertQuery,
  Bucket,
  DeadLetterQuery,
  EventQuery,
  Hits,
  ItemAggregations,
  ItemQuery,
  Page,
  SearchIndex,
  Segmenter,
  TermsField,
} from '../../ports/search-index.ts';
import { simhashBands } from '../../ports/search-terms.ts';
import { bulkItemError, isAlreadyExists, safeUrl, translateError } from './elasticsearch-errors.ts';
import { documentTerms, eventQuery, eventSort, itemAggregations, itemQuery, itemSort, pageOf } from './elasticsearch-queries.ts';
import { INDEXED, storedDocument, type StoredKind } from '../stored-document.ts';
import { BANDS, IndexLayout, MAPPINGS, TERMS, type Kind } from './index-layout.ts';

export interface ElasticsearchIndexOptions {
  /** e.g. http://127.0.0.1:9200; credentials may be given in the URL. */
  url: string;
  /** Namespaces every index, alias and template, so several deployments or tests share a cluster. */
  prefix: string;
  segment: Segmenter;
  logger: Logger;
  /** Per request; the client retries connection failures on its own before we see them. */
  requestTimeoutMs?: number;
}

type Query = estypes.QueryDslQueryContainer;
type Operation = estypes.BulkOperationContainer | Record<string, unknown>;
type ItemAggs = Partial<Record<TermsField, estypes.AggregationsStringTermsAggregate>> & {
  histogram?: estypes.AggregationsDateHistogramAggregate;
};

/** What the locator knows about a stored item: its monthly index and revision. */
interface Located {
  index: string;
  revision: number;
}

const SINGLE_KINDS = ['item-ids', 'events', 'alerts', 'dead-letters'] as const;

/**
 * Index by id through an alias. require_alias: should the index behind it be gone, the write
 * fails instead of auto-creating a stray index with guessed mappings under the alias's name.
 */
function intoAlias(alias: string, id: string, version?: number): estypes.BulkOperationContainer {
  const versioned = version === undefined ? {} : { version, version_type: 'external_gte' as const };
  return { index: { _index: alias, _id: id, require_alias: true, ...versioned } };
}

/** Deletes a copy only if it is not newer than `revision` (external versioning, as on write). */
function deleteUpTo(index: string, id: string, revision: number): estypes.BulkOperationContainer {
  return { delete: { _index: index, _id: id, version: revision, version_type: 'external_gte' } };
}

function bucketsOf<T>(buckets: estypes.AggregationsBuckets<T> | undefined): T[] {
  if (!buckets) return [];
  return Array.isArray(buckets) ? buckets : Object.values(buckets);
}

function totalOf(total: estypes.SearchTotalHits | number | undefined): number {
  return typeof total === 'number' ? total : (total?.value ?? 0);
}

/** Of several versions of one id in a batch, the one a sequence of upserts would keep: the last of the highest revision. */
function latestPerId(items: AnalyzedItem[]): AnalyzedItem[] {
  const byId = new Map<string, AnalyzedItem>();
  for (const item of items) {
    const kept = byId.get(item.id);
    if (!kept || kept.revision <= item.revision) byId.set(item.id, item);
  }
  return [...byId.values()];
}

/**
 * The scaled SearchIndex on Elasticsearch 8. Items live in monthly indices behind one alias;
 * a small locator index (id → monthly index, versioned by revision) lets getItem read in real
 * time and lets an upsert move an item whose publishedAt changed month without leaving a copy
 * behind. The revision rule is enforced by external versioning (version = revision,
 * external_gte), which needs no scripting module. Writes do not refresh; call refresh() when a
 * search must see them.
 */
export class ElasticsearchIndex implements SearchIndex {
  private readonly client: Client;
  private readonly layout: IndexLayout;
  private readonly segment: Segmenter;
  private readonly logger: Logger;
  private readonly url: string;
  /** Monthly indices known to exist, so each is created at most once per process. */
  private readonly monthly = new Set<string>();

  private constructor(opts: ElasticsearchIndexOptions) {
    this.url = opts.url;
    this.layout = new IndexLayout(opts.prefix);
    this.segment = opts.segment;
    this.logger = opts.logger.child({ component: 'elasticsearch-index', url: safeUrl(opts.url), prefix: opts.prefix });
    this.client = new Client({ node: opts.url, requestTimeout: opts.requestTimeoutMs ?? 30_000, maxRetries: 2 });
  }

  /**
   * Checks that the server answers and puts the index templates and indices in place
   * (idempotent: safe from many processes at once). Throws UnavailableError when the server
   * cannot be reached, so the caller can retry with backoff.
   */
  static async connect(opts: ElasticsearchIndexOptions): Promise<ElasticsearchIndex> {
    const index = new ElasticsearchIndex(opts);
    try {
      await index.prepare();
    } catch (err) {
      await index.client.close();
      throw err;
    }
    return index;
  }

  private async prepare(): Promise<void> {
    // No client retries here: the caller backs off and retries connect() as a whole.
    const health = await this.call('check cluster health', () => this.client.cluster.health({}, { maxRetries: 0 }));
    const kinds = Object.keys(MAPPINGS) as Kind[];
    await Promise.all(kinds.map((kind) => this.call(`put the ${kind} template`, () => this.client.indices.putIndexTemplate(this.layout.template(kind)))));
    await Promise.all(SINGLE_KINDS.map((kind) => this.ensureIndex(this.layout.single(kind))));
    // Templates shape only new indices; additive mapping changes also reach existing ones.
    await Promise.all(
      kinds.map((kind) =>
        this.call(`update the ${kind} mapping`, () =>
          this.client.indices.putMapping({ index: this.layout.pattern(kind), allow_no_indices: true, ...MAPPINGS[kind] }),
        ),
      ),
    );
    this.logger.info({ cluster: health.cluster_name, status: health.status }, 'elasticsearch index ready');
  }

  /** Creates an index (its template supplies mappings and alias) unless it already exists. */
  private async ensureIndex(name: string): Promise<void> {
    await this.call(`create index ${name}`, async () => {
      if (await this.client.indices.exists({ index: name })) return;
      try {
        await this.client.indices.create({ index: name });
      } catch (err) {
        // Another process created it between our check and our create: that is success too.
        if (!isAlreadyExists(err)) throw err;
      }
    });
  }

  private async call<T>(action: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw translateError(err, this.url, action);
    }
  }

  /**
   * Runs a bulk request and returns each operation's outcome; statuses in `tolerated` are
   * expected outcomes (a version conflict, a missing document), any other failure throws.
   */
  private async bulk(action: string, operations: Operation[], tolerated: number[] = []): Promise<(estypes.BulkResponseItem | undefined)[]> {
    if (operations.length === 0) return [];
    const res = await this.call(action, () => this.client.bulk({ operations }));
    // One entry per operation, in order, keyed by the operation type.
    const outcomes = res.items.map((entry) => Object.values(entry)[0]);
    const failed = outcomes.find((r) => r?.error && !tolerated.includes(r.status));
    if (failed) throw bulkItemError(this.url, `${action} (${failed._id ?? '?'})`, failed.status, failed.error);
    return outcomes;
  }

  async upsertItems(items: AnalyzedItem[]): Promise<void> {
    const latest = latestPerId(items);
    if (latest.length === 0) return;
    const located = await this.locate(latest.map((i) => i.id));
    // The locator already skips anything older than what is stored, wherever it is stored.
    const writes = latest
      .filter((item) => (located.get(item.id)?.revision ?? -1) <= item.revision)
      .map((item) => ({ item, target: this.layout.monthlyItems(item.publishedAt), previous: located.get(item.id) }));
    for (const target of new Set(writes.map((w) => w.target))) {
      if (!this.monthly.has(target)) {
        await this.ensureIndex(target);
        this.monthly.add(target);
      }
    }

    // 1. The items themselves; 409 means the monthly index already holds a newer revision.
    const written = await this.bulk(
      'index items',
      writes.flatMap(({ item, target }) => [
        { index: { _index: target, _id: item.id, version: item.revision, version_type: 'external_gte' } },
        { ...item, [TERMS]: documentTerms(this.segment, [item.title, item.normText]), [BANDS]: simhashBands(item.simhash) },
      ]),
      [409],
    );
    const landed = writes.filter((_, i) => !written[i]?.error);

    // 2. Point the locator at the new home, then drop the copy in the month it left. The
    // locator moves only after the item is in place, so getItem never finds nothing.
    const locatorOps: Operation[] = landed.flatMap(({ item, target }) => [
      intoAlias(this.layout.alias('item-ids'), item.id, item.revision),
      { index: target },
    ]);
    const pointed = await this.bulk('record item locations', locatorOps, [409]);
    const cleanup: Operation[] = [];
    landed.forEach(({ item, target, previous }, i) => {
      if (pointed[i]?.error) {
        // A newer revision was recorded meanwhile by another writer: ours must not linger.
        this.logger.warn({ id: item.id, revision: item.revision }, 'item superseded while being written');
        cleanup.push(deleteUpTo(target, item.id, item.revision));
      } else if (previous && previous.index !== target) {
        cleanup.push(deleteUpTo(previous.index, item.id, item.revision));
      }
    });
    await this.bulk('remove moved items', cleanup, [404, 409]);
  }

  /** Where each id is stored, read in real time (no refresh needed). */
  private async locate(ids: string[]): Promise<Map<string, Located>> {
    const res = await this.call('locate items', () =>
      this.client.mget<{ index: string }>({ index: this.layout.alias('item-ids'), ids, realtime: true }),
    );
    const located = new Map<string, Located>();
    for (const doc of res.docs) {
      if ('found' in doc && doc.found && doc._source && doc._version !== undefined) {
        located.set(doc._id, { index: doc._source.index, revision: doc._version });
      }
    }
    return located;
  }

  async getItem(id: string): Promise<AnalyzedItem | undefined> {
    const where = (await this.locate([id])).get(id);
    return where ? this.getDoc(INDEXED.item, where.index, id, [BANDS]) : undefined;
  }

  private async getDoc<T>(kind: StoredKind<T>, index: string, id: string, excludes?: string[]): Promise<T | undefined> {
    const res = await this.call(`get ${id}`, () =>
      this.client.get<unknown>({ index, id, ...(excludes ? { _source_excludes: excludes } : {}) }, { ignore: [404] }),
    );
    return res.found ? storedDocument(kind, res._source) : undefined;
  }

  async searchItems(query: ItemQuery): Promise<Hits<AnalyzedItem>> {
    const q = itemQuery(this.segment, query);
    if (!q) return { total: 0, hits: [] };
    return this.page(INDEXED.item, this.layout.alias('items'), q, itemSort(query.sort), query.page, [BANDS]);
  }

  async aggregateItems(query: ItemQuery, aggs: ItemAggregations): Promise<AggregationResult> {
    const q = itemQuery(this.segment, query);
    if (!q) return { total: 0, terms: {}, ...(aggs.histogram ? { histogram: [] } : {}) };
    const res = await this.call('aggregate items', () =>
      this.client.search<never, ItemAggs>({
        ...this.readable(this.layout.alias('items')),
        query: q,
        size: 0,
        track_total_hits: true,
        aggs: itemAggregations(aggs),
      }),
    );
    const terms: AggregationResult['terms'] = {};
    for (const field of aggs.terms ?? []) {
      terms[field] = bucketsOf(res.aggregations?.[field]?.buckets).map((b): Bucket => ({ key: String(b.key), count: b.doc_count }));
    }
    const result: AggregationResult = { total: totalOf(res.hits.total), terms };
    if (aggs.histogram) {
      result.histogram = bucketsOf(res.aggregations?.histogram?.buckets).map((b) => ({
        key: new Date(b.key).toISOString(),
        count: b.doc_count,
      }));
    }
    return result;
  }

  async upsertEvents(events: Event[]): Promise<void> {
    await this.bulk(
      'index events',
      events.flatMap((event) => [
        intoAlias(this.layout.alias('events'), event.id),
        { ...event, [TERMS]: documentTerms(this.segment, [event.title]) },
      ]),
    );
  }

  async getEvent(id: string): Promise<Event | undefined> {
    return this.getDoc(INDEXED.event, this.layout.alias('events'), id);
  }

  async searchEvents(query: EventQuery): Promise<Hits<Event>> {
    const q = eventQuery(this.segment, query);
    if (!q) return { total: 0, hits: [] };
    return this.page(INDEXED.event, this.layout.alias('events'), q, eventSort(query.sort), query.page);
  }

  async upsertAlerts(alerts: Alert[]): Promise<void> {
    await this.bulk(
      'index alerts',
      alerts.flatMap((alert) => [intoAlias(this.layout.alias('alerts'), alert.id), alert]),
    );
  }

  /** Real-time (the get API reads what is written before a refresh shows it to searches). */
  async getAlert(id: string): Promise<Alert | undefined> {
    return this.getDoc(INDEXED.alert, this.layout.alias('alerts'), id);
  }

  async searchAlerts(query: AlertQuery): Promise<Hits<Alert>> {
    const filter: Query[] = [
      ...(query.eventIds?.length ? [{ terms: { eventId: query.eventIds } }] : []),
      ...(query.since ? [{ range: { createdAt: { gte: Date.parse(query.since) } } }] : []),
      ...(query.levels?.length ? [{ terms: { level: query.levels } }] : []),
    ];
    return this.page(INDEXED.alert, this.layout.alias('alerts'), { bool: { filter } }, [{ createdAt: 'desc' }, { id: 'asc' }], query.page);
  }

  async upsertDeadLetters(letters: DeadLetter[]): Promise<void> {
    await this.bulk(
      'index dead letters',
      letters.flatMap((letter) => [intoAlias(this.layout.alias('dead-letters'), letter.id), letter]),
    );
  }

  async searchDeadLetters(query: DeadLetterQuery): Promise<Hits<DeadLetter>> {
    const filter: Query[] = query.origin !== undefined ? [{ term: { origin: query.origin } }] : [];
    return this.page(INDEXED.deadLetter, this.layout.alias('dead-letters'), { bool: { filter } }, [{ at: 'desc' }, { id: 'asc' }], query.page);
  }

  /** Search options for an alias that may not exist yet (no item written): an empty result, not an error. */
  private readable(index: string): Pick<estypes.SearchRequest, 'index' | 'ignore_unavailable' | 'allow_no_indices'> {
    return { index, ignore_unavailable: true, allow_no_indices: true };
  }

  private async page<T>(
    kind: StoredKind<T>,
    index: string,
    query: Query,
    sort: estypes.SortCombinations[],
    page: Page | undefined,
    excludes?: string[],
  ): Promise<Hits<T>> {
    const { size, from } = pageOf(page);
    const res = await this.call(`search ${index}`, () =>
      this.client.search<unknown>({
        ...this.readable(index),
        query,
        sort,
        from,
        size,
        track_total_hits: true,
        ...(excludes ? { _source_excludes: excludes } : {}),
      }),
    );
    return { total: totalOf(res.hits.total), hits: res.hits.hits.flatMap((h) => (h._source === undefined ? [] : [storedDocument(kind, h._source)])) };
  }

  async refresh(): Promise<void> {
    const aliases = (['items', 'events', 'alerts', 'dead-letters'] as const).map((k) => this.layout.alias(k));
    await this.call('refresh', () => this.client.indices.refresh({ index: aliases, ignore_unavailable: true, allow_no_indices: true }));
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}
