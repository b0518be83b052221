import { Kafka, AssignerProtocol, logLevel } from 'kafkajs';
import { io as connect, type Socket } from 'socket.io-client';
import { kafkaGroupId } from '../../shared/adapters/kafka/kafka-subscription.ts';
import type { Alert } from '../../shared/domain/alert.ts';
import { loginAsNewUser, type ConsoleSession } from './console-session.ts';
import { INFRA, serverAvailable } from './infra.ts';
import { scaledNamespace, startServiceProcess, stopServiceProcess, type ServiceProcess } from './service-process.ts';
import { waitFor } from './wait-for.ts';

/** True when Kafka, Elasticsearch and PostgreSQL all answer (or throws when they are required). */
export async function scaledServersAvailable(): Promise<boolean> {
  const pg = new URL(INFRA.databaseUrl);
  const results = [
    await serverAvailable('Kafka', INFRA.kafkaBrokers[0]!),
    await serverAvailable('Elasticsearch', INFRA.elasticsearchUrl),
    await serverAvailable('PostgreSQL', `${pg.hostname}:${pg.port || 5432}`),
  ];
  return results.every(Boolean);
}

/** The members of a Kafka consumer group (the Bus's group on a topic) and the partitions each holds. */
export async function groupAssignments(run: string, group: string, topic: string): Promise<number[][]> {
  const kafka = new Kafka({ brokers: INFRA.kafkaBrokers, clientId: `test-${run}`, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const { groups } = await admin.describeGroups([kafkaGroupId(group, topic)]);
    return (groups[0]?.members ?? []).map((m) => {
      const assignment = AssignerProtocol.MemberAssignment.decode(m.memberAssignment);
      return assignment?.assignment[topic] ?? [];
    });
  } finally {
    await admin.disconnect();
  }
}

/**
 * A scaled installation as separate processes — one collector, `analyzers` analyzers in one
 * consumer group, one responder — in its own namespace, with a socket.io client on the console.
 */
export class ScaledCluster {
  readonly processes: ServiceProcess[] = [];
  readonly alerts: Alert[] = [];
  /** When and why the console's socket dropped, for a post-mortem: pushes sent meanwhile are not replayed to it. */
  readonly socketDrops: string[] = [];
  private socket?: Socket;
  /** A 舆情监测 user logged in to the console; api() and the socket use its session. */
  session!: ConsoleSession;

  private constructor(
    readonly ns: Awaited<ReturnType<typeof scaledNamespace>>,
    readonly consoleUrl: string,
  ) {}

  static async start(name: string, analyzers: number): Promise<ScaledCluster> {
    const ns = await scaledNamespace(name);
    const cluster = new ScaledCluster(ns, `http://127.0.0.1:${ns.port}`);
    cluster.processes.push(startServiceProcess('responder', ns.env));
    for (let i = 0; i < analyzers; i++) cluster.processes.push(startServiceProcess('analyzer', ns.env));
    cluster.processes.push(startServiceProcess('collector', ns.env));
    await waitFor(
      'the responder to answer',
      async () => (await fetch(`${cluster.consoleUrl}/api/health`).catch(() => undefined))?.ok,
      90_000,
    ).catch((err: unknown) => {
      throw new Error(`${String(err)}\n${cluster.processes.map((p) => `${p.role}: ${p.stderr.join('')}`).join('\n')}`);
    });
    cluster.session = await loginAsNewUser(
      { kind: 'postgres', url: ns.env.DATABASE_URL!, schema: ns.env.DATABASE_SCHEMA! },
      cluster.consoleUrl,
      { role: 'monitor' },
    );
    cluster.socket = connect(cluster.consoleUrl, { transports: ['websocket'], extraHeaders: { cookie: cluster.session.cookie } });
    cluster.socket.on('alert', (a: Alert) => cluster.alerts.push(a));
    cluster.socket.on('disconnect', (reason) => cluster.socketDrops.push(`${new Date().toISOString()} ${reason}`));
    await waitFor('the socket to connect', () => cluster.socket!.connected);
    await cluster.waitForAnalyzers(analyzers);
    return cluster;
  }

  async api<T>(path: string): Promise<T> {
    const res = await this.session.request('GET', path);
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }

  /** Members of the analyzers' consumer group and the partitions each holds. */
  analyzerAssignments(): Promise<number[][]> {
    return groupAssignments(this.ns.run, 'analyzer', `${this.ns.run}-raw-items`);
  }

  /** Waits until the analyzer group is stable with every member holding partitions. */
  async waitForAnalyzers(count: number): Promise<number[][]> {
    return waitFor(
      `${count} analyzers sharing the partitions`,
      async () => {
        const a = await this.analyzerAssignments().catch(() => []);
        return a.length === count && a.every((p) => p.length > 0) ? a : undefined;
      },
      90_000,
    );
  }

  async stop(): Promise<void> {
    this.socket?.close();
    await Promise.all(this.processes.map((p) => stopServiceProcess(p)));
  }
}
