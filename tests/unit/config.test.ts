import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../shared/config.ts';

describe('configuration', () => {
  it('defaults to the embedded adapters under ./data with the console on port 8080', () => {
    const r = parseConfig({});
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.config.http).toEqual({ host: '127.0.0.1', port: 8080 });
    expect(r.config.bus).toEqual({ kind: 'sqlite', path: resolve('data/bus.sqlite') });
    expect(r.config.index.kind).toBe('sqlite');
    expect(r.config.ledger.kind).toBe('sqlite');
  });

  it('chooses Kafka, Elasticsearch and PostgreSQL when their addresses are set', () => {
    const r = parseConfig({
      KAFKA_BROKERS: '10.0.0.1:9092,10.0.0.2:9092',
      ELASTICSEARCH_URL: 'http://es:9200',
      DATABASE_URL: 'postgres://yuqing@db:5432/yuqing',
    });
    expect(r.ok && r.config.bus).toMatchObject({ kind: 'kafka', brokers: ['10.0.0.1:9092', '10.0.0.2:9092'] });
    expect(r.ok && r.config.index).toMatchObject({ kind: 'elasticsearch', url: 'http://es:9200' });
    expect(r.ok && r.config.ledger).toMatchObject({ kind: 'postgres', url: 'postgres://yuqing@db:5432/yuqing' });
  });

  it('names every bad key and what is wrong with it', () => {
    const r = parseConfig({ PORT: 'eighty', KAFKA_BROKERS: 'no-port', DATABASE_URL: 'mysql://x', YUQING_DEMO: 'maybe', YUQING_HASH_SECRET: 'short' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const keys = r.problems.map((p) => p.split(':')[0]);
    expect(keys.sort()).toEqual(['DATABASE_URL', 'KAFKA_BROKERS', 'PORT', 'YUQING_DEMO', 'YUQING_HASH_SECRET']);
    expect(r.problems.find((p) => p.startsWith('KAFKA_BROKERS'))).toContain('host:port');
  });

  it('a session key shorter than 32 characters is refused; trust proxy takes a hop count or a name', () => {
    const short = parseConfig({ YUQING_SESSION_SECRET: 'too-short' });
    expect(!short.ok && short.problems[0]).toMatch(/^YUQING_SESSION_SECRET: .*32/);
    const hops = parseConfig({ YUQING_SESSION_SECRET: 's'.repeat(32), YUQING_TRUST_PROXY: '1' });
    expect(hops.ok && hops.config).toMatchObject({ sessionSecret: 's'.repeat(32), trustProxy: 1 });
    const named = parseConfig({ YUQING_TRUST_PROXY: 'loopback' });
    expect(named.ok && named.config.trustProxy).toBe('loopback');
    const unset = parseConfig({});
    expect(unset.ok && unset.config.sessionSecret).toBeUndefined();
  });

  it('a service started with invalid configuration prints the problems and exits with code 2', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', resolve(import.meta.dirname, '../../services/main.ts')], {
      env: { ...process.env, PORT: '70000', ELASTICSEARCH_URL: 'not a url' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('invalid configuration');
    expect(r.stderr).toContain('PORT');
    expect(r.stderr).toContain('ELASTICSEARCH_URL');
  });
});
