import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { UnavailableError } from '../../shared/errors.ts';
import { openEvidenceStore } from '../../shared/wiring.ts';
import { INFRA, serverAvailable } from '../support/infra.ts';
import { testLogger } from '../support/test-logger.ts';
import { evidenceContract } from './evidence-contract.ts';

const url = new URL(INFRA.databaseUrl);
const available = await serverAvailable('PostgreSQL', `${url.hostname}:${url.port || '5432'}`);

// Each case gets its own schema, as the ledger contract does.
const schemas: string[] = [];

async function withClient<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: INFRA.databaseUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

describe.skipIf(!available)('PostgresEvidenceStore', () => {
  afterAll(async () => {
    await withClient(async (client) => {
      for (const s of schemas) await client.query(`DROP SCHEMA IF EXISTS ${pg.escapeIdentifier(s)} CASCADE`);
    });
  });

  evidenceContract({
    name: 'PostgresEvidenceStore',
    freshConfig: async () => {
      const schema = `t_${randomBytes(6).toString('hex')}`;
      schemas.push(schema);
      return { kind: 'postgres', url: INFRA.databaseUrl, schema };
    },
    storedFiles: async (config) => {
      if (config.kind !== 'postgres' || !config.schema) throw new Error('expected a PostgreSQL config with a schema');
      const schema = config.schema;
      return withClient(async (client) => (await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${pg.escapeIdentifier(schema)}.evidence_files`)).rows[0]!.n);
    },
  });
});

describe('PostgresEvidenceStore without a server', () => {
  it('refuses to open with a retriable UnavailableError naming the server, never its password', async () => {
    // Port 1 on this machine: nothing listens, so the connection is refused at once.
    const err = await openEvidenceStore({ kind: 'postgres', url: 'postgres://yuqing:secret-pw@127.0.0.1:1/yuqing_test', schema: 'nowhere' }, testLogger).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnavailableError);
    expect((err as UnavailableError).retriable).toBe(true);
    expect((err as UnavailableError).message).toContain('127.0.0.1:1/yuqing_test');
    expect((err as UnavailableError).message).not.toContain('secret-pw');
  });
});
