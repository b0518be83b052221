import type { AnalyzedItem } from '../../shared/domain/analyzed-item.ts';
import { EVENT_LEVELS, levelRank, type EventLevel } from '../../shared/domain/event.ts';
import type { Bucket } from '../../shared/ports/search-index.ts';
import type { AlertRules, BurstRule, ConcentrationRule, RiskSignalRule, VolumeRule } from './alert-rules.ts';
import { testBurst } from './burst.ts';
import { concentrationTag, MAX_EVENTS, type Concentration } from './hotline-concentration.ts';

/** One rule that fired, at the highest level it gives, with its figures in Chinese. */
export interface Finding {
  level: EventLevel;
  rule: 'volume' | 'risk-signal' | 'burst' | 'hotline-concentration' | 'heat';
  reason: string;
  /** Items that show the finding, where the event's own latest items would not (a concentration's tickets). */
  itemIds?: string[];
  /** A concentration's 办事事项 or 承办单位 (concentrationTag), by which a later recompute finds its alert. */
  subject?: string;
}

export interface Judgement {
  level: EventLevel;
  /** The rule that set the level (the first at the top level), or none. */
  rule: string;
  findings: Finding[];
}

/** What an event's rules look at, read from the index by the event tracker. */
export interface EventEvidence {
  itemCount: number;
  distinctCount: number;
  copyCount: number;
  /** The event's items, riskiest first (all of them up to the index's largest page). */
  sample: readonly AnalyzedItem[];
  lastSeen: number;
  /** The event's topic and place, with hourly counts of that pair for each burst rule's baseline (its 诉求类型 left out). */
  scope?: { label: string; hourly: (rule: BurstRule) => readonly Bucket[]; historyStart: number | undefined };
  heat: number;
  /** Hotline concentrations the event leads (scanConcentrations). */
  concentrations: readonly Concentration[];
}

const RULE_NAMES: Record<Finding['rule'], string> = {
  volume: '数量',
  'risk-signal': '风险信号',
  burst: '突增',
  'hotline-concentration': '热线集中',
  heat: '热度',
};

/** The highest level each rule gives the event, and the event's level: the highest of them. */
export function judgeEvent(e: EventEvidence, rules: AlertRules, signalLabels: ReadonlyMap<string, string>): Judgement {
  const findings: Finding[] = [];
  const keep = (found: Finding | undefined) => found && findings.push(found);

  const complaints = (r: VolumeRule) => countComplaints(e.sample, e.itemCount, r.excludeAppealTypes);
  keep(
    top(
      rules.volume,
      (r) => complaints(r) >= r.minItems,
      (r) =>
        `${complaints(r)}人次诉求（同一来电人计一次${r.excludeAppealTypes.length ? `，不计${r.excludeAppealTypes.join('、')}` : ''}；` +
        `共${e.itemCount}条，不同内容${e.distinctCount}条，重复或转发${e.copyCount}条），达到阈值${r.minItems}`,
      'volume',
    ),
  );

  // Per rule, how many of the event's items carry each signal, the rule's 诉求类型 left out.
  const signalCounts = (r: RiskSignalRule) => {
    const counts = new Map<string, number>();
    for (const item of counted(e.sample, r.excludeAppealTypes)) {
      for (const s of item.risk.signals) counts.set(s.code, (counts.get(s.code) ?? 0) + 1);
    }
    return counts;
  };
  keep(
    top(
      rules.riskSignal,
      (r) => {
        const counts = signalCounts(r);
        return Math.max(0, ...r.signals.map((s) => counts.get(s) ?? 0)) >= r.minItems;
      },
      (r) => {
        const counts = signalCounts(r);
        const found = r.signals.filter((s) => (counts.get(s) ?? 0) > 0);
        const n = Math.max(0, ...found.map((s) => counts.get(s) ?? 0));
        return `${n}条诉求含风险信号：${found.map((s) => signalLabels.get(s) ?? s).join('、')}（阈值${r.minItems}条）`;
      },
      'risk-signal',
    ),
  );

  const scope = e.scope;
  if (scope) {
    keep(
      top(
        rules.burst,
        // The burst is the scope's, but only an event that itself holds a burst's worth of it is its cause.
        (r) => testBurst(scope.hourly(r), e.lastSeen, r, scope.historyStart).burst && recentComplaints(e, r) >= r.minItems,
        (r) => {
          const b = testBurst(scope.hourly(r), e.lastSeen, r, scope.historyStart);
          return `${scope.label}近${r.recentHours}小时${b.recent}条，基线日均${b.baselinePerDay.toFixed(1)}条（EWMA，按下限${r.floorPerDay}条预期${b.expected.toFixed(1)}条），泊松检验p=${b.p.toExponential(1)}`;
        },
        'burst',
      ),
    );
  }

  // The largest concentration of the highest-level rule that holds; its tickets are the evidence.
  const concentration = (r: ConcentrationRule) =>
    e.concentrations.filter((c) => c.rule === r).sort((a, b) => b.count - a.count || a.key.localeCompare(b.key))[0];
  const concentrated = highest(rules.hotlineConcentration.filter((r) => concentration(r) !== undefined));
  if (concentrated) {
    const c = concentration(concentrated)!;
    keep({ level: concentrated.level, rule: 'hotline-concentration', reason: describeConcentration(c), itemIds: c.itemIds, subject: concentrationTag(c.rule.by, c.key) });
  }

  keep(top(rules.heat, (r) => e.heat >= r.minHeat, (r) => `热度${e.heat}，达到阈值${r.minHeat}`, 'heat'));

  // With no finding an event stays at the floor, 一般, and raises nothing (EventTracker.alertFor).
  const level = findings.reduce<EventLevel>((l, f) => (levelRank(f.level) > levelRank(l) ? f.level : l), EVENT_LEVELS[0]);
  const deciding = findings.find((f) => f.level === level);
  return { level, rule: deciding?.rule ?? 'none', findings };
}

/**
 * The event's complaints: each caller (or commenter) once, items of the excluded 诉求类型 left
 * out. Past one page the sample (the riskiest items) stands for the whole event.
 */
export function countComplaints(sample: readonly AnalyzedItem[], itemCount: number, exclude: readonly string[]): number {
  const callers = new Set<string>();
  let unnamed = 0;
  for (const item of counted(sample, exclude)) {
    if (item.author) callers.add(item.author.key);
    else unnamed++;
  }
  const complaints = callers.size + unnamed;
  return sample.length > 0 && sample.length < itemCount ? Math.round((complaints * itemCount) / sample.length) : complaints;
}

/** The event's own items in a burst rule's recent window, its excluded 诉求类型 left out. */
function recentComplaints(e: EventEvidence, r: BurstRule): number {
  const from = e.lastSeen - r.recentHours * 3600_000;
  return counted(e.sample, r.excludeAppealTypes).filter((i) => Date.parse(i.publishedAt) > from).length;
}

/** The items a rule counts: those of its excluded 诉求类型 left out (items with none stay). */
function counted(items: readonly AnalyzedItem[], exclude: readonly string[]): AnalyzedItem[] {
  const excluded = new Set(exclude);
  return items.filter((i) => !(i.hotline?.appealType && excluded.has(i.hotline.appealType)));
}

/** "数量（较大）：…" lines for an alert message. */
export function describeFindings(findings: readonly Finding[]): string {
  return findings.map((f) => `${RULE_NAMES[f.rule]}（${f.level}）：${f.reason}`).join('；');
}

/** Of one kind of rule, the highest-level one that holds. */
function top<R extends { level: EventLevel }>(
  rules: readonly R[],
  holds: (r: R) => boolean,
  reason: (r: R) => string,
  rule: Finding['rule'],
): Finding | undefined {
  const best = highest(rules.filter(holds));
  return best && { level: best.level, rule, reason: reason(best) };
}

/** The rule of the highest level; the first listed among equals. */
function highest<R extends { level: EventLevel }>(rules: readonly R[]): R | undefined {
  return [...rules].sort((a, b) => levelRank(b.level) - levelRank(a.level))[0];
}

function describeConcentration(c: Concentration): string {
  const spread = c.events > 1 ? `，分属${c.events}${c.events >= MAX_EVENTS ? '个以上' : '个'}事件（本事件${c.inEvent}件）` : '';
  const types = c.rule.appealTypes
    ? `（诉求类型：${c.rule.appealTypes.join('、')}）`
    : c.rule.excludeAppealTypes.length
      ? `（不计${c.rule.excludeAppealTypes.join('、')}）`
      : '';
  return `近${c.rule.windowHours}小时${c.count}件12345诉求${types}集中于${concentrationTag(c.rule.by, c.key)}${spread}，达到阈值${c.rule.minItems}件`;
}

export interface HeatFactors {
  distinct: number;
  copies: number;
  /** Most items in any one hour. */
  peakHour: number;
  /** Source kinds present (hotline, comment, page). */
  kinds: number;
  /** Mean negativity of the items, 0 to 1. */
  negativity: number;
  /** Items carrying a risk signal. */
  riskItems: number;
}

/**
 * Heat: volume (copies count half: a repost adds reach, not a new complaint), velocity (the
 * busiest hour), spread over source kinds, negativity and risk, rounded to one decimal.
 */
export function heatOf(f: HeatFactors): number {
  const volume = f.distinct + 0.5 * f.copies + 0.5 * f.peakHour;
  const spread = 1 + 0.5 * Math.max(0, f.kinds - 1);
  return Math.round((volume * spread * (1 + f.negativity) + 3 * f.riskItems) * 10) / 10;
}
