import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BusConfig } from '../../shared/config.ts';
import type { Bus, BusMessage, Subscription } from '../../shared/ports/bus.ts';
import { openBus } from '../../shared/wiring.ts';
import { exited, lines, spawnTs } from '../support/child.ts';
import { testLogger } from '../support/test-logger.ts';
import { waitFor } from '../support/wait-for.ts';
import { countCase } from './case-counter.ts';

export interface BusFixture {
  name: string;
  /** Serializable config; child processes open the same bus from it. */
  config: BusConfig;
  /** Lease or session time after which a killed member's partitions are reassigned. */
  memberTimeoutMs: number;
  /** Options the adapter takes besides config (poll interval, lease length). */
  options?: { pollMs?: number; leaseMs?: number };
  /** Removes the topics the cases created (and their groups) from a server that outlives the run. */
  dropTopics?: (names: string[]) => Promise<void>;
}

/** One contract for every Bus adapter: the same cases run against SQLite and Kafka. */
export function busContract(fixture: BusFixture): void {
  describe(`Bus contract: ${fixture.name}`, () => {
    let bus: Bus;
    const subscriptions: Subscription[] = [];
    const created: string[] = [];

    beforeAll(async () => {
      bus = await openBus(fixture.config, testLogger, fixture.options);
    });
    afterAll(async () => {
      await Promise.all(subscriptions.map((s) => s.stop()));
      await bus?.close();
      await fixture.dropTopics?.(created);
    });

    async function topic(partitions = 1): Promise<string> {
      const name = `t-${randomUUID().slice(0, 8)}`;
      await bus.ensureChannels([{ name, partitions }]);
      created.push(name);
      return name;
    }

    async function collect(t: string, group: string, opts: { maxBatch?: number; start?: 'earliest' | 'latest' } = {}) {
      const got: BusMessage[] = [];
      const batches: number[] = [];
      const sub = await bus.subscribe({
        channel: t,
        group,
        ...opts,
        handler: async (batch) => {
          batches.push(batch.length);
          got.push(...batch);
        },
      });
      subscriptions.push(sub);
      return { got, batches, sub };
    }

    const test = (name: string, fn: () => Promise<void>, timeout?: number) =>
      it(name, async () => {
        await fn();
        countCase(fixture.name, 'Bus');
      }, timeout);

    test('a published message reaches a subscribed group with its key and value intact', async () => {
      const t = await topic();
      const { got } = await collect(t, 'g1');
      await bus.publish(t, [{ key: 'k1', value: { text: '拖欠农民工工资', n: 1, nested: { ok: true } } }]);
      await waitFor('the message', () => got.length === 1);
      expect(got[0]).toMatchObject({ channel: t, key: 'k1', value: { text: '拖欠农民工工资', n: 1, nested: { ok: true } } });
      expect(typeof got[0]!.offset).toBe('string');
    });

    test('messages with the same key arrive in the order they were published, across partitions', async () => {
      const t = await topic(3);
      const { got } = await collect(t, 'g1');
      for (let round = 0; round < 5; round++) {
        await bus.publish(
          t,
          ['a', 'b', 'c', 'd'].flatMap((key) => [0, 1].map((i) => ({ key, value: round * 2 + i }))),
        );
      }
      await waitFor('40 messages', () => got.length >= 40);
      for (const key of ['a', 'b', 'c', 'd']) {
        expect(got.filter((m) => m.key === key).map((m) => m.value)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      }
    });

    test('every group receives every message, independently of the other groups', async () => {
      const t = await topic(2);
      const a = await collect(t, 'group-a');
      const b = await collect(t, 'group-b');
      await bus.publish(t, Array.from({ length: 10 }, (_, i) => ({ key: `k${i}`, value: i })));
      await waitFor('both groups', () => a.got.length >= 10 && b.got.length >= 10);
      expect(a.got.map((m) => m.value).sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      expect(b.got.map((m) => m.value).sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    });

    test('a batch whose handler throws is delivered again and nothing after it is skipped', async () => {
      const t = await topic();
      let failuresLeft = 2;
      const seen: unknown[] = [];
      const handled: unknown[] = [];
      subscriptions.push(
        await bus.subscribe({
          channel: t,
          group: 'g1',
          handler: async (batch) => {
            seen.push(...batch.map((m) => m.value));
            if (batch.some((m) => m.value === 'poison-once') && failuresLeft > 0) {
              failuresLeft -= 1;
              throw new Error('transient failure');
            }
            handled.push(...batch.map((m) => m.value));
          },
        }),
      );
      await bus.publish(t, [
        { key: 'k', value: 'first' },
        { key: 'k', value: 'poison-once' },
        { key: 'k', value: 'last' },
      ]);
      await waitFor('the batch to succeed after two failures', () => handled.includes('last'), 30_000);
      expect(failuresLeft).toBe(0);
      expect(seen.filter((v) => v === 'poison-once').length).toBeGreaterThanOrEqual(3);
      // After a failure the batch is redelivered from its first uncommitted message, in order.
      expect(handled.filter((v) => v !== 'first' && v !== 'poison-once')).toEqual(['last']);
      expect(handled).toContain('first');
    }, 45_000);

    test('a group that stops and subscribes again continues after its last committed message', async () => {
      const t = await topic();
      const first = await collect(t, 'g1');
      await bus.publish(t, [1, 2, 3].map((n) => ({ key: 'k', value: n })));
      await waitFor('the first three', () => first.got.length >= 3);
      await first.sub.stop();
      await bus.publish(t, [4, 5].map((n) => ({ key: 'k', value: n })));
      const second = await collect(t, 'g1');
      await waitFor('the next two', () => second.got.length >= 2);
      expect(second.got.map((m) => m.value)).toEqual([4, 5]);
    });

    test('batches never exceed maxBatch', async () => {
      const t = await topic();
      await bus.publish(t, Array.from({ length: 25 }, (_, i) => ({ key: 'k', value: i })));
      const { got, batches } = await collect(t, 'g1', { maxBatch: 7 });
      await waitFor('all 25', () => got.length >= 25);
      expect(Math.max(...batches)).toBeLessThanOrEqual(7);
      expect(got.map((m) => m.value)).toEqual(Array.from({ length: 25 }, (_, i) => i));
    });

    test('a new group that starts at latest skips what was published before it joined', async () => {
      const t = await topic();
      await bus.publish(t, [{ key: 'k', value: 'old' }]);
      const { got } = await collect(t, 'late', { start: 'latest' });
      await bus.publish(t, [{ key: 'k', value: 'new' }]);
      await waitFor('the new message', () => got.length >= 1);
      expect(got.map((m) => m.value)).toEqual(['new']);
    });

    test('messages stay in their topic', async () => {
      const t1 = await topic();
      const t2 = await topic();
      const a = await collect(t1, 'g');
      const b = await collect(t2, 'g');
      await bus.publish(t1, [{ key: 'k', value: 'for-t1' }]);
      await bus.publish(t2, [{ key: 'k', value: 'for-t2' }]);
      await waitFor('both', () => a.got.length >= 1 && b.got.length >= 1);
      expect(a.got.map((m) => m.value)).toEqual(['for-t1']);
      expect(b.got.map((m) => m.value)).toEqual(['for-t2']);
    });

    test('publishing to a topic that does not exist fails with a clear error', async () => {
      await expect(bus.publish(`missing-${randomUUID().slice(0, 8)}`, [{ key: 'k', value: 1 }])).rejects.toMatchObject({
        code: 'bus.unknown_channel',
      });
    });

    test('two members of one group share the partitions and together handle every message', async () => {
      const t = await topic(4);
      const second = await openBus(fixture.config, testLogger, fixture.options);
      try {
        const a = await collect(t, 'shared');
        const bGot: BusMessage[] = [];
        const bSub = await second.subscribe({ channel: t, group: 'shared', handler: async (batch) => void bGot.push(...batch) });
        // Keys spread over the four partitions; publish in rounds while the group settles.
        for (let round = 0; round < 10; round++) {
          await bus.publish(t, Array.from({ length: 10 }, (_, i) => ({ key: `key-${i}`, value: round * 10 + i })));
          await new Promise((r) => setTimeout(r, 100));
        }
        await waitFor('all 100 handled', () => new Set([...a.got, ...bGot].map((m) => m.value)).size === 100, 60_000);
        expect(a.got.length).toBeGreaterThan(0);
        expect(bGot.length).toBeGreaterThan(0);
        await bSub.stop();
      } finally {
        await second.close();
      }
    }, 90_000);

    test('a consumer killed with SIGKILL between receive and commit loses nothing: another member gets the batch again', async () => {
      const t = await topic();
      await bus.publish(t, ['one', 'two', 'three'].map((v) => ({ key: 'k', value: v })));
      const child = spawnTs('../support/bus-hang-child.ts', { config: fixture.config, options: fixture.options ?? {}, topic: t, group: 'crash' });
      const out = lines(child);
      await waitFor('the child to receive the batch', () => out.some((l) => l.startsWith('received')), 60_000);
      child.kill('SIGKILL');
      await exited(child);
      const { got } = await collect(t, 'crash');
      await waitFor('the batch redelivered', () => got.length >= 3, fixture.memberTimeoutMs + 60_000);
      expect(got.map((m) => m.value)).toEqual(['one', 'two', 'three']);
    }, 180_000);
  });
}
