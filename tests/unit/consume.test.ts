import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteBus } from '../../shared/adapters/sqlite/sqlite-bus.ts';
import type { DeadLetter } from '../../shared/domain/dead-letter.ts';
import type { RawItem } from '../../shared/domain/raw-item.ts';
import { UnavailableError } from '../../shared/errors.ts';
import type { Subscription } from '../../shared/ports/bus.ts';
import { consume, ensureProductChannels, CHANNELS } from '../../shared/bus-channels.ts';
import { analyzedItem } from '../support/records.ts';
import { testLogger } from '../support/test-logger.ts';
import { waitFor } from '../support/wait-for.ts';

function rawItem(id: string): RawItem {
  const { normText: _n, tokens: _t, topics: _tp, sentiment: _s, risk: _r, places: _p, departments: _d, simhash: _h, eventId: _e, analyzerVersion: _v, ...raw } =
    analyzedItem(id);
  return raw;
}

describe('consuming a channel with validation', () => {
  let bus: SqliteBus;
  const subs: Subscription[] = [];
  const dead: DeadLetter[] = [];

  beforeEach(async () => {
    bus = new SqliteBus({ path: join(mkdtempSync(join(tmpdir(), 'yuqing-consume-')), 'bus.sqlite'), logger: testLogger, pollMs: 10 });
    await ensureProductChannels(bus, 1);
    dead.length = 0;
    subs.push(await bus.subscribe({ channel: CHANNELS.deadLetters.name, group: 'watch', handler: async (b) => void dead.push(...b.map((m) => m.value as DeadLetter)) }));
  });
  afterEach(async () => {
    await Promise.all(subs.splice(0).map((s) => s.stop()));
    await bus.close();
  });

  it('a message that fails the schema goes to dead-letters with the reason, and the valid ones are handled', async () => {
    const handled: string[] = [];
    subs.push(await consume({ bus, channel: CHANNELS.rawItems, group: 'analyzer', logger: testLogger, handler: async (items) => void handled.push(...items.map((i) => i.id)) }));
    await bus.publish(CHANNELS.rawItems.name, [
      { key: 'bad', value: { id: 'bad', text: 42 } },
      { key: 'good', value: rawItem('good') },
    ]);
    await waitFor('the valid item and the dead letter', () => handled.length === 1 && dead.length === 1);
    expect(handled).toEqual(['good']);
    expect(dead[0]!.reason).toMatch(/does not match the raw-items schema/);
    expect(dead[0]!.context).toMatchObject({ channel: 'raw-items', key: 'bad' });
    expect(JSON.parse(dead[0]!.raw)).toEqual({ id: 'bad', text: 42 });
  });

  it('a batch that keeps failing with a non-retriable error is dead-lettered after a few attempts, and later messages flow', async () => {
    let attempts = 0;
    const handled: string[] = [];
    subs.push(
      await consume({
        bus,
        channel: CHANNELS.rawItems,
        group: 'analyzer',
        logger: testLogger,
        maxAttempts: 3,
        maxBatch: 1,
        handler: async (items) => {
          if (items[0]!.id === 'poison') {
            attempts += 1;
            throw new Error('cannot handle this one');
          }
          handled.push(items[0]!.id);
        },
      }),
    );
    await bus.publish(CHANNELS.rawItems.name, [{ key: 'k', value: rawItem('poison') }, { key: 'k', value: rawItem('after') }]);
    await waitFor('the message after the poison one', () => handled.includes('after'), 30_000);
    expect(attempts).toBe(3);
    expect(dead.map((d) => d.reason)).toEqual(['处理失败（重试 3 次仍失败）：cannot handle this one']);
  }, 40_000);

  it('one poisoned item among many: only it is dead-lettered, the others are handled', async () => {
    const ids = Array.from({ length: 40 }, (_, i) => (i === 23 ? 'poison' : `item-${i}`));
    await bus.publish(
      CHANNELS.rawItems.name,
      ids.map((id) => ({ key: 'k', value: rawItem(id) })),
    );
    const handled = new Set<string>();
    let calls = 0;
    subs.push(
      await consume({
        bus,
        channel: CHANNELS.rawItems,
        group: 'analyzer',
        logger: testLogger,
        maxAttempts: 2,
        handler: async (items) => {
          calls += 1;
          if (items.some((i) => i.id === 'poison')) throw new Error('a bug meets this item');
          for (const i of items) handled.add(i.id);
        },
      }),
    );
    await waitFor('the poisoned item dead-lettered', () => dead.length === 1, 30_000);
    expect([...handled].sort()).toEqual(ids.filter((id) => id !== 'poison').sort());
    expect(dead[0]!.context).toMatchObject({ channel: 'raw-items', key: 'k' });
    expect(JSON.parse(dead[0]!.raw)).toMatchObject({ id: 'poison' });
    expect(dead[0]!.reason).toBe('处理失败（重试 2 次仍失败）：a bug meets this item');
    // Two tries of the whole batch, then halves: far fewer calls than one per item.
    expect(calls).toBeLessThan(20);
  }, 40_000);

  it('several poisoned items in one batch are each dead-lettered with their own error', async () => {
    const ids = ['a', 'bad-1', 'b', 'c', 'bad-2', 'd'];
    await bus.publish(
      CHANNELS.rawItems.name,
      ids.map((id) => ({ key: 'k', value: rawItem(id) })),
    );
    const handled = new Set<string>();
    subs.push(
      await consume({
        bus,
        channel: CHANNELS.rawItems,
        group: 'analyzer',
        logger: testLogger,
        maxAttempts: 1,
        handler: async (items) => {
          const bad = items.find((i) => i.id.startsWith('bad'));
          if (bad) throw new Error(`cannot handle ${bad.id}`);
          for (const i of items) handled.add(i.id);
        },
      }),
    );
    await waitFor('both poisoned items dead-lettered', () => dead.length === 2, 30_000);
    expect([...handled].sort()).toEqual(['a', 'b', 'c', 'd']);
    expect(dead.map((d) => d.reason).sort()).toEqual(['处理失败（重试 1 次仍失败）：cannot handle bad-1', '处理失败（重试 1 次仍失败）：cannot handle bad-2']);
  }, 40_000);

  it('a batch failing because a server is down is retried until it succeeds, never dead-lettered', async () => {
    let failuresLeft = 4;
    const handled: string[] = [];
    subs.push(
      await consume({
        bus,
        channel: CHANNELS.rawItems,
        group: 'analyzer',
        logger: testLogger,
        maxAttempts: 2,
        handler: async (items) => {
          if (failuresLeft-- > 0) throw new UnavailableError('index.unavailable', 'index down');
          handled.push(...items.map((i) => i.id));
        },
      }),
    );
    await bus.publish(CHANNELS.rawItems.name, [{ key: 'k', value: rawItem('x') }]);
    await waitFor('the item handled once the server is back', () => handled.length === 1, 60_000);
    expect(dead).toEqual([]);
  }, 70_000);
});
