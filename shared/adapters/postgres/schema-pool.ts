import pg from 'pg';
import { YuqingError } from '../../errors.ts';
import type { Logger } from '../../logger.ts';
import { inTransaction } from './in-transaction.ts';
import { describeServer, translatePgError } from './postgres-errors.ts';
import { LOCK_CLASS, schemaLockKey } from './postgres-ledger-schema.ts';

/** Refuses a schema name that cannot be used unquoted in every statement (`what` names the store). */
export function checkSchemaName(schema: string, what: string): void {
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(schema)) {
    throw new YuqingError(`${what}.bad_config`, `${what} schema ${JSON.stringify(schema)} must be letters, digits and _ (at most 63)`);
  }
}

export interface SchemaPoolOptions {
  url: string;
  schema: string;
  logger: Logger;
  /** Names the store in errors, logs and pg_stat_activity (`yuqing-<what>`). */
  what: string;
  /** Tables the store needs in the schema; the DDL runs only when one is missing. */
  tables: readonly string[];
  /** CREATE … IF NOT EXISTS statements, given the quoted schema name. */
  ddl: (quotedSchema: string) => string;
  statementTimeoutMs?: number;
}

/**
 * A small pool for one of the stores that live beside the ledger in its schema (accounts,
 * evidence files), with its tables created if missing — under the ledger's DDL advisory lock,
 * so processes starting together never race on the catalog. A server that is away is a
 * retriable UnavailableError naming the server, never the password.
 */
export async function openSchemaPool(opts: SchemaPoolOptions): Promise<{ pool: pg.Pool; server: string }> {
  checkSchemaName(opts.schema, opts.what);
  const server = describeServer(opts.url);
  const logger = opts.logger.child({ component: `postgres-${opts.what}`, schema: opts.schema });
  const pool = new pg.Pool({
    connectionString: opts.url,
    max: 2,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 5_000,
    statement_timeout: opts.statementTimeoutMs ?? 30_000,
    application_name: `yuqing-${opts.what}`,
  });
  // An idle connection dropped by the server is replaced on next use; without a listener the
  // pool's 'error' event would crash the process.
  pool.on('error', (err) => logger.warn({ err, server }, 'idle PostgreSQL connection failed; the pool replaces it'));
  try {
    const present = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = $1 AND tablename = ANY($2::text[])', [
      opts.schema,
      [...opts.tables],
    ]);
    if (present.rows[0]?.n !== opts.tables.length) {
      await inTransaction(pool, 'BEGIN', async (client) => {
        await client.query('SELECT pg_advisory_xact_lock($1, $2)', [LOCK_CLASS.ddl, schemaLockKey(opts.schema)]);
        await client.query(opts.ddl(pg.escapeIdentifier(opts.schema)));
      });
    }
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw translatePgError(err, server);
  }
  return { pool, server };
}
