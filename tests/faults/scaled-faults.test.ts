import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../shared/domain/alert.ts';
import { itemId, type RawItem } from '../../shared/domain/raw-item.ts';
import { toChinaIso } from '../../shared/domain/time.ts';
import type { Bus } from '../../shared/ports/bus.ts';
import { publishTo, CHANNELS } from '../../shared/bus-channels.ts';
import { openBus } from '../../shared/wiring.ts';
import { INFRA } from '../support/infra.ts';
import { ScaledCluster, scaledServersAvailable } from '../support/scaled-cluster.ts';
import { testLogger } from '../support/test-logger.ts';
import { waitFor } from '../support/wait-for.ts';

const available = await scaledServersAvailable();
const INFRA_SH = resolve(import.meta.dirname, '../../infra/infra.sh');
// Asynchronous, so the test's socket keeps answering the console's pings while a server restarts.
const infra = (...args: string[]) => promisify(execFile)('bash', [INFRA_SH, ...args], { timeout: 240_000 });

const EVENTS_PER_WAVE = 5;
const ITEMS_PER_EVENT = 10; // the volume rule's 较大 threshold: each event is owed exactly one 较大 alert

/**
 * One wave of items: each event gets exactly enough items for one 较大 alert and no more (and,
 * when its items arrive in more than one batch, a 一般 alert on the way, at five complainants).
 */
function wave(run: string, w: number): RawItem[] {
  const now = Date.now();
  return Array.from({ length: EVENTS_PER_WAVE * ITEMS_PER_EVENT }, (_, i) => {
    const e = Math.floor(i / ITEMS_PER_EVENT);
    const region = `故障测试${w}-${e}号小区`;
    const externalId = `${run}-w${w}-e${e}-${i % ITEMS_PER_EVENT}`;
    return {
      id: itemId('fault-test', externalId),
      source: { kind: 'hotline', name: 'fault-test' },
      externalId,
      title: `${region}物业乱收费`,
      text: `${region}物业公司乱收停车费，业主多次反映无人处理（第${i % ITEMS_PER_EVENT}次）`,
      publishedAt: toChinaIso(now - 60_000 + i),
      collectedAt: toChinaIso(now),
      region,
      attrs: {},
      revision: 1,
    };
  });
}

/**
 * Faults on a running scaled installation: the broker restarts during consumption,
 * Elasticsearch is stopped for 30 s while the analyzers work, an analyzer is SIGKILLed in the
 * middle of its work. Afterwards every item is in the index exactly once and every alert was
 * raised and pushed exactly once.
 */
describe.skipIf(!available)('scaled pipeline under faults', () => {
  let cluster: ScaledCluster;
  let bus: Bus;

  beforeAll(async () => {
    cluster = await ScaledCluster.start('faults', 2);
    bus = await openBus(
      { kind: 'kafka', brokers: INFRA.kafkaBrokers, partitions: 4, replication: 1, clientId: `faults-${cluster.ns.run}`, topicPrefix: `${cluster.ns.run}-` },
      testLogger,
    );
  }, 180_000);

  afterAll(async () => {
    await bus?.close();
    await cluster?.stop();
    // Leave the servers up for whatever runs next, whatever happened above.
    await infra('up', 'kafka', 'elasticsearch');
  }, 300_000);

  it('loses nothing and doubles nothing across a broker restart, 30 s without Elasticsearch and a killed analyzer', async () => {
    const run = cluster.ns.run;
    const waves = [1, 2, 3, 4].map((w) => wave(run, w));

    await publishTo(bus, CHANNELS.rawItems, waves[0]!);
    await infra('restart', 'kafka');
    await publishTo(bus, CHANNELS.rawItems, waves[1]!);

    await infra('stop', 'elasticsearch');
    await publishTo(bus, CHANNELS.rawItems, waves[2]!);
    await new Promise((r) => setTimeout(r, 30_000));
    await infra('start', 'elasticsearch');

    await publishTo(bus, CHANNELS.rawItems, waves[3]!);
    const victim = cluster.processes.find((p) => p.role === 'analyzer')!;
    victim.child.kill('SIGKILL');

    const expected = waves.flat().map((i) => i.id).sort();
    const ids = await waitFor(
      `all ${expected.length} items indexed`,
      async () => {
        const r = await cluster.api<{ total: number; hits: { id: string }[] }>('/items?limit=500&sort=oldest').catch(() => undefined);
        return r && r.total >= expected.length ? r.hits.map((h) => h.id).sort() : undefined;
      },
      240_000,
    );
    expect(ids).toEqual(expected);

    const owed = 4 * EVENTS_PER_WAVE;
    const major = (alerts: Alert[]) => alerts.filter((a) => a.level === '较大');
    let seen: Alert[] = [];
    const indexed = await waitFor(
      `${owed} 较大 alerts indexed`,
      async () => {
        const r = await cluster.api<{ total: number; hits: Alert[] }>('/alerts?limit=100').catch(() => undefined);
        if (r) seen = r.hits;
        return r && major(r.hits).length >= owed ? r.hits : undefined;
      },
      120_000,
    ).catch(async (err: Error) => {
      // Name what is missing, for the post-mortem (the services' logs are in the cluster's data directory).
      const events = await cluster.api<{ hits: { id: string; title: string; itemCount: number; level: string }[] }>('/events?limit=100&sort=latest').catch(() => ({ hits: [] }));
      const alerted = new Set(major(seen).map((a) => a.eventId));
      const missing = events.hits.filter((e) => !alerted.has(e.id)).map((e) => `${e.title} (${e.itemCount} items, ${e.level})`);
      throw new Error(`${err.message}: ${major(seen).length} indexed; events without a 较大 alert: ${missing.join('; ') || 'none listed'}`);
    });
    // Exactly one 较大 alert per event; a 一般 alert only on the way to it, never twice.
    expect(major(indexed)).toHaveLength(owed);
    expect(new Set(major(indexed).map((a) => a.eventId)).size).toBe(owed);
    const minor = indexed.filter((a) => a.level === '一般');
    expect(new Set(minor.map((a) => a.eventId)).size).toBe(minor.length);
    expect(indexed.filter((a) => a.level !== '一般' && a.level !== '较大')).toEqual([]);
    await waitFor(`${indexed.length} alerts pushed to the console`, () => cluster.alerts.length >= indexed.length, 60_000).catch((err: Error) => {
      throw new Error(`${err.message}: ${cluster.alerts.length} pushed; socket drops: ${cluster.socketDrops.join('; ') || 'none'}`);
    });
    expect(cluster.alerts.map((a) => a.id).sort()).toEqual(indexed.map((a) => a.id).sort());
  }, 600_000);
});
