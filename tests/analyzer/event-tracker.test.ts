import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AnalyzerRules } from '../../services/analyzer/analyzer-config.ts';
import { heatOf } from '../../services/analyzer/event-judge.ts';
import { EventTracker } from '../../services/analyzer/event-tracker.ts';
import type { ItemAnalysis } from '../../services/analyzer/item-analyzer.ts';
import type { SqliteSearchIndex } from '../../shared/adapters/sqlite/sqlite-search-index.ts';
import type { Alert } from '../../shared/domain/alert.ts';
import { toChinaIso } from '../../shared/domain/time.ts';
import { shippedRules } from './analyzer-fixtures.ts';
import { analyzed, freshIndex, ingest } from './event-support.ts';

const NOW = Date.parse('2026-11-21T08:00:00+08:00');
const START = Date.parse('2026-11-20T08:00:00+08:00');
const at = (minutes: number) => toChinaIso(START + minutes * 60_000);

const SITE = '壶镇镇安置小区二期工地包工头拖欠农民工工资四个月，工友们讨薪无果，请县人社局帮忙。';
const noise = (i: number) => analyzed(`n${i}`, `壶镇镇文化广场夜间广场舞音响噪音太大，居民反映影响休息，希望有关部门管一管（${i}）`, at(i));

describe('event figures and alerts', () => {
  let index: SqliteSearchIndex;
  beforeEach(() => {
    index = freshIndex();
  });
  afterEach(async () => {
    await index.close();
  });

  /** What the analyzer service does with a batch: assign, index, recompute each event, raise what is owed. */
  async function run(tracker: EventTracker, batch: ItemAnalysis[]): Promise<Alert[]> {
    const assigned = await ingest(index, batch);
    const raised: Alert[] = [];
    for (const id of new Set(assigned.map((a) => a.eventId))) {
      const { event, judged } = await tracker.recompute(id);
      await index.upsertEvents([event]);
      const alert = await tracker.alertFor(event, judged, []);
      if (alert) {
        await index.upsertAlerts([alert]);
        raised.push(alert);
      }
    }
    return raised;
  }

  it('counts copies apart from distinct texts and takes the title from the most copied item', async () => {
    const tracker = new EventTracker(index, shippedRules(), () => NOW);
    await run(tracker, [
      analyzed('other', '壶镇镇安置小区二期工地的老板还是不发工资，我们二十多个工人去工地讨要被赶出来了。', at(0)),
      analyzed('orig', SITE, at(1)),
      ...[2, 3, 4].map((i) => analyzed(`copy${i}`, `转发：${SITE}`, at(i))),
    ]);
    const { event } = await tracker.recompute((await index.getItem('orig'))!.eventId);
    expect(event).toMatchObject({ itemCount: 5, distinctCount: 2, copyCount: 3, representativeItemId: 'orig', places: ['壶镇镇'] });
    expect(event.title).toBe(`壶镇镇工资拖欠：${SITE.slice(0, 24)}`);
    expect(event.heat).toBeGreaterThan(0);
  });

  it('a growing event raises one alert per level rise, none while it only grows, and says why with figures', async () => {
    const tracker = new EventTracker(index, shippedRules(), () => NOW);
    // A month of collected history elsewhere: the baseline is learned, and 壶镇镇 has been quiet.
    await ingest(index, [analyzed('history', '五云街道路灯不亮，晚上出行不便', toChinaIso(START - 30 * 86_400_000))]);
    const raised: Alert[] = [];
    for (let i = 0; i < 40; i++) raised.push(...(await run(tracker, [noise(i)])));
    expect(raised.map((a) => [a.level, a.rule])).toEqual([
      ['较大', 'burst'],
      ['重大', 'volume'],
    ]);
    const [first, second] = raised as [Alert, Alert];
    // The eighth item in a place with no history is a burst; the thirtieth reaches 重大 by volume.
    expect(first.message).toMatch(/^【较大】壶镇镇/);
    expect(first.message).toMatch(/突增（较大）：壶镇镇.+近24小时8条，基线日均0\.0条.+泊松检验p=\d\.\de-\d+/);
    expect(second.message).toContain('由较大升级为重大');
    expect(second.message).toMatch(/数量（重大）：30条相关诉求（不同内容\d+条，重复或转发\d+条），达到阈值30条/);
    expect(second.createdAt).toBe(toChinaIso(NOW));
    // Recomputing and judging again (a redelivery) owes nothing more.
    expect(await run(tracker, [noise(39)])).toEqual([]);
    expect((await index.searchAlerts({})).total).toBe(2);
  });

  it('a new installation raises no burst alert: with three days of history there is no baseline yet', async () => {
    const tracker = new EventTracker(index, shippedRules(), () => NOW);
    await ingest(index, [analyzed('history', '五云街道路灯不亮，晚上出行不便', toChinaIso(START - 3 * 86_400_000))]);
    const raised: Alert[] = [];
    for (let i = 0; i < 12; i++) raised.push(...(await run(tracker, [noise(i)])));
    expect(raised.map((a) => a.rule)).not.toContain('burst');
  });

  it('many 12345 complaints about one 办事事项 raise a hotline-concentration alert that names it', async () => {
    const base = shippedRules();
    const rules: AnalyzerRules = { ...base, alerts: { ...base.alerts, burst: [] } };
    const tracker = new EventTracker(index, rules, () => NOW);
    const complaint = (i: number) =>
      analyzed(`h${i}`, `壶镇镇新建小区不动产权证迟迟办不下来，开发商说在等审批（${i}）`, at(i * 30), {
        attrs: { 二级分类: '不动产登记', 三级分类: '不动产权证办理', 承办单位: '县自然资源和规划局' },
      });
    const raised: Alert[] = [];
    for (let i = 0; i < 9; i++) raised.push(...(await run(tracker, [complaint(i)])));
    expect(raised).toHaveLength(1);
    expect(raised[0]).toMatchObject({ level: '较大', rule: 'hotline-concentration' });
    expect(raised[0]!.message).toContain('热线集中（较大）：近72小时8件12345诉求集中于办事事项「不动产权证办理」（阈值8件）');
  });

  it('risk signals name themselves in the alert, the repeat caller among them', async () => {
    const tracker = new EventTracker(index, shippedRules(), () => NOW);
    const [alert] = await run(tracker, [analyzed('r1', '壶镇镇安置小区二期工地拖欠工资，工友们说明天去县政府上访。', at(0))]);
    expect(alert).toMatchObject({ level: '较大', rule: 'risk-signal' });
    expect(alert!.message).toContain('风险信号（较大）：1条诉求含风险信号：群体性行为（阈值1条）');
  });
});

describe('heat', () => {
  it('grows with distinct texts more than with copies, with velocity, spread, negativity and risk', () => {
    const base = { distinct: 10, copies: 0, peakHour: 4, kinds: 1, negativity: 0, riskItems: 0 };
    expect(heatOf(base)).toBe(12);
    expect(heatOf({ ...base, distinct: 5, copies: 5 })).toBe(9.5);
    expect(heatOf({ ...base, peakHour: 10 })).toBe(15);
    expect(heatOf({ ...base, kinds: 3 })).toBe(24);
    expect(heatOf({ ...base, negativity: 0.5 })).toBe(18);
    expect(heatOf({ ...base, riskItems: 2 })).toBe(18);
  });
});
