import { createHash } from 'node:crypto';
import pg from 'pg';
import { inTransaction } from './in-transaction.ts';

/** Advisory-lock classes (first key); the second key is the schema's `schemaLockKey`. */
export const LOCK_CLASS = { ddl: 0x79716c64, append: 0x79716c61 } as const;

const TABLES = ['ledger', 'cases', 'case_departments', 'commitments'];

/** A stable int4 per schema name, so each ledger has its own advisory locks. */
export function schemaLockKey(schema: string): number {
  return createHash('sha256').update(schema).digest().readInt32BE(0);
}

// The same tables as the SQLite ledger. actor and payload are `json`, not `jsonb`: json
// keeps the exact text written, so what is read back re-hashes to the stored hash (jsonb
// reorders keys, rewrites numbers and refuses \u0000). Ids use COLLATE "C" so lists are
// ordered by code point on every server, like SQLite's BINARY collation.
function ddl(s: string): string {
  return `
CREATE SCHEMA IF NOT EXISTS ${s};
CREATE TABLE IF NOT EXISTS ${s}.ledger (
  seq bigint PRIMARY KEY, at text NOT NULL, actor json NOT NULL, action text NOT NULL,
  subject text COLLATE "C" NOT NULL, payload json NOT NULL, prev_hash text NOT NULL, hash text NOT NULL);
CREATE INDEX IF NOT EXISTS ledger_subject ON ${s}.ledger (subject, seq);
CREATE TABLE IF NOT EXISTS ${s}.cases (
  id text COLLATE "C" PRIMARY KEY, lead text NOT NULL, status text NOT NULL, opened_at timestamptz NOT NULL, doc json NOT NULL);
CREATE INDEX IF NOT EXISTS cases_opened ON ${s}.cases (opened_at DESC, id);
CREATE TABLE IF NOT EXISTS ${s}.case_departments (
  case_id text COLLATE "C" NOT NULL, department text NOT NULL, PRIMARY KEY (department, case_id));
CREATE TABLE IF NOT EXISTS ${s}.commitments (
  id text COLLATE "C" PRIMARY KEY, case_id text COLLATE "C" NOT NULL, owner text NOT NULL, status text NOT NULL,
  due_at timestamptz, doc json NOT NULL);
CREATE INDEX IF NOT EXISTS commitments_case ON ${s}.commitments (case_id);
CREATE INDEX IF NOT EXISTS commitments_due ON ${s}.commitments (due_at, id);
`;
}

/**
 * Creates the ledger's schema and tables unless they all exist. The check comes first so a
 * deployment whose role may not CREATE can still open a ledger made by an administrator;
 * the DDL runs in one transaction under an advisory lock, so processes starting together
 * neither race on the catalog nor see half a schema.
 */
export async function ensureLedgerSchema(pool: pg.Pool, schema: string): Promise<void> {
  const present = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = $1 AND tablename = ANY($2::text[])', [
    schema,
    TABLES,
  ]);
  if (present.rows[0]?.n === TABLES.length) return;
  await inTransaction(pool, 'BEGIN', async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1, $2)', [LOCK_CLASS.ddl, schemaLockKey(schema)]);
    await client.query(ddl(pg.escapeIdentifier(schema)));
  });
}
