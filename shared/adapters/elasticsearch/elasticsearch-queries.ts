import type { estypes } from '@elastic/elasticsearch';
import { InvalidInputError } from '../../errors.ts';
import type { EventQuery, ItemAggregations, ItemQuery, Page, Segmenter, TermsField } from '../../ports/search-index.ts';
import { indexTerms, MAX_PAGE, queryTerms } from '../../ports/search-terms.ts';
import { BANDS, TERMS } from './index-layout.ts';

type Query = estypes.QueryDslQueryContainer;

/** Elasticsearch's default index.max_result_window: from + size may not pass it. */
export const MAX_RESULT_WINDOW = 10_000;

export function pageOf(page: Page | undefined): { size: number; from: number } {
  const size = Math.min(Math.max(page?.limit ?? 20, 0), MAX_PAGE);
  const from = Math.max(page?.offset ?? 0, 0);
  if (from + size > MAX_RESULT_WINDOW) {
    throw new InvalidInputError('index.page_too_deep', `只能翻阅前 ${MAX_RESULT_WINDOW} 条结果，请缩小查询范围`);
  }
  return { size, from };
}

/**
 * Index text for the `terms` field. Lower-cased because SQLite's FTS5 tokenizer folds case
 * and both adapters must match the same documents; the built-in whitespace analyzer does not.
 */
export function documentTerms(segment: Segmenter, texts: (string | undefined)[]): string {
  return indexTerms(segment, texts).toLowerCase();
}

/**
 * Every query word as an exact term of `terms` (no query parser, so user text is always
 * literal). Undefined when there is no text filter; null when the text has no words and
 * nothing can match.
 */
function textQuery(segment: Segmenter, text: string | undefined): Query[] | undefined | null {
  if (text === undefined || text.trim() === '') return undefined;
  const words = [...new Set(queryTerms(segment, text).map((w) => w.toLowerCase()))];
  return words.length ? words.map((w) => ({ term: { [TERMS]: w } })) : null;
}

function anyOf(field: string, values: string[] | undefined): Query[] {
  return values?.length ? [{ terms: { [field]: values } }] : [];
}

function range(field: string, from: string | undefined, to: string | undefined): Query[] {
  if (!from && !to) return [];
  return [{ range: { [field]: { ...(from ? { gte: Date.parse(from) } : {}), ...(to ? { lt: Date.parse(to) } : {}) } } }];
}

function bool(must: Query[], filter: Query[], mustNot: Query[] = []): Query {
  return { bool: { must, filter, ...(mustNot.length ? { must_not: mustNot } : {}) } };
}

/** The query for items, or null when nothing can match (query text without words). */
export function itemQuery(segment: Segmenter, query: ItemQuery): Query | null {
  const text = textQuery(segment, query.text);
  if (text === null || query.ids?.length === 0) return null;
  return bool(text ?? [], [
    ...anyOf('id', query.ids),
    ...anyOf(BANDS, query.simhashBands),
    ...(query.authorKey !== undefined ? [{ term: { 'author.key': query.authorKey } }] : []),
    ...anyOf('topics.code', query.topics),
    ...anyOf('places', query.places),
    ...anyOf('departments', query.departments),
    ...anyOf(TERMS_FIELDS.matter, query.matters),
    ...anyOf(TERMS_FIELDS.handlingUnit, query.handlingUnits),
    ...anyOf(TERMS_FIELDS.appealType, query.appealTypes),
    ...anyOf('source.kind', query.sourceKinds),
    ...(query.eventId !== undefined ? [{ term: { eventId: query.eventId } }] : []),
    ...range('publishedAt', query.from, query.to),
  ], anyOf(TERMS_FIELDS.appealType, query.excludeAppealTypes));
}

/** Same order as the SQLite adapter, each ending with id so equal keys page stably. */
export function itemSort(sort: ItemQuery['sort']): estypes.SortCombinations[] {
  const byId = { id: 'asc' } as const;
  switch (sort ?? 'relevance') {
    case 'relevance':
      return [{ _score: { order: 'desc' } }, { publishedAt: 'desc' }, byId];
    case 'newest':
      return [{ publishedAt: 'desc' }, byId];
    case 'oldest':
      return [{ publishedAt: 'asc' }, byId];
    case 'risk':
      return [{ 'risk.score': 'desc' }, { publishedAt: 'desc' }, byId];
  }
}

export function eventQuery(segment: Segmenter, query: EventQuery): Query | null {
  const text = textQuery(segment, query.text);
  if (text === null) return null;
  return bool(text ?? [], [
    ...anyOf('topics', query.topics),
    ...anyOf('places', query.places),
    ...anyOf('level', query.levels),
    ...range('lastSeen', query.from, query.to),
  ], [{ term: { status: 'merged' } }]);
}

export function eventSort(sort: EventQuery['sort']): estypes.SortCombinations[] {
  return sort === 'latest' ? [{ lastSeen: 'desc' }, { id: 'asc' }] : [{ heat: 'desc' }, { lastSeen: 'desc' }, { id: 'asc' }];
}

export const TERMS_FIELDS: Record<TermsField, string> = {
  topic: 'topics.code',
  place: 'places',
  sourceKind: 'source.kind',
  department: 'departments',
  matter: 'hotline.matter',
  handlingUnit: 'hotline.handlingUnit',
  appealType: 'hotline.appealType',
  event: 'eventId',
};

export function itemAggregations(aggs: ItemAggregations): Record<string, estypes.AggregationsAggregationContainer> {
  const size = aggs.size ?? 10;
  const result: Record<string, estypes.AggregationsAggregationContainer> = {};
  for (const field of aggs.terms ?? []) {
    result[field] = {
      terms: {
        field: TERMS_FIELDS[field],
        size,
        // Items span monthly indices (one shard each); a generous shard_size keeps counts exact
        // for the few hundred distinct topics, places and departments a county has.
        shard_size: Math.max(size * 10, 1_000),
        order: [{ _count: 'desc' }, { _key: 'asc' }],
      },
    };
  }
  if (aggs.histogram) {
    result.histogram = {
      date_histogram: {
        field: 'publishedAt',
        calendar_interval: aggs.histogram === 'hour' ? '1h' : '1d',
        // China has one fixed offset; days start at China midnight, hours are the same anywhere.
        time_zone: '+08:00',
        min_doc_count: 1,
      },
    };
  }
  return result;
}
