import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../shared/config.ts';
import type { AccountStore } from '../../shared/ports/account-store.ts';
import type { Bus } from '../../shared/ports/bus.ts';
import type { LedgerStore } from '../../shared/ports/ledger-store.ts';
import type { SearchIndex } from '../../shared/ports/search-index.ts';
import { segmentForSearch } from '../../shared/text/segmenter.ts';
import { openAccountStore, openBus, openLedgerStore, openSearchIndex } from '../../shared/wiring.ts';
import { LIVE_GROUP, liveRedisKey } from '../../services/responder/live/live-alerts.ts';
import { deptRoom, roleRoom } from '../../services/responder/live/rooms.ts';
import { startResponder, type ResponderService } from '../../services/responder/responder-service.ts';
import { loginAsNewUser } from '../support/console-session.ts';
import { INFRA, serverAvailable } from '../support/infra.ts';
import { alert, analyzedItem } from '../support/records.ts';
import { groupAssignments, scaledServersAvailable } from '../support/scaled-cluster.ts';
import { scaledNamespace, startServiceProcess, stopServiceProcess, type ServiceProcess } from '../support/service-process.ts';
import { testLogger } from '../support/test-logger.ts';
import { connectLiveClient, type LiveClient } from '../support/live-client.ts';
import { waitFor } from '../support/wait-for.ts';

const available = (await scaledServersAvailable()) && (await serverAvailable('Redis', INFRA.redisUrl));

const RSJ = '县人力资源和社会保障局';

/**
 * Two responders on Kafka, Elasticsearch, PostgreSQL and Redis: A as its own process, B in this
 * process (so the test can call its notify). They share one consumer group on alerts and
 * socket.io rooms through the Redis adapter.
 */
describe.skipIf(!available)('live alerts across two responders through Redis', () => {
  let ns: Awaited<ReturnType<typeof scaledNamespace>>;
  let a: ServiceProcess;
  let aUrl: string;
  let b: ResponderService;
  let stores: { bus: Bus; index: SearchIndex; ledger: LedgerStore; accounts: AccountStore };
  const clients: LiveClient[] = [];

  beforeAll(async () => {
    ns = await scaledNamespace('live');
    const env = { ...ns.env, YUQING_REDIS_URL: INFRA.redisUrl };
    a = startServiceProcess('responder', env);
    aUrl = `http://127.0.0.1:${ns.port}`;
    await waitFor('responder A to answer', async () => (await fetch(`${aUrl}/api/health`).catch(() => undefined))?.ok, 90_000).catch((err: unknown) => {
      throw new Error(`${String(err)}\n${a.stderr.join('')}`);
    });

    const parsed = parseConfig({ ...env, PORT: '0' });
    if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
    const config = parsed.config;
    stores = {
      bus: await openBus(config.bus, testLogger),
      index: await openSearchIndex(config.index, segmentForSearch, testLogger),
      ledger: await openLedgerStore(config.ledger, testLogger),
      accounts: await openAccountStore(config.ledger, testLogger),
    };
    b = await startResponder({
      ...stores,
      sessionSecret: config.sessionSecret!,
      logger: testLogger,
      host: '127.0.0.1',
      port: 0,
      announce: () => {},
      redis: { url: config.redisUrl!, key: liveRedisKey(config.bus.topicPrefix) },
    });
    await stores.index.upsertItems([analyzedItem('i-rsj', { eventId: 'ev-p2', departments: [RSJ] })]);
    await stores.index.refresh();
  }, 180_000);

  afterAll(async () => {
    for (const c of clients) c.socket.close();
    await b?.stop();
    if (stores) {
      await stores.bus.close();
      await stores.index.close();
      await stores.accounts.close();
      await stores.ledger.close();
    }
    if (a) await stopServiceProcess(a);
  });

  async function connectAs(url: string, spec: { role: 'monitor' } | { role: 'department'; department: string }): Promise<LiveClient> {
    const session = await loginAsNewUser({ kind: 'postgres', url: ns.env.DATABASE_URL!, schema: ns.env.DATABASE_SCHEMA! }, url, spec);
    const client = await connectLiveClient(url, session.cookie);
    clients.push(client);
    return client;
  }

  const ids = (c: LiveClient) => c.alerts.map((x) => x.id).sort();

  it('each alert is taken by one responder and reaches the sockets on both, exactly once; notify on B reaches a department on A', async () => {
    const topic = `${ns.run}-alerts`;
    // Both responders in the one group, each holding partitions: alerts on all four are taken by both.
    const assignments = await waitFor(
      'two responders sharing the alert partitions',
      async () => {
        const got = await groupAssignments(ns.run, LIVE_GROUP, topic).catch(() => []);
        return got.length === 2 && got.every((p) => p.length > 0) ? got : undefined;
      },
      90_000,
    );
    expect(assignments.flat().sort()).toEqual([0, 1, 2, 3]);

    const monitorA = await connectAs(aUrl, { role: 'monitor' });
    const deptA = await connectAs(aUrl, { role: 'department', department: RSJ });
    const monitorB = await connectAs(b.url, { role: 'monitor' });

    const alerts = [0, 1, 2, 3].map((p) => alert(`al-p${p}-${ns.run}`, { eventId: `ev-p${p}`, createdAt: '2026-11-24T10:00:00+08:00' }));
    const kafka = new Kafka({ brokers: INFRA.kafkaBrokers, clientId: `test-${ns.run}`, logLevel: logLevel.NOTHING });
    const producer = kafka.producer();
    await producer.connect();
    try {
      await producer.send({ topic, messages: alerts.map((x, p) => ({ partition: p, key: x.eventId, value: JSON.stringify(x) })) });
    } finally {
      await producer.disconnect();
    }
    const all = alerts.map((x) => x.id).sort();
    await waitFor('every alert on both monitors', () => ids(monitorA).length >= 4 && ids(monitorB).length >= 4, 60_000);

    // A barrier from B: Redis delivers B's messages in order, so everything sent before it has arrived.
    b.notify([deptRoom(RSJ)], 'case', { caseId: 'c-live' });
    b.notify([deptRoom(RSJ), roleRoom('monitor')], 'barrier', {});
    await waitFor('the barrier on A', () => [monitorA, deptA, monitorB].every((c) => c.messages.some((m) => m.event === 'barrier')), 30_000);

    expect(ids(monitorA)).toEqual(all);
    expect(ids(monitorB)).toEqual(all);
    expect(ids(deptA)).toEqual([`al-p2-${ns.run}`]);
    expect(deptA.messages.filter((m) => m.event === 'case')).toEqual([{ event: 'case', payload: { caseId: 'c-live' } }]);
    expect(monitorA.messages.some((m) => m.event === 'case')).toBe(false);
  }, 180_000);
});
