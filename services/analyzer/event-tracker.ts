import { alertId, type Alert } from '../../shared/domain/alert.ts';
import type { AnalyzedItem } from '../../shared/domain/analyzed-item.ts';
import { EVENT_LEVELS, levelRank, type Event, type EventLevel } from '../../shared/domain/event.ts';
import { toChinaIso } from '../../shared/domain/time.ts';
import type { SearchIndex } from '../../shared/ports/search-index.ts';
import { MAX_PAGE } from '../../shared/ports/search-terms.ts';
import type { AnalyzerRules } from './analyzer-config.ts';

interface Judged {
  level: EventLevel;
  rule: string;
  reason: string;
}

/**
 * Keeps events in step with their items. An event is recomputed from the index rather than
 * counted up message by message, so redelivered items never inflate it and several analyzer
 * processes converge on the same figures.
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
    this.signalLabels = new Map(rules.risk.signals.map((s) => [s.code, s.label]));
  }

  async recompute(eventId: string): Promise<{ event: Event; judged: Judged }> {
    const [agg, oldest, newest, risky] = await Promise.all([
      this.index.aggregateItems({ eventId }, { terms: ['sourceKind', 'topic', 'place'], histogram: 'hour', size: 5 }),
      this.index.searchItems({ eventId, sort: 'oldest', page: { limit: 1 } }),
      this.index.searchItems({ eventId, sort: 'newest', page: { limit: 1 } }),
      // Items with risk signals sort first; past MAX_PAGE of them the level is at its top anyway.
      this.index.searchItems({ eventId, sort: 'risk', page: { limit: MAX_PAGE } }),
    ]);
    const first = oldest.hits[0];
    const last = newest.hits[0];
    if (!first || !last) throw new Error(`event ${eventId} has no items in the index`);
    const kinds = Object.fromEntries((agg.terms.sourceKind ?? []).map((b) => [b.key, b.count]));
    const signalCounts = countSignals(risky.hits);
    const judged = this.judge(agg.total, signalCounts);
    const topicCodes = (agg.terms.topic ?? []).map((b) => b.key);
    // Name the event after its most frequent focus topic (工资拖欠), not the broad category it sits under.
    const mainTopic = topicCodes.find((c) => this.focusTopics.has(c)) ?? topicCodes[0];
    const places = (agg.terms.place ?? []).map((b) => b.key);
    const riskItems = risky.hits.filter((h) => h.risk.signals.length > 0).length;
    const event: Event = {
      id: eventId,
      title: `${places[0] ?? ''}${mainTopic ? (this.topicLabels.get(mainTopic) ?? mainTopic) : '其他'}：${last.title ?? last.text.slice(0, 24)}`,
      topics: topicCodes,
      places,
      firstSeen: first.publishedAt,
      lastSeen: last.publishedAt,
      itemCount: agg.total,
      counts: { hotline: kinds.hotline ?? 0, comment: kinds.comment ?? 0, page: kinds.page ?? 0 },
      hourly: (agg.histogram ?? []).map((b) => ({ hour: toChinaIso(Date.parse(b.key)), count: b.count })),
      heat: Math.round((agg.total * (1 + 0.5 * (Object.keys(kinds).length - 1)) + 3 * riskItems) * 10) / 10,
      level: judged.level,
      status: 'active',
    };
    return { event, judged };
  }

  /** The highest level any rule gives, and which rule gave it. */
  private judge(itemCount: number, signalCounts: Map<string, number>): Judged {
    let best: Judged = { level: EVENT_LEVELS[0], rule: 'none', reason: '' };
    for (const r of this.rules.alerts.volume) {
      if (itemCount >= r.minItems && levelRank(r.level) > levelRank(best.level)) {
        best = { level: r.level, rule: 'volume', reason: `${itemCount}条相关诉求（阈值${r.minItems}）` };
      }
    }
    for (const r of this.rules.alerts.riskSignal) {
      const found = r.signals.filter((s) => (signalCounts.get(s) ?? 0) > 0);
      const n = Math.max(0, ...found.map((s) => signalCounts.get(s)!));
      if (n >= r.minItems && levelRank(r.level) > levelRank(best.level)) {
        const labels = found.map((s) => this.signalLabels.get(s) ?? s).join('、');
        best = { level: r.level, rule: 'risk-signal', reason: `${n}条诉求含风险信号：${labels}` };
      }
    }
    return best;
  }

  /**
   * The alert this event is owed: one each time its level rises above every level already
   * alerted, so a growing event does not raise a storm of alerts.
   */
  async alertFor(event: Event, judged: Judged, sampleItemIds: string[]): Promise<Alert | undefined> {
    if (levelRank(event.level) === 0) return undefined;
    const previous = await this.index.searchAlerts({ eventId: event.id, page: { limit: MAX_PAGE } });
    if (previous.hits.some((a) => levelRank(a.level) >= levelRank(event.level))) return undefined;
    return {
      id: alertId(event.id, judged.rule, event.level),
      eventId: event.id,
      rule: judged.rule,
      level: event.level,
      message: `【${event.level}】${event.title}。${judged.reason}`,
      createdAt: toChinaIso(this.now()),
      sampleItemIds,
    };
  }
}

function countSignals(items: AnalyzedItem[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) for (const s of item.risk.signals) counts.set(s.code, (counts.get(s.code) ?? 0) + 1);
  return counts;
}
