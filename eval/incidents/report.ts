/**
 * Scores the analyzer's events and alerts against the labelled incidents (README.md here):
 * B-cubed precision/recall/F1 over every ticket and over incident tickets only, alerts per
 * incident, false alerts, levels and the time from an incident's first ticket to its alert.
 */
import type { AnalyzerRules } from '../../services/analyzer/analyzer-config.ts';
import { goldClusters, readIncidentSet, type IncidentLabels } from './read-incidents.ts';
import { replay, type Replay } from './replay.ts';

export interface BCubed {
  precision: number;
  recall: number;
  f1: number;
}

/** B-cubed over the tickets both clusterings hold: per ticket, the share of its predicted cluster that is its gold cluster and vice versa. */
export function bCubed(gold: ReadonlyMap<string, string>, predicted: ReadonlyMap<string, string>, only?: (ticket: string) => boolean): BCubed {
  const tickets = [...gold.keys()].filter((t) => predicted.has(t) && (!only || only(t)));
  const members = (of: ReadonlyMap<string, string>) => {
    const m = new Map<string, string[]>();
    for (const t of tickets) m.set(of.get(t)!, [...(m.get(of.get(t)!) ?? []), t]);
    return m;
  };
  const goldMembers = members(gold);
  const predictedMembers = members(predicted);
  let p = 0;
  let r = 0;
  for (const t of tickets) {
    const g = goldMembers.get(gold.get(t)!)!;
    const c = predictedMembers.get(predicted.get(t)!)!;
    const both = c.filter((x) => gold.get(x) === gold.get(t)).length;
    p += both / c.length;
    r += both / g.length;
  }
  const precision = tickets.length ? p / tickets.length : 0;
  const recall = tickets.length ? r / tickets.length : 0;
  return { precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0 };
}

export interface IncidentOutcome {
  id: string;
  description: string;
  deserves: boolean;
  expectedLevel: string | null;
  /** Events holding the incident's tickets, largest first, with how many of its tickets each holds. */
  events: { eventId: string; tickets: number }[];
  /** Events alerted for this incident (the alert's event has it as its majority), and the levels raised. */
  alertedEvents: number;
  levels: string[];
  minutesToAlert?: number;
}

export interface IncidentScore {
  all: BCubed;
  incidentsOnly: BCubed;
  outcomes: IncidentOutcome[];
  /** Alerts whose event is background only, or whose majority incident deserves none. */
  falseAlerts: { level: string; title: string; why: string }[];
  alerts: number;
}

export function scoreReplay(labels: IncidentLabels, run: Replay): IncidentScore {
  const gold = goldClusters(labels);
  const isIncident = (t: string) => labels.tickets[t] !== 'background';
  const ticketsOf = new Map<string, string[]>();
  for (const [ticket, eventId] of run.eventOf) ticketsOf.set(eventId, [...(ticketsOf.get(eventId) ?? []), ticket]);
  const majority = (eventId: string): string => {
    const counts = new Map<string, number>();
    for (const t of ticketsOf.get(eventId) ?? []) counts.set(labels.tickets[t] ?? 'background', (counts.get(labels.tickets[t] ?? 'background') ?? 0) + 1);
    return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? 'background';
  };
  const publishedAt = new Map(run.items.map((i) => [i.externalId, Date.parse(i.publishedAt)]));
  const titleOf = new Map(run.events.map((e) => [e.id, e.title]));
  const outcomes: IncidentOutcome[] = labels.incidents.map((incident) => {
    const tickets = Object.entries(labels.tickets).filter(([, l]) => l === incident.id).map(([t]) => t);
    const perEvent = new Map<string, number>();
    for (const t of tickets) {
      const e = run.eventOf.get(t);
      if (e) perEvent.set(e, (perEvent.get(e) ?? 0) + 1);
    }
    const alerts = run.alerts.filter((a) => majority(a.eventId) === incident.id).sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
    const first = Math.min(...tickets.map((t) => publishedAt.get(t) ?? Infinity));
    return {
      id: incident.id,
      description: incident.description,
      deserves: incident.alert,
      expectedLevel: incident.level,
      events: [...perEvent].map(([eventId, n]) => ({ eventId, tickets: n })).sort((a, b) => b.tickets - a.tickets),
      alertedEvents: new Set(alerts.map((a) => a.eventId)).size,
      levels: alerts.map((a) => a.level),
      ...(alerts[0] ? { minutesToAlert: Math.round((Date.parse(alerts[0].createdAt) - first) / 60_000) } : {}),
    };
  });
  const deserving = new Set(labels.incidents.filter((i) => i.alert).map((i) => i.id));
  const falseAlerts = run.alerts.flatMap((a) => {
    const m = majority(a.eventId);
    if (deserving.has(m)) return [];
    return [{ level: a.level, title: titleOf.get(a.eventId) ?? a.eventId, why: m === 'background' ? '背景工单' : `${m}不应预警` }];
  });
  return {
    all: bCubed(gold, run.eventOf),
    incidentsOnly: bCubed(gold, run.eventOf, isIncident),
    outcomes,
    falseAlerts,
    alerts: run.alerts.length,
  };
}

const f3 = (x: number) => x.toFixed(3);

export function formatIncidentScore(s: IncidentScore): string {
  const deserving = s.outcomes.filter((o) => o.deserves);
  const exactlyOne = deserving.filter((o) => o.alertedEvents === 1).length;
  const levelRight = deserving.filter((o) => o.expectedLevel && o.levels.length && o.levels.some((l) => l === o.expectedLevel)).length;
  const times = deserving.flatMap((o) => (o.minutesToAlert === undefined ? [] : [o.minutesToAlert])).sort((a, b) => a - b);
  const lines = [
    `events vs incidents, B-cubed over all tickets: precision ${f3(s.all.precision)}, recall ${f3(s.all.recall)}, F1 ${f3(s.all.f1)}`,
    `  over incident tickets only: precision ${f3(s.incidentsOnly.precision)}, recall ${f3(s.incidentsOnly.recall)}, F1 ${f3(s.incidentsOnly.f1)}`,
    `alerts: ${s.alerts} raised; ${exactlyOne}/${deserving.length} alert-worthy incidents alerted on exactly one event; ` +
      `expected level reached on ${levelRight}/${deserving.length}; false alerts ${s.falseAlerts.length}`,
    `  minutes from first ticket to alert: ${times.length ? `median ${times[Math.floor(times.length / 2)]}, max ${times[times.length - 1]}` : 'none'}`,
    '  incident  events(tickets)      alerts (levels)        expected  minutes',
  ];
  for (const o of s.outcomes) {
    const split = o.events.map((e) => e.tickets).join('+');
    lines.push(
      `  ${o.id}       ${split.padEnd(20)} ${String(o.alertedEvents).padStart(2)} (${o.levels.join(',') || '-'})`.padEnd(54) +
        ` ${(o.expectedLevel ?? '不预警').padEnd(6)} ${o.minutesToAlert ?? '-'}`,
    );
  }
  for (const f of s.falseAlerts) lines.push(`  false alert 【${f.level}】${f.title}（${f.why}）`);
  return lines.join('\n');
}

export async function incidentReport(rules: AnalyzerRules): Promise<string> {
  const set = readIncidentSet();
  return formatIncidentScore(scoreReplay(set.labels, await replay(set.streams, rules)));
}

