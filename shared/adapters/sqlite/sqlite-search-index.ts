import type { Alert } from '../../domain/alert.ts';
import type { AnalyzedItem } from '../../domain/analyzed-item.ts';
import type { DeadLetter } from '../../domain/dead-letter.ts';
import { levelRank, type Event } from '../../domain/event.ts';
import { CHINA_OFFSET_MS } from '../../domain/time.ts';
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
import { indexTerms, MAX_PAGE, queryTerms, simhashBands } from '../../ports/search-terms.ts';
import { INDEXED, storedDocument, type StoredKind } from '../stored-document.ts';
import { openSqlite, type SqliteDatabase } from './open-sqlite.ts';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS items (
  rid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, revision INTEGER NOT NULL,
  published_at INTEGER NOT NULL, source_kind TEXT NOT NULL, event_id TEXT NOT NULL,
  risk REAL NOT NULL, doc TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS items_published ON items (published_at);
CREATE INDEX IF NOT EXISTS items_event ON items (event_id);
CREATE TABLE IF NOT EXISTS item_terms (
  rid INTEGER NOT NULL, field TEXT NOT NULL, value TEXT NOT NULL,
  PRIMARY KEY (field, value, rid)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS item_terms_rid ON item_terms (rid);
CREATE VIRTUAL TABLE IF NOT EXISTS items_fts USING fts5 (terms, tokenize = 'unicode61 remove_diacritics 0');

CREATE TABLE IF NOT EXISTS events (
  rid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, last_seen INTEGER NOT NULL,
  level_rank INTEGER NOT NULL, heat REAL NOT NULL, doc TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS event_terms (
  rid INTEGER NOT NULL, field TEXT NOT NULL, value TEXT NOT NULL,
  PRIMARY KEY (field, value, rid)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS event_terms_rid ON event_terms (rid);
CREATE VIRTUAL TABLE IF NOT EXISTS events_fts USING fts5 (terms, tokenize = 'unicode61 remove_diacritics 0');

CREATE TABLE IF NOT EXISTS alerts (
  id TEXT PRIMARY KEY, event_id TEXT NOT NULL, level_rank INTEGER NOT NULL,
  created_at INTEGER NOT NULL, doc TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS alerts_created ON alerts (created_at);
CREATE TABLE IF NOT EXISTS dead_letters (
  id TEXT PRIMARY KEY, origin TEXT NOT NULL, at INTEGER NOT NULL, doc TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS dead_letters_at ON dead_letters (at);
`;

type Param = string | number;

/** A WHERE clause assembled from optional filters, with its parameters in order. */
class Where {
  readonly parts: string[] = [];
  readonly params: Param[] = [];

  add(sql: string, ...params: Param[]): void {
    this.parts.push(sql);
    this.params.push(...params);
  }

  /** Rows having at least one of `values` in the terms table for `field`. */
  anyTerm(table: string, field: string, values: string[] | undefined): void {
    if (!values?.length) return;
    this.add(
      `EXISTS (SELECT 1 FROM ${table} t WHERE t.rid = main.rid AND t.field = ? AND t.value IN (${values.map(() => '?').join(',')}))`,
      field,
      ...values,
    );
  }

  /** Rows having none of `values` in the terms table for `field`. */
  noTerm(table: string, field: string, values: string[] | undefined): void {
    if (!values?.length) return;
    this.add(
      `NOT EXISTS (SELECT 1 FROM ${table} t WHERE t.rid = main.rid AND t.field = ? AND t.value IN (${values.map(() => '?').join(',')}))`,
      field,
      ...values,
    );
  }

  in(column: string, values: Param[] | undefined): void {
    if (!values?.length) return;
    this.add(`${column} IN (${values.map(() => '?').join(',')})`, ...values);
  }

  toString(): string {
    return this.parts.length ? `WHERE ${this.parts.join(' AND ')}` : '';
  }
}

function pageOf(page: Page | undefined): { limit: number; offset: number } {
  return { limit: Math.min(Math.max(page?.limit ?? 20, 0), MAX_PAGE), offset: Math.max(page?.offset ?? 0, 0) };
}

/** FTS5 query requiring every term, each quoted so user text cannot inject query syntax. */
function ftsQuery(terms: string[]): string {
  return terms.map((t) => `"${t.replaceAll('"', '""')}"`).join(' ');
}

const TERM_FIELDS: Record<Exclude<TermsField, 'sourceKind' | 'event'>, string> = {
  topic: 'topic',
  place: 'place',
  department: 'department',
  matter: 'matter',
  handlingUnit: 'unit',
  appealType: 'appeal',
};
/** Terms counted from a column of the items table rather than the side table. */
const COLUMN_FIELDS: Partial<Record<TermsField, string>> = { sourceKind: 'main.source_kind', event: 'main.event_id' };

/**
 * The embedded search index: documents as JSON rows, filter fields in side tables, and
 * FTS5 over the segmented text (words joined by spaces, so FTS5's tokenizer splits exactly
 * where the segmenter did).
 */
export class SqliteSearchIndex implements SearchIndex {
  private readonly db: SqliteDatabase;

  constructor(opts: { path: string; segment: Segmenter }) {
    this.db = openSqlite(opts.path, { durable: false });
    this.db.exec(SCHEMA);
    this.segment = opts.segment;
  }

  private readonly segment: Segmenter;

  async upsertItems(items: AnalyzedItem[]): Promise<void> {
    const current = this.db.prepare('SELECT rid, revision FROM items WHERE id = ?');
    const insert = this.db.prepare(
      `INSERT INTO items (id, revision, published_at, source_kind, event_id, risk, doc) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET revision = excluded.revision, published_at = excluded.published_at,
         source_kind = excluded.source_kind, event_id = excluded.event_id, risk = excluded.risk, doc = excluded.doc
       RETURNING rid`,
    );
    const sideRows = this.sideRowWriter('item');
    const prepared = items.map((item) => ({ item, terms: indexTerms(this.segment, [item.title, item.normText]) }));
    this.db.transaction(() => {
      for (const { item, terms } of prepared) {
        const existing = current.get(item.id) as { rid: number; revision: number } | undefined;
        if (existing && existing.revision > item.revision) continue;
        const { rid } = insert.get(
          item.id,
          item.revision,
          Date.parse(item.publishedAt),
          item.source.kind,
          item.eventId,
          item.risk.score,
          JSON.stringify(item),
        ) as { rid: number };
        sideRows(
          rid,
          {
            topic: item.topics.map((t) => t.code),
            place: item.places,
            department: item.departments,
            band: simhashBands(item.simhash),
            author: item.author ? [item.author.key] : [],
            [TERM_FIELDS.matter]: item.hotline?.matter ? [item.hotline.matter] : [],
            [TERM_FIELDS.handlingUnit]: item.hotline?.handlingUnit ? [item.hotline.handlingUnit] : [],
            [TERM_FIELDS.appealType]: item.hotline?.appealType ? [item.hotline.appealType] : [],
          },
          terms,
        );
      }
    })();
  }

  async getItem(id: string): Promise<AnalyzedItem | undefined> {
    const row = this.db.prepare('SELECT doc FROM items WHERE id = ?').get(id) as { doc: string } | undefined;
    return row ? storedDocument(INDEXED.item, JSON.parse(row.doc)) : undefined;
  }

  async searchItems(query: ItemQuery): Promise<Hits<AnalyzedItem>> {
    const { from, where } = this.itemFilter(query);
    if (!from) return { total: 0, hits: [] };
    const { limit, offset } = pageOf(query.page);
    const ranked = from.includes('items_fts');
    const order = {
      relevance: ranked ? 'bm25(items_fts), main.published_at DESC' : 'main.published_at DESC',
      newest: 'main.published_at DESC',
      oldest: 'main.published_at ASC',
      risk: 'main.risk DESC, main.published_at DESC',
    }[query.sort ?? 'relevance'];
    const { total } = this.db.prepare(`SELECT COUNT(*) AS total ${from} ${where}`).get(...where.params) as { total: number };
    const rows = this.db
      .prepare(`SELECT main.doc ${from} ${where} ORDER BY ${order}, main.id LIMIT ? OFFSET ?`)
      .all(...where.params, limit, offset) as { doc: string }[];
    return { total, hits: rows.map((r) => storedDocument(INDEXED.item, JSON.parse(r.doc))) };
  }

  async aggregateItems(query: ItemQuery, aggs: ItemAggregations): Promise<AggregationResult> {
    const { from, where } = this.itemFilter(query);
    if (!from) return { total: 0, terms: {}, ...(aggs.histogram ? { histogram: [] } : {}) };
    const size = aggs.size ?? 10;
    const matching = `SELECT main.rid ${from} ${where}`;
    const { total } = this.db.prepare(`SELECT COUNT(*) AS total ${from} ${where}`).get(...where.params) as { total: number };
    const terms: AggregationResult['terms'] = {};
    for (const field of aggs.terms ?? []) {
      const column = COLUMN_FIELDS[field];
      const sql =
        column !== undefined
          ? `SELECT ${column} AS key, COUNT(*) AS count ${from} ${where} GROUP BY key ORDER BY count DESC, key LIMIT ?`
          : `SELECT value AS key, COUNT(*) AS count FROM item_terms WHERE field = '${TERM_FIELDS[field as keyof typeof TERM_FIELDS]}'
             AND rid IN (${matching}) GROUP BY key ORDER BY count DESC, key LIMIT ?`;
      terms[field] = this.db.prepare(sql).all(...where.params, size) as Bucket[];
    }
    const result: AggregationResult = { total, terms };
    if (aggs.histogram) {
      const width = aggs.histogram === 'hour' ? 3600_000 : 86_400_000;
      // Day buckets start at China midnight; hour buckets are the same in any whole-hour zone.
      const shift = aggs.histogram === 'day' ? CHINA_OFFSET_MS : 0;
      const rows = this.db
        .prepare(
          `SELECT ((main.published_at + ${shift}) / ${width}) * ${width} - ${shift} AS start, COUNT(*) AS count
           ${from} ${where} GROUP BY start ORDER BY start`,
        )
        .all(...where.params) as { start: number; count: number }[];
      result.histogram = rows.map((r) => ({ key: new Date(r.start).toISOString(), count: r.count }));
    }
    return result;
  }

  /** The FROM and WHERE shared by item search and aggregations; no FROM when nothing can match. */
  private itemFilter(query: ItemQuery): { from: string | undefined; where: Where } {
    const where = new Where();
    let from = 'FROM items main';
    if (query.text !== undefined && query.text.trim() !== '') {
      const terms = queryTerms(this.segment, query.text);
      if (terms.length === 0) return { from: undefined, where };
      from = 'FROM items main JOIN items_fts ON items_fts.rowid = main.rid';
      where.add('items_fts MATCH ?', ftsQuery(terms));
    }
    where.anyTerm('item_terms', 'topic', query.topics);
    where.anyTerm('item_terms', 'place', query.places);
    where.anyTerm('item_terms', 'department', query.departments);
    where.anyTerm('item_terms', 'band', query.simhashBands);
    if (query.authorKey !== undefined) where.anyTerm('item_terms', 'author', [query.authorKey]);
    where.anyTerm('item_terms', TERM_FIELDS.matter, query.matters);
    where.anyTerm('item_terms', TERM_FIELDS.handlingUnit, query.handlingUnits);
    where.anyTerm('item_terms', TERM_FIELDS.appealType, query.appealTypes);
    where.noTerm('item_terms', TERM_FIELDS.appealType, query.excludeAppealTypes);
    where.in('main.source_kind', query.sourceKinds);
    if (query.ids !== undefined) {
      if (query.ids.length === 0) return { from: undefined, where };
      where.in('main.id', query.ids);
    }
    if (query.eventId !== undefined) where.add('main.event_id = ?', query.eventId);
    if (query.from) where.add('main.published_at >= ?', Date.parse(query.from));
    if (query.to) where.add('main.published_at < ?', Date.parse(query.to));
    return { from, where };
  }

  async upsertEvents(events: Event[]): Promise<void> {
    const upsert = this.db.prepare(
      `INSERT INTO events (id, last_seen, level_rank, heat, doc) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET last_seen = excluded.last_seen, level_rank = excluded.level_rank,
         heat = excluded.heat, doc = excluded.doc
       RETURNING rid`,
    );
    const sideRows = this.sideRowWriter('event');
    const prepared = events.map((event) => ({ event, terms: indexTerms(this.segment, [event.title]) }));
    this.db.transaction(() => {
      for (const { event, terms } of prepared) {
        const { rid } = upsert.get(event.id, Date.parse(event.lastSeen), levelRank(event.level), event.heat, JSON.stringify(event)) as {
          rid: number;
        };
        sideRows(rid, { topic: event.topics, place: event.places }, terms);
      }
    })();
  }

  /** Replaces a document's filter terms and full-text row; called inside the upsert's transaction. */
  private sideRowWriter(kind: 'item' | 'event'): (rid: number, fields: Record<string, string[]>, text: string) => void {
    const clearTerms = this.db.prepare(`DELETE FROM ${kind}_terms WHERE rid = ?`);
    const addTerm = this.db.prepare(`INSERT OR IGNORE INTO ${kind}_terms (rid, field, value) VALUES (?, ?, ?)`);
    const clearFts = this.db.prepare(`DELETE FROM ${kind}s_fts WHERE rowid = ?`);
    const addFts = this.db.prepare(`INSERT INTO ${kind}s_fts (rowid, terms) VALUES (?, ?)`);
    return (rid, fields, text) => {
      clearTerms.run(rid);
      for (const [field, values] of Object.entries(fields)) for (const v of values) addTerm.run(rid, field, v);
      clearFts.run(rid);
      addFts.run(rid, text);
    };
  }

  async getEvent(id: string): Promise<Event | undefined> {
    const row = this.db.prepare('SELECT doc FROM events WHERE id = ?').get(id) as { doc: string } | undefined;
    return row ? storedDocument(INDEXED.event, JSON.parse(row.doc)) : undefined;
  }

  async searchEvents(query: EventQuery): Promise<Hits<Event>> {
    const where = new Where();
    let from = 'FROM events main';
    if (query.text !== undefined && query.text.trim() !== '') {
      const terms = queryTerms(this.segment, query.text);
      if (terms.length === 0) return { total: 0, hits: [] };
      from = 'FROM events main JOIN events_fts ON events_fts.rowid = main.rid';
      where.add('events_fts MATCH ?', ftsQuery(terms));
    }
    where.anyTerm('event_terms', 'topic', query.topics);
    where.anyTerm('event_terms', 'place', query.places);
    where.add("json_extract(main.doc, '$.status') IS NOT 'merged'");
    where.in('main.level_rank', query.levels?.map(levelRank));
    if (query.from) where.add('main.last_seen >= ?', Date.parse(query.from));
    if (query.to) where.add('main.last_seen < ?', Date.parse(query.to));
    const order = query.sort === 'latest' ? 'main.last_seen DESC' : 'main.heat DESC, main.last_seen DESC';
    return this.page(INDEXED.event, from, where, order, query.page);
  }

  async upsertAlerts(alerts: Alert[]): Promise<void> {
    const insert = this.db.prepare('INSERT OR REPLACE INTO alerts (id, event_id, level_rank, created_at, doc) VALUES (?, ?, ?, ?, ?)');
    this.db.transaction(() => {
      for (const a of alerts) insert.run(a.id, a.eventId, levelRank(a.level), Date.parse(a.createdAt), JSON.stringify(a));
    })();
  }

  async getAlert(id: string): Promise<Alert | undefined> {
    const row = this.db.prepare('SELECT doc FROM alerts WHERE id = ?').get(id) as { doc: string } | undefined;
    return row ? storedDocument(INDEXED.alert, JSON.parse(row.doc)) : undefined;
  }

  async searchAlerts(query: AlertQuery): Promise<Hits<Alert>> {
    const where = new Where();
    where.in('main.event_id', query.eventIds);
    if (query.since) where.add('main.created_at >= ?', Date.parse(query.since));
    where.in('main.level_rank', query.levels?.map(levelRank));
    return this.page(INDEXED.alert, 'FROM alerts main', where, 'main.created_at DESC', query.page);
  }

  async upsertDeadLetters(letters: DeadLetter[]): Promise<void> {
    const insert = this.db.prepare('INSERT OR REPLACE INTO dead_letters (id, origin, at, doc) VALUES (?, ?, ?, ?)');
    this.db.transaction(() => {
      for (const d of letters) insert.run(d.id, d.origin, Date.parse(d.at), JSON.stringify(d));
    })();
  }

  async searchDeadLetters(query: DeadLetterQuery): Promise<Hits<DeadLetter>> {
    const where = new Where();
    if (query.origin !== undefined) where.add('main.origin = ?', query.origin);
    return this.page(INDEXED.deadLetter, 'FROM dead_letters main', where, 'main.at DESC', query.page);
  }

  private page<T>(kind: StoredKind<T>, from: string, where: Where, order: string, page: Page | undefined): Hits<T> {
    const { limit, offset } = pageOf(page);
    const { total } = this.db.prepare(`SELECT COUNT(*) AS total ${from} ${where}`).get(...where.params) as { total: number };
    const rows = this.db
      .prepare(`SELECT main.doc ${from} ${where} ORDER BY ${order}, main.id LIMIT ? OFFSET ?`)
      .all(...where.params, limit, offset) as { doc: string }[];
    return { total, hits: rows.map((r) => storedDocument(kind, JSON.parse(r.doc))) };
  }

  async refresh(): Promise<void> {}

  async close(): Promise<void> {
    this.db.close();
  }
}
