import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AnalyzerRules } from '../../services/analyzer/analyzer-config.ts';
import { heatOf } from '../../services/analyzer/event-judge.ts';
import { EventTracker } from '../../services/analyzer/event-tracker.ts';
import type { ItemAnalysis } from '../../services/analyzer/item-analyzer.ts';
import type { SqliteSearchIndex } from '../../shared/adapters/sqlite/sqlite-search-index.ts';
import type { Alert } from '../../shared/domain/alert.ts';
import { toChinaIso } from '../../shared/domain/time.ts';
import { shippedRules } from './analyzer-fixtures.ts';
import { analyzed, freshIndex, ingest, ticket } from './event-support.ts';

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

  /** What the analyzer service does with a batch: assign, index, bring its events up to date, raise what is owed. */
  async function run(tracker: EventTracker, batch: ItemAnalysis[]): Promise<Alert[]> {
    const assigned = await ingest(index, batch);
    const raised: Alert[] = [];
    await tracker.update([...new Set(assigned.map((a) => a.eventId))], assigned, async (alert) => {
      await index.upsertAlerts([alert]);
      raised.push(alert);
    });
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
      ['一般', 'volume'],
      ['较大', 'burst'],
      ['重大', 'volume'],
    ]);
    const [first, second, third] = raised as [Alert, Alert, Alert];
    // Five complainants make a 一般 event; the eighth item in a place with no history is a
    // burst; the thirtieth reaches 重大 by volume.
    expect(first.title).toMatch(/^壶镇镇/);
    expect(first.findings).toEqual([expect.objectContaining({ rule: 'volume', level: '一般' })]);
    expect(second.message).toMatch(/^【较大】壶镇镇/);
    expect(second.message).toContain('由一般升级为较大');
    expect(second.message).toMatch(/突增（较大）：壶镇镇.+近24小时8条，基线日均0\.0条.+泊松检验p=\d\.\de-\d+/);
    expect(third.message).toContain('由较大升级为重大');
    expect(third.message).toMatch(/数量（重大）：30人次诉求（同一来电人计一次，不计表扬、感谢、咨询；共30条，不同内容\d+条，重复或转发\d+条），达到阈值30/);
    expect(third.createdAt).toBe(toChinaIso(NOW));
    // Recomputing and judging again (a redelivery) owes nothing more.
    expect(await run(tracker, [noise(39)])).toEqual([]);
    expect((await index.searchAlerts({})).total).toBe(3);
  });

  it('an event no item reached for the quiet period is 已平息 (closed), and reopens when an item arrives', async () => {
    let now = START;
    const tracker = new EventTracker(index, shippedRules(), () => now);
    await run(tracker, [analyzed('a', SITE, at(0))]);
    const eventId = (await index.getItem('a'))!.eventId;
    expect((await index.getEvent(eventId))!.status).toBe('active');
    now = START + 71 * 3600_000;
    expect(await tracker.closeQuietEvents()).toBe(0);
    now = START + 73 * 3600_000;
    expect(await tracker.closeQuietEvents()).toBe(1);
    expect((await index.getEvent(eventId))!.status).toBe('closed');
    expect(await tracker.closeQuietEvents()).toBe(0);
    await run(tracker, [analyzed('b', `${SITE}还是没人管`, at(72 * 60))]);
    expect((await index.getItem('b'))!.eventId).toBe(eventId);
    expect((await index.getEvent(eventId))!.status).toBe('active');
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
    expect(raised.map((a) => [a.level, a.rule])).toEqual([
      ['一般', 'volume'],
      ['较大', 'hotline-concentration'],
    ]);
    expect(raised[1]!.message).toContain('热线集中（较大）：近72小时8件12345诉求（不计表扬、感谢、咨询）集中于办事事项「不动产权证办理」，达到阈值8件');
    expect(raised[1]!.sampleItemIds).toContain('h7');
  });

  describe('hotline concentration across events', () => {
    /** A 12345 export row as the county's system writes it (事项名称 is this platform's 办事事项 column). */
    const row = (n: number, minutes: number, cells: Record<string, string>) => ({
      工单编号: `GD2026112${String(n).padStart(4, '0')}`,
      来电时间: toChinaIso(START + minutes * 60_000).slice(0, 19).replace('T', ' '),
      诉求类型: '投诉',
      诉求来源: '12345热线',
      来电人: '王先生',
      来电号码: '13812345678',
      ...cells,
    });
    const property = (n: number, minutes: number, town: string, unit = '县自然资源和规划局') =>
      ticket(
        row(n, minutes, {
          诉求标题: `${town}安置小区不动产权证迟迟办不下来`,
          诉求内容: `${town}安置小区交房已经两年，不动产权证一直办不下来，孩子上学落户都受影响，开发商说在等审批，请尽快办理。`,
          所属区域: town,
          二级分类: '不动产登记',
          事项名称: '不动产权证办理',
          承办单位: unit,
        }),
      );
    const withoutBursts = (): AnalyzerRules => {
      const base = shippedRules();
      return { ...base, alerts: { ...base.alerts, burst: [] } };
    };

    it('carries the export\'s 办事事项, 承办单位 (by its gazetteer name) and 诉求类型 into the analyzed ticket', () => {
      const t = property(1, 0, '壶镇镇', '县自然资源局');
      expect(t.hotline).toEqual({ matter: '不动产权证办理', handlingUnit: '县自然资源和规划局', appealType: '投诉' });
      expect(t.attrs['办事事项']).toBe('不动产权证办理');
      expect(JSON.stringify(t)).not.toContain('13812345678');
    });

    it('tickets about one 办事事项 spread over townships raise one alert, on the event holding most of them, and no more as tickets keep coming', async () => {
      const tracker = new EventTracker(index, withoutBursts(), () => NOW);
      const towns = ['壶镇镇', '新建镇', '壶镇镇', '五云街道', '东渡镇', '壶镇镇', '舒洪镇'];
      const raised: Alert[] = [];
      for (const [i, town] of towns.entries()) raised.push(...(await run(tracker, [property(i, i * 30, town, i % 2 ? '县自然资源局' : '县自然资源和规划局')])));
      // Seven tickets in five events: below the threshold of eight, nothing.
      expect(raised).toEqual([]);
      const hu = (await index.getItem(property(0, 0, '壶镇镇').id))!.eventId;
      const tickets = await index.searchItems({ matters: ['不动产权证办理'], page: { limit: 50 } });
      expect(new Set(tickets.hits.map((h) => h.eventId)).size).toBe(5);

      // The eighth arrives in 大洋镇: the alert is 壶镇镇's, whose event holds three of the eight.
      const eighth = property(7, 7 * 30, '大洋镇');
      raised.push(...(await run(tracker, [eighth])));
      expect(raised).toHaveLength(1);
      const [alert] = raised as [Alert];
      expect(alert).toMatchObject({ eventId: hu, level: '较大', rule: 'hotline-concentration' });
      expect(alert.message).toContain('热线集中（较大）：近72小时8件12345诉求（不计表扬、感谢、咨询）集中于办事事项「不动产权证办理」，分属6个事件（本事件3件），达到阈值8件');
      // The evidence names tickets of the concentration, the newest (in another event) among them.
      expect(alert.sampleItemIds).toContain(eighth.id);
      expect((await index.searchItems({ ids: alert.sampleItemIds })).hits.every((h) => h.hotline?.matter === '不动产权证办理')).toBe(true);
      expect((await index.getEvent(hu))?.level).toBe('较大');
      expect((await index.getEvent((await index.getItem(eighth.id))!.eventId))?.level).toBe('一般');

      // More tickets, in 壶镇镇 and elsewhere: the concentration grows, no alert storms.
      for (const [i, town] of ['壶镇镇', '新碧街道', '五云街道', '壶镇镇'].entries()) {
        raised.push(...(await run(tracker, [property(8 + i, (8 + i) * 30, town)])));
      }
      expect(raised).toHaveLength(1);
      expect((await index.searchAlerts({})).total).toBe(1);
    });

    it('counts one 承办单位 under any of its names, only the 诉求类型 the rule names, only within the window, and escalates once per level', async () => {
      const base = withoutBursts();
      const rules: AnalyzerRules = {
        ...base,
        alerts: {
          ...base.alerts,
          hotlineConcentration: [
            { level: '较大', by: '承办单位', minItems: 5, windowHours: 24, appealTypes: ['投诉'], excludeAppealTypes: [] },
            { level: '重大', by: '承办单位', minItems: 8, windowHours: 24, appealTypes: ['投诉'], excludeAppealTypes: [] },
          ],
        },
      };
      const tracker = new EventTracker(index, rules, () => NOW);
      // Different matters and texts in each township: the tickets fall into many events.
      const TEXTS: [string, string][] = [
        ['工资福利', '{town}一家服装厂拖欠工人三个月工资，老板一直拖着不发，工人多次讨要无果。'],
        ['社会保险', '{town}有企业没有给员工缴纳社保，员工要求补缴被拒绝。'],
        ['劳动合同', '{town}一家物流公司不和员工签劳动合同，辞退员工也不给经济补偿。'],
      ];
      const UNITS = ['县人社局', '县人力资源和社会保障局', '人社局', '县劳动保障监察大队'];
      const labour = (n: number, minutes: number, town: string, type = '投诉') => {
        const [category, text] = TEXTS[n % TEXTS.length]!;
        return ticket(
          row(100 + n, minutes, { 诉求类型: type, 诉求内容: text.replace('{town}', town), 所属区域: town, 二级分类: category, 承办单位: UNITS[n % UNITS.length]! }),
        );
      };
      const raised: Alert[] = [];
      const feed = async (t: ItemAnalysis) => raised.push(...(await run(tracker, [t])));
      // Two days earlier: outside the 24-hour window when the rest arrive.
      await feed(labour(0, -48 * 60, '七里乡'));
      await feed(labour(1, -47 * 60, '前路乡'));
      // Today: four complaints and two inquiries (咨询 is not counted).
      const towns = ['壶镇镇', '新建镇', '东渡镇', '舒洪镇'];
      for (const [i, town] of towns.entries()) await feed(labour(2 + i, i * 20, town));
      await feed(labour(6, 100, '壶镇镇', '咨询'));
      await feed(labour(7, 110, '新建镇', '咨询'));
      expect(raised).toEqual([]);
      expect((await index.searchItems({ handlingUnits: ['县人力资源和社会保障局'] })).total).toBe(8);

      await feed(labour(8, 120, '大洋镇'));
      expect(raised.map((a) => [a.level, a.rule])).toEqual([['较大', 'hotline-concentration']]);
      expect(raised[0]!.message).toContain('近24小时5件12345诉求（诉求类型：投诉）集中于承办单位「县人力资源和社会保障局」');

      // Spread one per event, the alert is the event's where the concentration began: 壶镇镇's.
      const hu = (await index.getItem(labour(2, 0, '壶镇镇').id))!.eventId;
      expect(raised[0]!.eventId).toBe(hu);

      // Tickets keep coming, two of them into one other event, which now holds the most: the
      // alert stays where it was raised, and only the 重大 threshold raises another, there.
      for (const [i, n] of [9, 12].entries()) await feed(labour(n, 130 + i * 10, '新建镇'));
      const complaints = { handlingUnits: ['县人力资源和社会保障局'], appealTypes: ['投诉'], from: toChinaIso(START) };
      const [most] = (await index.aggregateItems(complaints, { terms: ['event'], size: 1 })).terms.event ?? [];
      expect(most!.key).not.toBe(hu);
      expect(raised).toHaveLength(1);
      await feed(labour(11, 150, '东渡镇'));
      expect(raised.map((a) => [a.level, a.eventId])).toEqual([
        ['较大', hu],
        ['重大', hu],
      ]);
      expect(raised[1]!.message).toContain('由较大升级为重大');
      expect(raised[1]!.message).toContain('近24小时8件12345诉求（诉求类型：投诉）集中于承办单位「县人力资源和社会保障局」');
    });
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
