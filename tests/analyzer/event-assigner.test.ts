import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SqliteSearchIndex } from '../../shared/adapters/sqlite/sqlite-search-index.ts';
import { alert, event } from '../support/records.ts';
import { analyzed, assignerFor, freshIndex, ingest } from './event-support.ts';

const SITE = '壶镇镇安置小区二期工地包工头拖欠农民工工资四个月，工友们讨薪无果，请县人社局帮忙。';
const REPOST = `转发：${SITE.slice(0, -1)}！`;
const SAME_SITE = '壶镇镇安置小区二期工地的老板还是不发工资，我们二十多个工人去工地讨要被赶出来了。';
const RESTAURANT = '壶镇镇一家饭店拖欠服务员三个月工资，老板电话关机，人找不到了。';

describe('event assignment', () => {
  let index: SqliteSearchIndex;
  beforeEach(() => {
    index = freshIndex();
  });
  afterEach(async () => {
    await index.close();
  });

  it('a repost collapses into its original: it points at it and joins its event', async () => {
    const [original] = await ingest(index, [analyzed('a', SITE, '2026-11-20T09:00:00+08:00')]);
    const [repost] = await ingest(index, [analyzed('b', REPOST, '2026-11-20T10:00:00+08:00')]);
    expect(original!.duplicateOf).toBeUndefined();
    expect(repost!.duplicateOf).toBe('a');
    expect(repost!.eventId).toBe(original!.eventId);
  });

  it('copies of a copy point at the first item, within one batch too', async () => {
    const out = await ingest(index, [
      analyzed('c', `${REPOST}大家帮帮忙`, '2026-11-20T11:00:00+08:00'),
      analyzed('a', SITE, '2026-11-20T09:00:00+08:00'),
      analyzed('b', REPOST, '2026-11-20T10:00:00+08:00'),
    ]);
    expect(out.map((i) => i.id)).toEqual(['c', 'a', 'b']);
    expect(out.map((i) => i.duplicateOf)).toEqual(['a', undefined, 'a']);
    expect(new Set(out.map((i) => i.eventId)).size).toBe(1);
  });

  it('a burst of complaints about one site from 23:30 to 00:30 stays one event across midnight', async () => {
    const first = await ingest(index, [analyzed('a', SITE, '2026-11-20T23:30:00+08:00')]);
    const later = await ingest(index, [
      analyzed('b', SAME_SITE, '2026-11-21T00:10:00+08:00'),
      analyzed('c', `${SAME_SITE}已经第三次反映了`, '2026-11-21T00:30:00+08:00'),
    ]);
    expect(later.map((i) => i.eventId)).toEqual([first[0]!.eventId, first[0]!.eventId]);
  });

  it('an unrelated complaint of the same topic and place on the same day starts its own event', async () => {
    const [site] = await ingest(index, [analyzed('a', SITE, '2026-11-20T09:00:00+08:00')]);
    const [restaurant] = await ingest(index, [analyzed('b', RESTAURANT, '2026-11-20T10:00:00+08:00')]);
    expect(restaurant!.topics.map((t) => t.code)).toContain('wage_arrears');
    expect(restaurant!.places).toEqual(site!.places);
    expect(restaurant!.eventId).not.toBe(site!.eventId);
    // The second event's id is still deterministic: the same item alone in a fresh index of the same history gets it again.
    const again = freshIndex();
    await ingest(again, [analyzed('a', SITE, '2026-11-20T09:00:00+08:00')]);
    expect((await ingest(again, [analyzed('b', RESTAURANT, '2026-11-20T10:00:00+08:00')]))[0]!.eventId).toBe(restaurant!.eventId);
    await again.close();
  });

  it('a similar complaint after the window starts a new event', async () => {
    const [a] = await ingest(index, [analyzed('a', SITE, '2026-11-20T09:00:00+08:00')]);
    const [b] = await ingest(index, [analyzed('b', SAME_SITE, '2026-11-24T09:00:00+08:00')]);
    expect(b!.eventId).not.toBe(a!.eventId);
  });

  it('a redelivered item keeps the event and original it has in the index', async () => {
    await ingest(index, [analyzed('a', SITE, '2026-11-20T09:00:00+08:00')]);
    const [b] = await ingest(index, [analyzed('b', REPOST, '2026-11-20T10:00:00+08:00')]);
    // The index says otherwise than a fresh assignment would (as after another analyzer's choice).
    await index.upsertItems([{ ...b!, eventId: 'chosen-earlier' }]);
    const [redelivered] = await assignerFor(index).assign([analyzed('b', REPOST, '2026-11-20T10:00:00+08:00')]);
    expect(redelivered!.eventId).toBe('chosen-earlier');
    expect(redelivered!.duplicateOf).toBe('a');
  });

  it('one assigner given two batches at once assigns each as it would alone', async () => {
    await ingest(index, [analyzed('a', SITE, '2026-11-20T09:00:00+08:00'), analyzed('r', RESTAURANT, '2026-11-20T09:30:00+08:00')]);
    const first = () => [analyzed('a', SITE, '2026-11-20T09:00:00+08:00'), analyzed('b', REPOST, '2026-11-20T10:00:00+08:00')];
    const second = () => [analyzed('r', RESTAURANT, '2026-11-20T09:30:00+08:00'), analyzed('c', SAME_SITE, '2026-11-20T11:00:00+08:00')];
    const alone = [await assignerFor(index).assign(first()), await assignerFor(index).assign(second())];
    const shared = assignerFor(index);
    expect(await Promise.all([shared.assign(first()), shared.assign(second())])).toEqual(alone);
  });

  it('two analyzers starting one event at once, each with half of its numbered copies, converge on one event per region', async () => {
    const items = (region: string) =>
      Array.from({ length: 10 }, (_, i) =>
        analyzed(`${region}-${i}`, `${region}物业公司乱收停车费，业主多次反映无人处理（第${i}次）`, `2026-11-20T09:00:0${i}+08:00`, {
          title: `${region}物业乱收费`,
          region,
        }),
      );
    const one = items('故障测试1-0号小区');
    const two = items('故障测试1-1号小区');
    // Both analyzers read the index before either writes, as in a race.
    const [left, right] = await Promise.all([
      assignerFor(index).assign([...one.filter((_, i) => i % 2 === 0), ...two.slice(0, 5)]),
      assignerFor(index).assign([...one.filter((_, i) => i % 2 === 1), ...two.slice(5)]),
    ]);
    const all = [...left, ...right];
    const eventOf = (region: string) => new Set(all.filter((i) => i.region === region).map((i) => i.eventId));
    expect(eventOf('故障测试1-0号小区').size).toBe(1);
    expect(eventOf('故障测试1-1号小区').size).toBe(1);
    expect([...eventOf('故障测试1-0号小区')][0]).not.toBe([...eventOf('故障测试1-1号小区')][0]);
  });

  it('an analyzer that read its candidates before another analyzer indexed the same new event joins it', async () => {
    const items = Array.from({ length: 6 }, (_, i) =>
      analyzed(`x-${i}`, `故障测试3-2号小区物业公司乱收停车费，业主多次反映无人处理（第${i}次）`, `2026-11-20T09:00:0${i}+08:00`, {
        title: '故障测试3-2号小区物业乱收费',
        region: '故障测试3-2号小区',
      }),
    );
    // The late analyzer reads its (empty) candidates, then waits at its first event-key lookup
    // until the early analyzer has assigned and indexed its half: the interleaving of two
    // analyzers resuming together after an outage.
    let reachedKeyLookup!: () => void;
    const atKeyLookup = new Promise<void>((r) => (reachedKeyLookup = r));
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    const lagging = Object.create(index) as SqliteSearchIndex;
    lagging.searchItems = async (query) => {
      if (query.eventId) {
        reachedKeyLookup();
        await released;
      }
      return index.searchItems(query);
    };
    const late = assignerFor(lagging).assign(items.slice(3));
    await atKeyLookup;
    const early = await ingest(index, items.slice(0, 3));
    release();
    const all = [...early, ...(await late)];
    expect(new Set(all.map((i) => i.eventId)).size).toBe(1);
  });

  it('an item that fits two events alike merges them into the older: items, alerts and the record of the merge', async () => {
    const [water] = await ingest(index, [analyzed('a', '新建镇笕川村自来水今天早上发黄，有股臭味，没法喝', '2026-11-20T07:00:00+08:00')]);
    const [pigs] = await ingest(index, [analyzed('b', '新建镇上游有个养猪场往山塘里排粪水，气味很大', '2026-11-20T08:00:00+08:00')]);
    expect(pigs!.eventId).not.toBe(water!.eventId);
    // The younger event was already tracked and alerted on.
    await index.upsertEvents([event(pigs!.eventId, { firstSeen: '2026-11-20T08:00:00+08:00', lastSeen: '2026-11-20T08:00:00+08:00' })]);
    await index.upsertAlerts([alert('al-pigs', { eventId: pigs!.eventId })]);
    await index.refresh();
    const [both] = await ingest(index, [analyzed('c', '笕川村自来水发黄发臭，是不是上游养猪场往山塘排粪水把水源污染了', '2026-11-20T09:00:00+08:00')]);
    await index.refresh();
    expect(both!.eventId).toBe(water!.eventId);
    expect((await index.getItem('b'))!.eventId).toBe(water!.eventId);
    expect((await index.getAlert('al-pigs'))!.eventId).toBe(water!.eventId);
    expect(await index.getEvent(pigs!.eventId)).toMatchObject({ status: 'merged', mergedInto: water!.eventId, mergedAt: '2026-11-20T09:00:00+08:00' });
    expect((await index.searchEvents({})).hits.map((e) => e.id)).not.toContain(pigs!.eventId);
  });
});
