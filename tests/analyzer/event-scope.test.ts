import { describe, expect, it } from 'vitest';
import { dayEventKey, scopeOf } from '../../services/analyzer/event-scope.ts';
import { focusParents } from '../../services/analyzer/topic-judge.ts';
import { analyzed } from './event-support.ts';
import { shippedRules } from './analyzer-fixtures.ts';

const parentOf = focusParents(shippedRules().topics);
const WAGES = '壶镇镇安置小区二期工地包工头拖欠农民工工资四个月，工友们讨薪无果，请县人社局帮忙。';

describe('event scope', () => {
  it.each([
    ['a wage claim naming a township', WAGES, {}, { topic: 'wage_arrears', place: '壶镇镇' }],
    ['a complaint naming no township, from a region', '路灯坏了好几天，晚上走路看不见', { region: '缙云县' }, { place: '缙云县' }],
    ['an item with no readable text and no region', '😀😀😀', {}, { topic: 'unclassified', place: '' }],
  ])("%s: the analyzer's event key is the day key of the scope the assigner groups it in", (_, text, extra, expected) => {
    const item = analyzed('a', text, '2026-11-20T09:00:00+08:00', extra);
    const scope = scopeOf(item, parentOf);
    expect(scope).toMatchObject(expected);
    expect(item.eventKey).toBe(dayEventKey(scope, item.publishedAt));
  });

  it('items of one scope share a key within a China day, and another place or another China day has another', () => {
    const key = (text: string, at: string) => analyzed('a', text, at).eventKey;
    const morning = key(WAGES, '2026-11-20T09:00:00+08:00');
    expect(key(WAGES, '2026-11-20T23:59:00+08:00')).toBe(morning);
    expect(key(WAGES, '2026-11-21T00:01:00+08:00')).not.toBe(morning);
    expect(key(WAGES.replace('壶镇镇', '新建镇'), '2026-11-20T09:00:00+08:00')).not.toBe(morning);
  });
});
