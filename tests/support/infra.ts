import { createConnection } from 'node:net';

/**
 * Where the scaled-mode suites find Kafka, Elasticsearch, PostgreSQL and Redis (started by
 * `npm run infra:up`). With YUQING_REQUIRE_INFRA=1 (set by .ci/run) a missing server fails the
 * run; without it (a laptop with no Java) those suites are skipped with a one-line reason.
 */
export const INFRA = {
  required: process.env.YUQING_REQUIRE_INFRA === '1',
  kafkaBrokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
  elasticsearchUrl: process.env.ELASTICSEARCH_URL ?? 'http://127.0.0.1:9200',
  databaseUrl: process.env.DATABASE_URL ?? 'postgres://yuqing@127.0.0.1:5432/yuqing_test',
  redisUrl: process.env.YUQING_REDIS_URL ?? 'redis://127.0.0.1:6379',
};

function tcpOpen(hostPort: string, timeoutMs = 2_000): Promise<boolean> {
  const url = hostPort.includes('://') ? new URL(hostPort) : new URL(`tcp://${hostPort}`);
  return new Promise((resolve) => {
    const socket = createConnection({ host: url.hostname, port: Number(url.port) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * Decides whether a server-backed suite runs: true when the server answers; when it does not,
 * throws if infrastructure is required, else prints why the suite is skipped and returns false.
 */
export async function serverAvailable(name: string, address: string): Promise<boolean> {
  if (await tcpOpen(address)) return true;
  const reason = `${name} is not reachable at ${address}`;
  if (INFRA.required) throw new Error(`${reason}, and YUQING_REQUIRE_INFRA=1: start it with npm run infra:up`);
  process.stdout.write(`skipping ${name} suites: ${reason} (npm run infra:up starts it; YUQING_REQUIRE_INFRA=1 makes this an error)\n`);
  return false;
}
