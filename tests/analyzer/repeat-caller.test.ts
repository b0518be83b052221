import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { markRepeatCallers } from '../../services/analyzer/repeat-caller.ts';
import type { SqliteSearchIndex } from '../../shared/adapters/sqlite/sqlite-search-index.ts';
import { shippedRules } from './analyzer-fixtures.ts';
import { analyzed, freshIndex, ingest } from './event-support.ts';

const TEXT = '小区门口的路灯坏了一个月没人修，晚上出行很不方便。';
const caller = (id: string, day: number, key = 'caller-key-0001') =>
  analyzed(id, TEXT, `2026-11-${10 + day}T09:00:00+08:00`, { author: { key, display: '李**' } });

describe('repeat-caller risk signal', () => {
  let index: SqliteSearchIndex;
  const rule = shippedRules().risk.repeatCaller;
  beforeEach(() => {
    index = freshIndex();
  });
  afterEach(async () => {
    await index.close();
  });

  it('is configured in the shipped risk signals as 重复来电 from the third call', () => {
    expect(rule).toMatchObject({ label: '重复来电', minCalls: 3 });
  });

  it('the third call by one caller carries 重复来电 with 第3次来电; the first two do not', async () => {
    await ingest(index, await markRepeatCallers([caller('c1', 1), caller('c2', 2)], index, rule));
    const [third] = await markRepeatCallers([caller('c3', 3)], index, rule);
    const signal = third!.risk.signals.find((s) => s.code === 'repeat_caller');
    expect(signal).toEqual({ code: 'repeat_caller', label: '重复来电', evidence: ['第3次来电'] });
    expect(third!.risk.score).toBe(caller('c3', 3).risk.score + rule!.weight);
    const stored = await index.searchItems({ authorKey: 'caller-key-0001' });
    expect(stored.hits.every((h) => h.risk.signals.every((s) => s.code !== 'repeat_caller'))).toBe(true);
  });

  it('counts earlier calls in the same batch, in time order whatever the batch order', async () => {
    const out = await markRepeatCallers([caller('c4', 4), caller('c2', 2), caller('c1', 1), caller('c3', 3), caller('x1', 3, 'other-key-0002')], index, rule);
    expect(out.map((i) => i.risk.signals.find((s) => s.code === 'repeat_caller')?.evidence[0])).toEqual(['第4次来电', undefined, undefined, '第3次来电', undefined]);
  });

  it('a redelivered call is not counted against itself', async () => {
    const first = await markRepeatCallers([caller('c1', 1), caller('c2', 2), caller('c3', 3)], index, rule);
    await ingest(index, first);
    const again = await markRepeatCallers([caller('c1', 1), caller('c2', 2), caller('c3', 3)], index, rule);
    expect(again.map((i) => i.risk)).toEqual(first.map((i) => i.risk));
  });

  it('comments are not calls, even with an author key', async () => {
    const out = await markRepeatCallers(
      [1, 2, 3].map((d) => ({ ...caller(`m${d}`, d), source: { kind: 'comment' as const, name: 'weibo' } })),
      index,
      rule,
    );
    expect(out.flatMap((i) => i.risk.signals)).toEqual([]);
  });
});
