import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe } from 'vitest';
import type { LedgerConfig } from '../../shared/config.ts';
import { INFRA, serverAvailable } from '../support/infra.ts';
import { ledgerContract } from './ledger-contract.ts';

const url = new URL(INFRA.databaseUrl);
const available = await serverAvailable('PostgreSQL', `${url.hostname}:${url.port || '5432'}`);

/** Runs one statement against the test database outside any store, as an administrator could. */
async function sql(text: string, params: unknown[] = []): Promise<void> {
  const client = new pg.Client({ connectionString: INFRA.databaseUrl });
  await client.connect();
  try {
    await client.query(text, params);
  } finally {
    await client.end();
  }
}

// Each case gets its own schema, so cases (and the child processes one case starts) share
// exactly one ledger and never see another's.
const schemas: string[] = [];

describe.skipIf(!available)('PostgresLedgerStore', () => {
  afterAll(async () => {
    for (const s of schemas) await sql(`DROP SCHEMA IF EXISTS ${pg.escapeIdentifier(s)} CASCADE`);
  });

  ledgerContract({
    name: 'PostgresLedgerStore',
    freshConfig: async () => {
      const schema = `t_${randomBytes(6).toString('hex')}`;
      schemas.push(schema);
      return { kind: 'postgres', url: INFRA.databaseUrl, schema };
    },
    tamper: async (config: LedgerConfig, change, seq) => {
      if (config.kind !== 'postgres' || !config.schema) throw new Error('not a PostgreSQL ledger with its own schema');
      const ledger = `${pg.escapeIdentifier(config.schema)}.ledger`;
      if (change === 'delete') await sql(`DELETE FROM ${ledger} WHERE seq = $1`, [seq]);
      else await sql(`UPDATE ${ledger} SET payload = (payload::jsonb || '{"title": "已篡改"}'::jsonb)::json WHERE seq = $1`, [seq]);
    },
  });
});
