import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AnalyzedItem } from '../../shared/domain/analyzed-item.ts';
import type { SearchIndex } from '../../shared/ports/search-index.ts';
import { simhashBands } from '../../shared/ports/search-terms.ts';
import { makeDeadLetter } from '../../shared/bus-channels.ts';
import { alert, analyzedItem, event } from '../support/records.ts';
import { countCase } from './case-counter.ts';

export interface SearchIndexFixture {
  name: string;
  /** A fresh, empty index for each case. */
  open: () => Promise<SearchIndex>;
  /** Changes fields of a stored event behind the adapter's back, as a broken writer or another version might leave it. */
  overwriteEvent: (index: SearchIndex, id: string, fields: Record<string, unknown>) => Promise<void>;
}

const topic = (code: string) => ({ code, label: code, score: 1, evidence: [] });

/** One contract for every SearchIndex adapter: the same cases run against SQLite and Elasticsearch. */
export function searchIndexContract(fixture: SearchIndexFixture): void {
  describe(`SearchIndex contract: ${fixture.name}`, () => {
    let index: SearchIndex;

    beforeEach(async () => {
      index = await fixture.open();
    });
    afterEach(async () => {
      await index.close();
    });

    const test = (name: string, fn: () => Promise<void>) =>
      it(name, async () => {
        await fn();
        countCase(fixture.name, 'SearchIndex');
      });

    async function put(...items: ReturnType<typeof analyzedItem>[]) {
      await index.upsertItems(items);
      await index.refresh();
    }

    test('an upserted item is read back unchanged', async () => {
      const item = analyzedItem('i1', { title: '工资问题', topics: [topic('wage_arrears')], places: ['壶镇镇'], attrs: { 诉求类型: '投诉', 满意度: null } });
      await put(item);
      expect(await index.getItem('i1')).toEqual(item);
      expect(await index.getItem('missing')).toBeUndefined();
    });

    test('upserting the same item twice keeps one copy', async () => {
      await put(analyzedItem('i1'));
      await put(analyzedItem('i1'));
      expect((await index.searchItems({})).total).toBe(1);
    });

    test('a newer revision replaces an item and an older one never rolls it back', async () => {
      await put(analyzedItem('i1', { revision: 2, text: '第二版', normText: '第二版' }));
      await put(analyzedItem('i1', { revision: 1, text: '第一版', normText: '第一版' }));
      expect((await index.getItem('i1'))?.text).toBe('第二版');
      await put(analyzedItem('i1', { revision: 3, text: '第三版 已办结', normText: '第三版 已办结' }));
      expect((await index.getItem('i1'))?.text).toBe('第三版 已办结');
      expect((await index.searchItems({ text: '第二版' })).total).toBe(0);
    });

    test('full-text search finds segmented Chinese words and requires every word of the query', async () => {
      await put(
        analyzedItem('wage', { normText: '某工地老板拖欠农民工工资三个月' }),
        analyzedItem('noise', { normText: '夜间施工噪音扰民严重' }),
        analyzedItem('wage2', { normText: '公司拖欠员工工资', title: '讨薪' }),
      );
      expect((await index.searchItems({ text: '农民工' })).hits.map((h) => h.id)).toEqual(['wage']);
      expect((await index.searchItems({ text: '拖欠工资' })).hits.map((h) => h.id).sort()).toEqual(['wage', 'wage2']);
      expect((await index.searchItems({ text: '拖欠 噪音' })).total).toBe(0);
      expect((await index.searchItems({ text: '讨薪' })).hits.map((h) => h.id)).toEqual(['wage2']);
    });

    test('query text that looks like search syntax is taken literally', async () => {
      await put(analyzedItem('i1', { normText: '普通的投诉' }));
      for (const text of ['"', 'AND OR NOT', '投诉*', '(投诉', 'title:投诉', '！？。', '   ']) {
        const r = await index.searchItems({ text });
        expect(r.total).toBeGreaterThanOrEqual(0);
      }
    });

    test('filters by topic, source kind, place, department, event and time range', async () => {
      await put(
        analyzedItem('a', { topics: [topic('wage_arrears'), topic('labor')], places: ['壶镇镇'], departments: ['县人社局'], eventId: 'e1', publishedAt: '2026-11-20T09:00:00+08:00' }),
        analyzedItem('b', { topics: [topic('housing')], places: ['五云街道'], source: { kind: 'comment', name: 'weibo' }, eventId: 'e2', publishedAt: '2026-11-21T09:00:00+08:00' }),
        analyzedItem('c', { topics: [topic('housing')], places: ['壶镇镇'], source: { kind: 'page', name: 'gov' }, eventId: 'e2', publishedAt: '2026-11-22T09:00:00+08:00' }),
      );
      const ids = async (q: Parameters<SearchIndex['searchItems']>[0]) => (await index.searchItems({ ...q, sort: 'oldest' })).hits.map((h) => h.id);
      expect(await ids({ topics: ['housing'] })).toEqual(['b', 'c']);
      expect(await ids({ topics: ['labor', 'housing'] })).toEqual(['a', 'b', 'c']);
      expect(await ids({ sourceKinds: ['comment', 'page'] })).toEqual(['b', 'c']);
      expect(await ids({ places: ['壶镇镇'] })).toEqual(['a', 'c']);
      expect(await ids({ departments: ['县人社局'] })).toEqual(['a']);
      expect(await ids({ eventId: 'e2' })).toEqual(['b', 'c']);
      expect(await ids({ from: '2026-11-21T00:00:00+08:00' })).toEqual(['b', 'c']);
      expect(await ids({ from: '2026-11-21T00:00:00+08:00', to: '2026-11-22T09:00:00+08:00' })).toEqual(['b']);
      expect(await ids({ topics: ['housing'], places: ['壶镇镇'] })).toEqual(['c']);
    });

    test('finds near-duplicate candidates by any shared simhash band, and nothing without one', async () => {
      await put(
        analyzedItem('orig', { simhash: '7ca13f10d252bc75' }),
        analyzedItem('copy', { simhash: '7ca13f10d252bc74' }),
        analyzedItem('half', { simhash: 'ffff3f10ffffffff' }),
        analyzedItem('other', { simhash: '0123456789abcdef' }),
      );
      const ids = async (bands: string[]) => (await index.searchItems({ simhashBands: bands, sort: 'oldest' })).hits.map((h) => h.id).sort();
      expect(await ids(simhashBands('7ca13f10d252bc75'))).toEqual(['copy', 'half', 'orig']);
      // A band matches only in its own position: 3f10 is band 1 of orig, not band 0.
      expect(await ids(['0:3f10'])).toEqual([]);
      expect(await ids(simhashBands('aaaabbbbccccdddd'))).toEqual([]);
      // Bands are a filter, never part of the record read back.
      expect(await index.getItem('orig')).toEqual(analyzedItem('orig', { simhash: '7ca13f10d252bc75' }));
      expect((await index.searchItems({ simhashBands: ['3:bc74'] })).hits).toEqual([analyzedItem('copy', { simhash: '7ca13f10d252bc74' })]);
    });

    test('counts earlier items of one author by author key and finds items by id', async () => {
      const caller = (id: string, key: string, at: string) => analyzedItem(id, { author: { key, display: '王**' }, publishedAt: at });
      await put(
        caller('c1', 'k-caller-aaaa', '2026-11-18T09:00:00+08:00'),
        caller('c2', 'k-caller-aaaa', '2026-11-19T09:00:00+08:00'),
        caller('c3', 'k-caller-aaaa', '2026-11-20T09:00:00+08:00'),
        caller('d1', 'k-caller-bbbb', '2026-11-19T09:00:00+08:00'),
        analyzedItem('anon'),
      );
      const earlier = await index.searchItems({ authorKey: 'k-caller-aaaa', to: '2026-11-20T09:00:00+08:00', sort: 'oldest' });
      expect(earlier.total).toBe(2);
      expect(earlier.hits.map((h) => h.id)).toEqual(['c1', 'c2']);
      expect((await index.searchItems({ authorKey: 'k-caller-bbbb' })).total).toBe(1);
      expect((await index.searchItems({ authorKey: 'k-nobody-0000' })).total).toBe(0);
      expect((await index.searchItems({ ids: ['c2', 'anon', 'missing'], sort: 'oldest' })).hits.map((h) => h.id).sort()).toEqual(['anon', 'c2']);
      expect((await index.searchItems({ ids: [] })).total).toBe(0);
    });

    test('filters and counts hotline items by 办事事项, 承办单位 and 诉求类型, and counts items per event', async () => {
      const ticket = (id: string, eventId: string, hotline: AnalyzedItem['hotline'], at = '2026-11-20T09:00:00+08:00') =>
        analyzedItem(id, { eventId, hotline, publishedAt: at });
      await put(
        ticket('t1', 'e1', { matter: '不动产权证办理', handlingUnit: '县自然资源和规划局', appealType: '投诉' }),
        ticket('t2', 'e1', { matter: '不动产权证办理', handlingUnit: '县自然资源和规划局', appealType: '咨询' }, '2026-11-20T10:00:00+08:00'),
        ticket('t3', 'e2', { matter: '不动产权证办理', handlingUnit: '县自然资源和规划局', appealType: '投诉' }, '2026-11-21T09:00:00+08:00'),
        ticket('t4', 'e3', { matter: '物业管理', handlingUnit: '县住房和城乡建设局', appealType: '投诉' }),
        ticket('t5', 'e3', { handlingUnit: '县住房和城乡建设局' }),
        analyzedItem('plain', { eventId: 'e3' }),
      );
      const ids = async (q: Parameters<SearchIndex['searchItems']>[0]) => (await index.searchItems({ ...q, sort: 'oldest' })).hits.map((h) => h.id);
      expect(await ids({ matters: ['不动产权证办理'] })).toEqual(['t1', 't2', 't3']);
      expect(await ids({ matters: ['不动产权证办理'], appealTypes: ['投诉'] })).toEqual(['t1', 't3']);
      // Leaving out 咨询 keeps the items with no 诉求类型.
      expect(await ids({ eventId: 'e1', excludeAppealTypes: ['咨询', '感谢'] })).toEqual(['t1']);
      expect((await ids({ eventId: 'e3', excludeAppealTypes: ['咨询'] })).sort()).toEqual(['plain', 't4', 't5']);
      expect(await ids({ handlingUnits: ['县住房和城乡建设局'] })).toEqual(['t4', 't5']);
      expect(await ids({ matters: ['不动产权证办理', '物业管理'], to: '2026-11-21T00:00:00+08:00' })).toEqual(['t1', 't4', 't2']);
      expect(await ids({ matters: ['未知事项'] })).toEqual([]);
      // The record reads back with its hotline facts as written.
      expect((await index.getItem('t5'))?.hotline).toEqual({ handlingUnit: '县住房和城乡建设局' });

      const r = await index.aggregateItems({}, { terms: ['matter', 'handlingUnit', 'appealType', 'event'] });
      expect(r.terms.matter).toEqual([
        { key: '不动产权证办理', count: 3 },
        { key: '物业管理', count: 1 },
      ]);
      expect(r.terms.handlingUnit).toEqual([
        { key: '县自然资源和规划局', count: 3 },
        { key: '县住房和城乡建设局', count: 2 },
      ]);
      expect(r.terms.appealType).toEqual([
        { key: '投诉', count: 3 },
        { key: '咨询', count: 1 },
      ]);
      expect(r.terms.event).toEqual([
        { key: 'e3', count: 3 },
        { key: 'e1', count: 2 },
        { key: 'e2', count: 1 },
      ]);
      // Events tied on count come in id order, so every adapter names the same one first.
      const perEvent = await index.aggregateItems({ matters: ['不动产权证办理'], from: '2026-11-20T00:00:00+08:00' }, { terms: ['event'], size: 1 });
      expect(perEvent.total).toBe(3);
      expect(perEvent.terms.event).toEqual([{ key: 'e1', count: 2 }]);
      const tied = await index.aggregateItems({ matters: ['不动产权证办理'], appealTypes: ['投诉'] }, { terms: ['event'], size: 5 });
      expect(tied.terms.event).toEqual([
        { key: 'e1', count: 1 },
        { key: 'e2', count: 1 },
      ]);
    });

    test('sorts by time and risk and pages through results with a stable total', async () => {
      await put(
        ...Array.from({ length: 7 }, (_, i) =>
          analyzedItem(`i${i}`, { publishedAt: `2026-11-2${i}T09:00:00+08:00`, risk: { score: (i * 3) % 7, signals: [] } }),
        ),
      );
      expect((await index.searchItems({ sort: 'newest', page: { limit: 3 } })).hits.map((h) => h.id)).toEqual(['i6', 'i5', 'i4']);
      const page2 = await index.searchItems({ sort: 'newest', page: { offset: 3, limit: 3 } });
      expect(page2.total).toBe(7);
      expect(page2.hits.map((h) => h.id)).toEqual(['i3', 'i2', 'i1']);
      expect((await index.searchItems({ sort: 'oldest', page: { limit: 2 } })).hits.map((h) => h.id)).toEqual(['i0', 'i1']);
      expect((await index.searchItems({ sort: 'risk', page: { limit: 2 } })).hits.map((h) => h.id)).toEqual(['i2', 'i4']);
    });

    test('aggregates terms by topic, place and source kind, and a date histogram in China days', async () => {
      await put(
        analyzedItem('a', { topics: [topic('housing')], places: ['壶镇镇'], publishedAt: '2026-11-20T23:30:00+08:00' }),
        analyzedItem('b', { topics: [topic('housing'), topic('wage_arrears')], places: ['壶镇镇'], publishedAt: '2026-11-21T00:30:00+08:00' }),
        analyzedItem('c', { topics: [topic('wage_arrears')], places: ['五云街道'], source: { kind: 'comment', name: 'x' }, publishedAt: '2026-11-21T08:10:00+08:00' }),
        analyzedItem('d', { topics: [topic('housing')], publishedAt: '2026-11-21T08:50:00+08:00' }),
      );
      const r = await index.aggregateItems({}, { terms: ['topic', 'place', 'sourceKind'], histogram: 'day' });
      expect(r.total).toBe(4);
      expect(r.terms.topic).toEqual([
        { key: 'housing', count: 3 },
        { key: 'wage_arrears', count: 2 },
      ]);
      expect(r.terms.place).toEqual([
        { key: '壶镇镇', count: 2 },
        { key: '五云街道', count: 1 },
      ]);
      expect(r.terms.sourceKind).toEqual([
        { key: 'hotline', count: 3 },
        { key: 'comment', count: 1 },
      ]);
      // 23:30 on the 20th is one China day, the rest the next; keys are instants of China midnight.
      expect(r.histogram?.map((b) => [Date.parse(b.key), b.count])).toEqual([
        [Date.parse('2026-11-20T00:00:00+08:00'), 1],
        [Date.parse('2026-11-21T00:00:00+08:00'), 3],
      ]);
      const hourly = await index.aggregateItems({ topics: ['housing'] }, { histogram: 'hour' });
      expect(hourly.histogram?.map((b) => [Date.parse(b.key), b.count])).toEqual([
        [Date.parse('2026-11-20T23:00:00+08:00'), 1],
        [Date.parse('2026-11-21T00:00:00+08:00'), 1],
        [Date.parse('2026-11-21T08:00:00+08:00'), 1],
      ]);
      const filtered = await index.aggregateItems({ text: '物业', places: ['壶镇镇'] }, { terms: ['topic'] });
      expect(filtered.total).toBe(2);
    });

    test('events are upserted, read, filtered by level, topic, place and text, and sorted by heat', async () => {
      await index.upsertEvents([
        event('e1', { heat: 5, level: '一般', topics: ['housing'], places: ['五云街道'], title: '小区物业乱收费' }),
        event('e2', { heat: 50, level: '重大' }),
        event('e3', { heat: 20, level: '较大', lastSeen: '2026-11-22T10:00:00+08:00' }),
      ]);
      await index.upsertEvents([event('e1', { heat: 6, level: '一般', topics: ['housing'], places: ['五云街道'], title: '小区物业乱收费' })]);
      await index.refresh();
      expect((await index.getEvent('e1'))?.heat).toBe(6);
      expect((await index.searchEvents({})).hits.map((e) => e.id)).toEqual(['e2', 'e3', 'e1']);
      expect((await index.searchEvents({ levels: ['重大', '较大'] })).hits.map((e) => e.id)).toEqual(['e2', 'e3']);
      expect((await index.searchEvents({ topics: ['housing'] })).hits.map((e) => e.id)).toEqual(['e1']);
      expect((await index.searchEvents({ places: ['壶镇镇'] })).total).toBe(2);
      expect((await index.searchEvents({ text: '物业' })).hits.map((e) => e.id)).toEqual(['e1']);
      expect((await index.searchEvents({ sort: 'latest', page: { limit: 1 } })).hits.map((e) => e.id)).toEqual(['e3']);
      // A merged event is the record of the merge: read by id, never listed.
      await index.upsertEvents([event('e2', { heat: 50, level: '重大', status: 'merged', mergedInto: 'e3', mergedAt: '2026-11-22T11:00:00+08:00' })]);
      await index.refresh();
      expect((await index.getEvent('e2'))?.mergedInto).toBe('e3');
      expect((await index.searchEvents({})).hits.map((e) => e.id)).toEqual(['e3', 'e1']);
      expect((await index.searchEvents({ places: ['壶镇镇'] })).total).toBe(1);
    });

    test('alerts are kept once per id and listed newest first, since a time, by level and by event', async () => {
      await index.upsertAlerts([alert('a1', { createdAt: '2026-11-20T10:00:00+08:00' }), alert('a2', { createdAt: '2026-11-20T11:00:00+08:00', level: '重大' })]);
      await index.upsertAlerts([alert('a1', { createdAt: '2026-11-20T10:00:00+08:00' })]);
      expect(await index.getAlert('a2')).toMatchObject({ id: 'a2', level: '重大' });
      expect(await index.getAlert('a9')).toBeUndefined();
      await index.refresh();
      expect((await index.searchAlerts({})).hits.map((a) => a.id)).toEqual(['a2', 'a1']);
      expect((await index.searchAlerts({ since: '2026-11-20T10:30:00+08:00' })).hits.map((a) => a.id)).toEqual(['a2']);
      expect((await index.searchAlerts({ levels: ['重大'] })).total).toBe(1);
      expect((await index.searchAlerts({ eventIds: ['ev1'] })).total).toBe(2);
      expect((await index.searchAlerts({ eventIds: ['ev0', 'ev2'] })).total).toBe(0);
      await index.upsertAlerts([alert('a3', { eventId: 'ev2', createdAt: '2026-11-20T09:00:00+08:00' })]);
      await index.refresh();
      expect((await index.searchAlerts({ eventIds: ['ev0', 'ev2'] })).hits.map((a) => a.id)).toEqual(['a3']);
      expect((await index.searchAlerts({ eventIds: ['ev2', 'ev1'] })).hits.map((a) => a.id)).toEqual(['a2', 'a1', 'a3']);
    });

    test('dead letters are kept with their reason and listed by origin', async () => {
      const d1 = makeDeadLetter('collector/hotline-inbox', 'row 3: 来电时间 is not a date', '3,abc', { file: 'a.csv', row: 3 }, Date.parse('2026-11-20T10:00:00+08:00'));
      const d2 = makeDeadLetter('analyzer/raw-items', 'schema', '{}', { topic: 'raw-items', offset: '7' }, Date.parse('2026-11-20T11:00:00+08:00'));
      await index.upsertDeadLetters([d1, d2, d1]);
      await index.refresh();
      expect((await index.searchDeadLetters({})).hits.map((d) => d.id)).toEqual([d2.id, d1.id]);
      expect((await index.searchDeadLetters({ origin: 'collector/hotline-inbox' })).hits).toEqual([d1]);
    });

    test('a stored event that no longer fits the Event schema fails to read with an error naming it', async () => {
      await index.upsertEvents([event('e1'), event('e2')]);
      await fixture.overwriteEvent(index, 'e1', { level: '未知', itemCount: -1 });
      await index.refresh();
      const err = await index.getEvent('e1').catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'index.corrupt_document', retriable: false });
      expect((err as Error).message).toContain('事件 e1');
      await expect(index.searchEvents({})).rejects.toMatchObject({ code: 'index.corrupt_document' });
      expect(await index.getEvent('e2')).toEqual(event('e2'));
    });

    test('a stored document is read back in its domain shape: fields no schema knows are left out', async () => {
      await index.upsertEvents([event('e1')]);
      await fixture.overwriteEvent(index, 'e1', { writtenBy: 'an older analyzer' });
      await index.refresh();
      expect(await index.getEvent('e1')).toEqual(event('e1'));
      expect((await index.searchEvents({})).hits).toEqual([event('e1')]);
    });
  });
}
