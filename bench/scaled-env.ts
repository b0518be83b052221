import { createConnection } from 'node:net';

const KAFKA = '127.0.0.1:9092';
const ELASTICSEARCH = 'http://127.0.0.1:9200';
const DATABASE = 'postgres://yuqing@127.0.0.1:5432/yuqing_test';

function answers(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createConnection({ host, port });
    s.setTimeout(1500, () => (s.destroy(), resolve(false)));
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });
}

/** The environment for the scaled adapters, in a fresh namespace, when all three servers answer. */
export async function scaledEnv(): Promise<{ ok: true; env: Record<string, string> } | { ok: false; reason: string }> {
  const missing = [];
  if (!(await answers('127.0.0.1', 9092))) missing.push(`Kafka at ${KAFKA}`);
  if (!(await answers('127.0.0.1', 9200))) missing.push(`Elasticsearch at ${ELASTICSEARCH}`);
  if (!(await answers('127.0.0.1', 5432))) missing.push(`PostgreSQL at 127.0.0.1:5432`);
  if (missing.length) return { ok: false, reason: `${missing.join(', ')} not reachable (npm run infra:up)` };
  const run = `bench${Date.now()}`;
  return {
    ok: true,
    env: { KAFKA_BROKERS: KAFKA, YUQING_TOPIC_PREFIX: `${run}-`, ELASTICSEARCH_URL: ELASTICSEARCH, ELASTICSEARCH_PREFIX: run, DATABASE_URL: DATABASE },
  };
}
