import { alertId, type Alert } from '../../shared/domain/alert.ts';
import type { AnalyzedItem } from '../../shared/domain/analyzed-item.ts';
import { levelRank, type Event, type EventLevel } from '../../shared/domain/event.ts';
import { toChinaIso } from '../../shared/domain/time.ts';
import type { Bucket, SearchIndex } from '../../shared/ports/search-index.ts';
import { MAX_PAGE } from '../../shared/ports/search-terms.ts';
import type { BurstRule } from './alert-rules.ts';
import type { AnalyzerRules } from './analyzer-config.ts';
import { burstLookbackMs } from './burst.ts';
import { describeFindings, heatOf, judgeEvent, type Judgement } from './event-judge.ts';
import { scanConcentrations } from './hotline-concentration.ts';
import { centroid, cosine, textVector } from './text-vector.ts';

/** Alerts are one per event and level, whichever rule got there first: two analyzers racing agree on the id. */
const HOUR = 3600_000;
const ESCALATION = 'escalation';
const EVENT_CONCURRENCY = 8;
/** Items named as an alert's evidence: the batch's latest of the event, then those a finding names. */
const MAX_SAMPLE_ITEMS = 10;

/**
 * Keeps events in step with their items. An event is recomputed from the index rather than
 * counted up message by message, so redelivered items never inflate it and several analyzer
 * processes converge on the same figures. Every figure is taken relative to the event's own
 * last item, never the clock, so a recompute gives the same result whenever it runs.
 */
export class EventTracker {
  private readonly topicLabels: Map<string, string>;
  private readonly focusTopics: Set<string>;
  private readonly signalLabels: Map<string, string>;

  constructor(
    private readonly index: SearchIndex,
    private readonly rules: AnalyzerRules,
    private readonly now: () => number = Date.now,
  ) {
    this.topicLabels = new Map(rules.topics.map((t) => [t.code, t.label]));
    this.focusTopics = new Set(rules.topics.filter((t) => t.parent).map((t) => t.code));
    this.signalLabels = new Map([
      ...rules.risk.signals.map((s): [string, string] => [s.code, s.label]),
      ...(rules.risk.repeatCaller ? [[rules.risk.repeatCaller.code, rules.risk.repeatCaller.label] as [string, string]] : []),
    ]);
  }

  /**
   * Brings a batch's events up to date: recomputes and stores each (several at once, so a
   * server-backed index spends its round trips in parallel) and raises the alert each is owed
   * through `raise`. Then the same for events leading a hotline concentration the batch's
   * tickets are part of, which may have had no item in the batch. True when an alert was raised.
   */
  async update(eventIds: readonly string[], batch: readonly AnalyzedItem[], raise: (alert: Alert) => Promise<void>): Promise<boolean> {
    const first = await this.updateAll(eventIds, batch, raise);
    const leads = await this.updateAll([...first.leads].filter((id) => !eventIds.includes(id)), batch, raise);
    return first.raised || leads.raised;
  }

  private async updateAll(eventIds: readonly string[], batch: readonly AnalyzedItem[], raise: (alert: Alert) => Promise<void>) {
    let raised = false;
    const leads = new Set<string>();
    for (let i = 0; i < eventIds.length; i += EVENT_CONCURRENCY) {
      await Promise.all(
        eventIds.slice(i, i + EVENT_CONCURRENCY).map(async (eventId) => {
          const { event, judged, leads: its } = await this.recompute(eventId);
          await this.index.upsertEvents([event]);
          for (const lead of its) leads.add(lead);
          const sample = batch.filter((a) => a.eventId === eventId).slice(-5).map((a) => a.id);
          const alert = await this.alertFor(event, judged, sample);
          if (!alert) return;
          await raise(alert);
          raised = true;
        }),
      );
    }
    return { raised, leads };
  }

  /**
   * The event's figures and level from the index. `leads` names other events that lead a
   * hotline concentration this event's tickets are part of: recompute those too, since the
   * concentration's alert is theirs to raise.
   */
  async recompute(eventId: string): Promise<{ event: Event; judged: Judgement; leads: string[] }> {
    const [agg, oldest, newest, riskiest] = await Promise.all([
      this.index.aggregateItems({ eventId }, { terms: ['sourceKind', 'topic', 'place'], histogram: 'hour', size: 5 }),
      this.index.searchItems({ eventId, sort: 'oldest', page: { limit: 1 } }),
      this.index.searchItems({ eventId, sort: 'newest', page: { limit: 1 } }),
      // Items with risk signals sort first; past MAX_PAGE of them the level is at its top anyway.
      this.index.searchItems({ eventId, sort: 'risk', page: { limit: MAX_PAGE } }),
    ]);
    const first = oldest.hits[0];
    const last = newest.hits[0];
    if (!first || !last) throw new Error(`event ${eventId} has no items in the index`);
    const sample = riskiest.hits;
    const kinds = Object.fromEntries((agg.terms.sourceKind ?? []).map((b) => [b.key, b.count]));
    const topicCodes = (agg.terms.topic ?? []).map((b) => b.key);
    // Name the event after its most frequent focus topic (工资拖欠), not the broad category it sits under.
    const mainTopic = topicCodes.find((c) => this.focusTopics.has(c)) ?? topicCodes[0];
    const places = (agg.terms.place ?? []).map((b) => b.key);
    const topicLabel = mainTopic ? (this.topicLabels.get(mainTopic) ?? mainTopic) : '其他';
    const lastSeen = Date.parse(last.publishedAt);

    // Past one page, the share of copies in the sample stands for the whole event.
    const sampledCopies = sample.filter((i) => i.duplicateOf).length;
    const copyCount = sample.length ? Math.round((sampledCopies * agg.total) / sample.length) : 0;
    const distinctCount = agg.total - copyCount;
    const representative = mostRepresentative(sample) ?? last;
    const hourly = agg.histogram ?? [];
    const heat = heatOf({
      distinct: distinctCount,
      copies: copyCount,
      peakHour: Math.max(0, ...hourly.map((b) => b.count)),
      kinds: Object.keys(kinds).length,
      negativity: sample.reduce((s, i) => s + Math.max(0, -i.sentiment.score), 0) / Math.max(1, sample.length),
      riskItems: sample.filter((i) => i.risk.signals.length > 0).length,
    });
    const [scope, concentrations] = await Promise.all([
      mainTopic && places[0] ? this.scopeHistory(mainTopic, places[0], `${places[0]}·${topicLabel}`, lastSeen) : undefined,
      scanConcentrations(this.index, eventId, sample, this.rules.alerts.hotlineConcentration),
    ]);
    const judged = judgeEvent(
      { itemCount: agg.total, distinctCount, copyCount, sample, lastSeen, heat, concentrations: concentrations.found, ...(scope ? { scope } : {}) },
      this.rules.alerts,
      this.signalLabels,
    );
    const event: Event = {
      id: eventId,
      title: `${places[0] ?? ''}${topicLabel}：${representative.title ?? representative.text.slice(0, 24)}`,
      topics: topicCodes,
      places,
      firstSeen: first.publishedAt,
      lastSeen: last.publishedAt,
      itemCount: agg.total,
      distinctCount,
      copyCount,
      representativeItemId: representative.id,
      counts: { hotline: kinds.hotline ?? 0, comment: kinds.comment ?? 0, page: kinds.page ?? 0 },
      hourly: hourly.map((b) => ({ hour: toChinaIso(Date.parse(b.key)), count: b.count })),
      heat,
      level: judged.level,
      // 已平息 when quiet for quietHours; any new item recomputes the event and reopens it.
      status: this.now() - lastSeen >= this.rules.alerts.lifecycle.quietHours * HOUR ? 'closed' : 'active',
    };
    return { event, judged, leads: concentrations.leads };
  }

  /**
   * Marks 已平息 (closed) every active event no item reached for quietHours: events are
   * recomputed only when items arrive, so one that goes quiet needs this sweep to say so.
   * Returns how many were closed.
   */
  async closeQuietEvents(): Promise<number> {
    const quietSince = new Date(this.now() - this.rules.alerts.lifecycle.quietHours * HOUR).toISOString();
    let closed = 0;
    for (let offset = 0; ; offset += MAX_PAGE) {
      const { hits } = await this.index.searchEvents({ to: quietSince, sort: 'latest', page: { limit: MAX_PAGE, offset } });
      const quiet = hits.filter((e) => e.status === 'active');
      if (quiet.length) await this.index.upsertEvents(quiet.map((e) => ({ ...e, status: 'closed' as const })));
      closed += quiet.length;
      if (hits.length < MAX_PAGE) return closed;
    }
  }

  /** Hourly counts of the topic in the place, far enough back for every burst rule's baseline, per list of 诉求类型 left out. */
  private async scopeHistory(topic: string, place: string, label: string, lastSeen: number) {
    const lookback = burstLookbackMs(this.rules.alerts.burst);
    if (lookback === 0) return undefined;
    const exclusions = new Map(this.rules.alerts.burst.map((r) => [r.excludeAppealTypes.join('|'), r.excludeAppealTypes]));
    const hourly = new Map<string, Bucket[]>();
    await Promise.all(
      [...exclusions].map(async ([key, excludeAppealTypes]) => {
        const agg = await this.index.aggregateItems(
          { topics: [topic], places: [place], excludeAppealTypes, from: new Date(lastSeen - lookback).toISOString(), to: new Date(lastSeen + 1).toISOString() },
          { histogram: 'hour' },
        );
        hourly.set(key, agg.histogram ?? []);
      }),
    );
    return { label, hourly: (r: BurstRule) => hourly.get(r.excludeAppealTypes.join('|')) ?? [], historyStart: await this.historyStart(lastSeen - lookback) };
  }

  private oldestItem: number | undefined;

  /**
   * When the index's history begins (its oldest item). Cached once it reaches back past
   * `needed`, since it can only move earlier; asked again until then, as older exports may be
   * loaded later.
   */
  private async historyStart(needed: number): Promise<number | undefined> {
    if (this.oldestItem === undefined || this.oldestItem > needed) {
      const [oldest] = (await this.index.searchItems({ sort: 'oldest', page: { limit: 1 } })).hits;
      this.oldestItem = oldest ? Date.parse(oldest.publishedAt) : undefined;
    }
    return this.oldestItem;
  }

  /**
   * The alert this event is owed: one each time a rule finds something and the level rises
   * above every level already alerted (and at least to escalation.minLevel), so a growing
   * event raises no storm. Its
   * message names every rule that fired, with the figures; its evidence is the given items
   * followed by those the findings name.
   */
  async alertFor(event: Event, judged: Judgement, sampleItemIds: string[]): Promise<Alert | undefined> {
    if (judged.findings.length === 0 || levelRank(event.level) < levelRank(this.rules.alerts.escalation.minLevel)) return undefined;
    const previous = await this.index.searchAlerts({ eventIds: [event.id], page: { limit: MAX_PAGE } });
    const before = previous.hits.reduce<EventLevel | undefined>((top, a) => (!top || levelRank(a.level) > levelRank(top) ? a.level : top), undefined);
    if (before && levelRank(before) >= levelRank(event.level)) return undefined;
    const escalated = before ? `由${before}升级为${event.level}。` : '';
    const evidence = [...new Set([...sampleItemIds, ...judged.findings.flatMap((f) => f.itemIds ?? [])])].slice(0, MAX_SAMPLE_ITEMS);
    return {
      id: alertId(event.id, ESCALATION, event.level),
      eventId: event.id,
      rule: judged.rule,
      level: event.level,
      title: event.title,
      message: `【${event.level}】${event.title}。${escalated}依据：${describeFindings(judged.findings)}`,
      createdAt: toChinaIso(this.now()),
      sampleItemIds: evidence,
      findings: judged.findings.map(({ rule, level, reason, subject }) => ({ rule, level, reason, ...(subject ? { subject } : {}) })),
    };
  }
}

/** The most copied original, then the one nearest the centroid, then the earliest. */
function mostRepresentative(items: readonly AnalyzedItem[]): AnalyzedItem | undefined {
  if (items.length === 0) return undefined;
  const copies = new Map<string, number>();
  for (const i of items) if (i.duplicateOf) copies.set(i.duplicateOf, (copies.get(i.duplicateOf) ?? 0) + 1);
  const vectors = new Map(items.map((i) => [i.id, textVector(i.tokens)]));
  const middle = centroid([...vectors.values()]);
  const score = (i: AnalyzedItem) => ({ copies: copies.get(i.id) ?? 0, near: Math.round(cosine(vectors.get(i.id)!, middle) * 1e9) });
  // Rounded so summation order in the centroid cannot change the choice between processes.
  const originals = items.filter((i) => !i.duplicateOf);
  return [...(originals.length ? originals : items)]
    .map((i) => ({ i, s: score(i) }))
    .sort((a, b) => b.s.copies - a.s.copies || b.s.near - a.s.near || Date.parse(a.i.publishedAt) - Date.parse(b.i.publishedAt) || a.i.id.localeCompare(b.i.id))[0]!.i;
}
