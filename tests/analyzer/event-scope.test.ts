import { describe, expect, it } from 'vitest';
import { dayEventKey, placeOf } from '../../services/analyzer/event-scope.ts';
import { analyzed } from './event-support.ts';

const WAGES = '壶镇镇安置小区二期工地包工头拖欠农民工工资四个月，工友们讨薪无果，请县人社局帮忙。';

describe('event scope', () => {
  it.each([
    ['a wage claim naming a township', WAGES, {}, '壶镇镇'],
    ['a complaint naming no township, from a region', '路灯坏了好几天，晚上走路看不见', { region: '缙云县' }, '缙云县'],
    ['an item with no readable text and no region', '😀😀😀', {}, ''],
  ])("%s: the analyzer's event key is the day key of the place the assigner groups it in", (_, text, extra, place) => {
    const item = analyzed('a', text, '2026-11-20T09:00:00+08:00', extra);
    expect(placeOf(item)).toBe(place);
    expect(item.eventKey).toBe(dayEventKey(place, item.publishedAt));
  });

  it('items of one place share a key within a China day, whatever their topic; another place or China day has another', () => {
    const key = (text: string, at: string) => analyzed('a', text, at).eventKey;
    const morning = key(WAGES, '2026-11-20T09:00:00+08:00');
    expect(key(WAGES, '2026-11-20T23:59:00+08:00')).toBe(morning);
    expect(key('壶镇镇中心小学好多学生拉肚子', '2026-11-20T12:00:00+08:00')).toBe(morning);
    expect(key(WAGES, '2026-11-21T00:01:00+08:00')).not.toBe(morning);
    expect(key(WAGES.replace('壶镇镇', '新建镇'), '2026-11-20T09:00:00+08:00')).not.toBe(morning);
  });
});
