import { createHash } from 'node:crypto';
import pg from 'pg';
import type { EvidenceFile } from '../../domain/ledger-projections.ts';
import { toChinaIso } from '../../domain/time.ts';
import { YuqingError } from '../../errors.ts';
import type { Logger } from '../../logger.ts';
import type { EvidenceStore } from '../../ports/evidence-store.ts';
import { translatePgError } from './postgres-errors.ts';
import { DEFAULT_LEDGER_SCHEMA } from './postgres-ledger-store.ts';
import { openSchemaPool } from './schema-pool.ts';

export interface PostgresEvidenceOptions {
  url: string;
  /** The ledger's schema: the bytes live beside the chain whose hashes name them. */
  schema?: string;
  logger: Logger;
}

function ddl(s: string): string {
  return `
CREATE SCHEMA IF NOT EXISTS ${s};
CREATE TABLE IF NOT EXISTS ${s}.evidence_files (
  sha256 text COLLATE "C" PRIMARY KEY, size integer NOT NULL, bytes bytea NOT NULL, stored_at text NOT NULL);
`;
}

/** Evidence files in the ledger's PostgreSQL schema, served by every responder process. */
export class PostgresEvidenceStore implements EvidenceStore {
  private readonly table: string;
  private closed = false;

  private constructor(
    private readonly pool: pg.Pool,
    private readonly server: string,
    schema: string,
  ) {
    this.table = `${pg.escapeIdentifier(schema)}.evidence_files`;
  }

  static async connect(opts: PostgresEvidenceOptions): Promise<PostgresEvidenceStore> {
    const schema = opts.schema ?? DEFAULT_LEDGER_SCHEMA;
    // Room for a 5 MB file (10 MB as hex on the wire) on a slow link.
    const { pool, server } = await openSchemaPool({ ...opts, schema, what: 'evidence', tables: ['evidence_files'], ddl, statementTimeoutMs: 60_000 });
    return new PostgresEvidenceStore(pool, server, schema);
  }

  async put(file: { name: string; bytes: Buffer }): Promise<EvidenceFile> {
    const sha256 = createHash('sha256').update(file.bytes).digest('hex');
    // A file already stored (by this process or another) is left as it is: the hash names the same bytes.
    await this.query(`INSERT INTO ${this.table} (sha256, size, bytes, stored_at) VALUES ($1, $2, $3, $4) ON CONFLICT (sha256) DO NOTHING`, [
      sha256,
      file.bytes.length,
      file.bytes,
      toChinaIso(Date.now()),
    ]);
    return { name: file.name, sha256, size: file.bytes.length };
  }

  async get(sha256: string): Promise<Buffer | undefined> {
    const { rows } = await this.query<{ bytes: Buffer }>(`SELECT bytes FROM ${this.table} WHERE sha256 = $1`, [sha256]);
    return rows[0]?.bytes;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }

  /** Every query goes through here: driver errors leave as ours, naming the server. */
  private async query<R extends pg.QueryResultRow>(text: string, params: unknown[] = []): Promise<pg.QueryResult<R>> {
    if (this.closed) throw new YuqingError('evidence.closed', 'the PostgreSQL evidence store is closed');
    try {
      return await this.pool.query<R>(text, params);
    } catch (err) {
      throw translatePgError(err, this.server);
    }
  }
}
