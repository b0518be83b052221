import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateDemoExport } from '../../services/collector/demo/demo-export.ts';
import { readIncidentSet } from '../../eval/incidents/read-incidents.ts';
import { scoreReplay } from '../../eval/incidents/report.ts';
import { replay } from '../../eval/incidents/replay.ts';
import { shippedRules } from './analyzer-fixtures.ts';

// The labelled streams through the collector's reading path and the shipped analyzer, as
// `npm run eval` runs them; these are the floors below which a change is a regression.
describe('the labelled incident set (eval/incidents)', () => {
  it('events match incidents, alert-worthy incidents are alerted, and background and the two quiet incidents raise nothing', { timeout: 120_000 }, async () => {
    const set = readIncidentSet();
    const run = await replay(set.streams, shippedRules());
    expect(run.rejected).toBe(0);
    const score = scoreReplay(set.labels, run);
    expect(score.all.f1).toBeGreaterThanOrEqual(0.93);
    expect(score.incidentsOnly.precision).toBeGreaterThanOrEqual(0.95);
    expect(score.incidentsOnly.f1).toBeGreaterThanOrEqual(0.9);
    const deserving = score.outcomes.filter((o) => o.deserves);
    expect(deserving.filter((o) => o.alertedEvents === 0).map((o) => o.id)).toEqual([]);
    expect(deserving.filter((o) => o.alertedEvents === 1).length).toBeGreaterThanOrEqual(deserving.length - 1);
    expect(score.falseAlerts).toEqual([]);
    // Two incidents in one township and topic (wage arrears at two sites) stay apart.
    const [i03, i04] = ['I03', 'I04'].map((id) => score.outcomes.find((o) => o.id === id)!);
    expect(i03!.events[0]!.eventId).not.toBe(i04!.events[0]!.eventId);
  });

  it("the demo export's thank-you calls and consultations raise no alert", { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'yuqing-demo-'));
    const demo = generateDemoExport({ now: Date.parse('2026-11-20T10:30:00+08:00'), rows: 300 });
    const path = join(dir, demo.fileName);
    writeFileSync(path, demo.csv);
    const run = await replay([path], shippedRules());
    const typeOf = new Map(run.items.map((i) => [i.id, i.hotline?.appealType]));
    const notComplaints = new Set(['表扬', '感谢', '咨询']);
    expect([...typeOf.values()].filter((t) => t === '感谢' || t === '表扬').length).toBeGreaterThan(0);
    for (const alert of run.alerts) {
      const members = run.items.filter((i) => i.eventId === alert.eventId);
      const complaints = members.filter((i) => !notComplaints.has(typeOf.get(i.id) ?? ''));
      expect(complaints.length, `${alert.level} ${alert.title} ${JSON.stringify(alert.findings)}`).toBeGreaterThan(0);
    }
  });
});
