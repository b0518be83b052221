import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe } from 'vitest';
import { INFRA, serverAvailable } from '../support/infra.ts';
import { accountContract } from './account-contract.ts';

const url = new URL(INFRA.databaseUrl);
const available = await serverAvailable('PostgreSQL', `${url.hostname}:${url.port || '5432'}`);

// Each case gets its own schema, as the ledger contract does.
const schemas: string[] = [];

describe.skipIf(!available)('PostgresAccountStore', () => {
  afterAll(async () => {
    const client = new pg.Client({ connectionString: INFRA.databaseUrl });
    await client.connect();
    try {
      for (const s of schemas) await client.query(`DROP SCHEMA IF EXISTS ${pg.escapeIdentifier(s)} CASCADE`);
    } finally {
      await client.end();
    }
  });

  accountContract({
    name: 'PostgresAccountStore',
    freshConfig: async () => {
      const schema = `t_${randomBytes(6).toString('hex')}`;
      schemas.push(schema);
      return { kind: 'postgres', url: INFRA.databaseUrl, schema };
    },
  });
});
