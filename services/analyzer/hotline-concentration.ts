import type { AnalyzedItem, HotlineFacts } from '../../shared/domain/analyzed-item.ts';
import type { Bucket, ItemQuery, SearchIndex } from '../../shared/ports/search-index.ts';
import { MAX_PAGE } from '../../shared/ports/search-terms.ts';
import type { ConcentrationRule } from './alert-rules.ts';

const HOUR = 3600_000;
/** Of an event's 办事事项 (or 承办单位), the most frequent this many are followed up. */
const MAX_KEYS = 20;
/** Events counted per concentration; past this the message says "or more". */
export const MAX_EVENTS = 100;
const SAMPLE_ITEMS = 5;
/** Tickets read, oldest first, to break a tie between leading events. */
const TIE_PAGE = 50;

/** Many 12345 tickets about one 办事事项 or one 承办单位, county-wide, that an event leads. */
export interface Concentration {
  rule: ConcentrationRule;
  key: string;
  /** Hotline items with the key in the rule's window, in every event. */
  count: number;
  /** Of them, in the leading event. */
  inEvent: number;
  /** Events they belong to (at most MAX_EVENTS). */
  events: number;
  /** Some of the items, newest first: the alert's evidence. */
  itemIds: string[];
}

export interface ConcentrationScan {
  /** Concentrations the event leads. */
  found: Concentration[];
  /** Other events leading a concentration this event's items are part of: they are owed a recompute. */
  leads: string[];
}

type Field = keyof Pick<HotlineFacts, 'matter' | 'handlingUnit'>;
const FIELD: Record<ConcentrationRule['by'], Field> = { 办事事项: 'matter', 承办单位: 'handlingUnit' };
const QUERY: Record<Field, 'matters' | 'handlingUnits'> = { matter: 'matters', handlingUnit: 'handlingUnits' };

/**
 * Tickets about one 办事事项 or handled by one 承办单位 spread over many events (one per
 * township and topic), so they are counted over the whole index. A concentration belongs to one
 * event (leadingEvent), so it raises one alert, not one per event its tickets touch; as tickets
 * keep arriving in other events, none of those alerts again, and a higher level escalates the
 * same event. Its window ends at the newest ticket with the key, never the clock: every
 * process, whichever event it recomputes, measures the same window and agrees on the leader.
 */
export async function scanConcentrations(
  index: SearchIndex,
  eventId: string,
  sample: readonly AnalyzedItem[],
  rules: readonly ConcentrationRule[],
): Promise<ConcentrationScan> {
  const measured = await Promise.all(
    (Object.keys(FIELD) as ConcentrationRule['by'][]).map(async (by) => {
      const forBy = rules.filter((r) => r.by === by);
      if (forBy.length === 0) return [];
      const field = FIELD[by];
      const keys = await candidateKeys(index, sample, field, forBy);
      return Promise.all(keys.flatMap((key) => forBy.map((rule) => measure(index, eventId, field, key, rule))));
    }),
  );
  const found: Concentration[] = [];
  const leads = new Set<string>();
  for (const c of measured.flat()) {
    if (c === undefined) continue;
    if (c.lead === eventId) found.push(c.concentration);
    else leads.add(c.lead);
  }
  return { found, leads: [...leads].sort() };
}

/**
 * The event's keys that can reach a rule's count: a window holding one of the event's tickets
 * lies within a window's width of them, so fewer tickets there than the smallest threshold
 * rules the key out with one query for all keys.
 */
async function candidateKeys(index: SearchIndex, sample: readonly AnalyzedItem[], field: Field, rules: readonly ConcentrationRule[]): Promise<string[]> {
  const counts = new Map<string, number>();
  let first = Infinity;
  let last = -Infinity;
  for (const item of sample) {
    const key = item.source.kind === 'hotline' ? item.hotline?.[field] : undefined;
    if (!key) continue;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    const at = Date.parse(item.publishedAt);
    first = Math.min(first, at);
    last = Math.max(last, at);
  }
  if (counts.size === 0) return [];
  const keys = [...counts].sort(([ka, a], [kb, b]) => b - a || ka.localeCompare(kb)).slice(0, MAX_KEYS).map(([k]) => k);
  const widest = Math.max(...rules.map((r) => r.windowHours)) * HOUR;
  const agg = await index.aggregateItems(
    { sourceKinds: ['hotline'], [QUERY[field]]: keys, from: new Date(first - widest).toISOString(), to: new Date(last + widest + 1).toISOString() },
    { terms: [field], size: keys.length },
  );
  const least = Math.min(...rules.map((r) => r.minItems));
  return (agg.terms[field] ?? []).filter((b) => b.count >= least).map((b) => b.key);
}

/** The rule's count for one key, in the window ending at the key's newest ticket, and the event leading it. */
async function measure(
  index: SearchIndex,
  eventId: string,
  field: Field,
  key: string,
  rule: ConcentrationRule,
): Promise<{ lead: string; concentration: Concentration } | undefined> {
  const tickets: ItemQuery = {
    sourceKinds: ['hotline'],
    [QUERY[field]]: [key],
    ...(rule.appealTypes ? { appealTypes: rule.appealTypes } : { excludeAppealTypes: rule.excludeAppealTypes }),
  };
  const [newest] = (await index.searchItems({ ...tickets, sort: 'newest', page: { limit: 1 } })).hits;
  if (!newest) return undefined;
  const end = Date.parse(newest.publishedAt);
  const window: ItemQuery = { ...tickets, from: new Date(end - rule.windowHours * HOUR).toISOString(), to: new Date(end + 1).toISOString() };
  const agg = await index.aggregateItems(window, { terms: ['event'], size: MAX_EVENTS });
  const events = agg.terms.event ?? [];
  if (events.length === 0 || agg.total < rule.minItems) return undefined;
  const lead = await leadingEvent(index, window, events, concentrationTag(rule.by, key));
  const itemIds =
    lead.key === eventId ? (await index.searchItems({ ...window, sort: 'newest', page: { limit: SAMPLE_ITEMS } })).hits.map((h) => h.id) : [];
  return { lead: lead.key, concentration: { rule, key, count: agg.total, inEvent: lead.count, events: events.length, itemIds } };
}

/** How an alert names a concentration (its finding's subject and message), so a later recompute recognises that alert. */
export function concentrationTag(by: ConcentrationRule['by'], key: string): string {
  return `${by}「${key}」`;
}

/**
 * The event a concentration belongs to. One that already raised an alert naming it keeps it, so
 * the alert does not move when another event overtakes it. Otherwise the event holding most of
 * the window's tickets; among equals the one holding the earliest (where it began), then the
 * smaller id.
 */
async function leadingEvent(index: SearchIndex, window: ItemQuery, events: readonly Bucket[], tag: string): Promise<Bucket> {
  // Alerts are created after the tickets they name, so none about this window predates it.
  const alerted = await index.searchAlerts({ ...(window.from ? { since: window.from } : {}), page: { limit: MAX_PAGE } });
  const named = new Set(alerted.hits.filter((a) => a.findings?.some((f) => f.subject === tag)).map((a) => a.eventId));
  const kept = events.find((b) => named.has(b.key));
  if (kept) return kept;
  const tied = events.filter((b) => b.count === events[0]!.count);
  if (tied.length === 1) return tied[0]!;
  const oldest = await index.searchItems({ ...window, sort: 'oldest', page: { limit: TIE_PAGE } });
  const first = oldest.hits.find((h) => tied.some((b) => b.key === h.eventId));
  return tied.find((b) => b.key === first?.eventId) ?? tied[0]!;
}
