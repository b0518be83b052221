import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { entryHash, GENESIS_HASH, normalizeAppend, verifyChain, type ChainVerdict, type LedgerAppend, type LedgerEntry, type NormalizedAppend } from '../../domain/ledger.ts';
import { project, projectionKeys, type ProjectionState } from '../../domain/ledger-project.ts';
import { caseRecord, commitmentRecord, type CaseRecord, type CommitmentRecord } from '../../domain/ledger-projections.ts';
import { InvalidInputError, YuqingError } from '../../errors.ts';
import type { Logger } from '../../logger.ts';
import type { CaseQuery, CommitmentQuery, EntryQuery, LedgerStore } from '../../ports/ledger-store.ts';
import { inTransaction } from './in-transaction.ts';
import { describeServer, isWriteConflict, translatePgError } from './postgres-errors.ts';
import { ensureLedgerSchema, LOCK_CLASS, schemaLockKey } from './postgres-ledger-schema.ts';
import { checkSchemaName } from './schema-pool.ts';

export interface PostgresLedgerOptions {
  url: string;
  /** The schema that holds this ledger; one schema, one chain. */
  schema?: string;
  logger: Logger;
  /** Connections per process; appends are serialized anyway, so a few suffice. */
  poolSize?: number;
}

export const DEFAULT_LEDGER_SCHEMA = 'yuqing';
const VERIFY_PAGE = 1000;
const MAX_APPEND_ATTEMPTS = 20;

interface EntryRow {
  seq: string;
  at: string;
  actor: unknown;
  action: string;
  subject: string;
  payload: unknown;
  prev_hash: string;
  hash: string;
}

function toEntry(r: EntryRow): LedgerEntry {
  return {
    // bigint arrives as a string; a chain never nears 2^53 entries.
    seq: Number(r.seq),
    at: r.at,
    actor: r.actor as LedgerEntry['actor'],
    action: r.action,
    subject: r.subject,
    payload: r.payload as Record<string, unknown>,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

/** An instant as PostgreSQL should store it: ms precision, the same instant SQLite's Date.parse keeps. */
function timestamp(iso: string): string {
  return new Date(Date.parse(iso)).toISOString();
}

/**
 * The scaled-mode ledger in PostgreSQL, one chain per schema. An append runs in one
 * transaction holding a per-schema advisory lock: read the head and the records the entry
 * touches, `project()`, insert the entry and upsert the projections. The lock makes
 * appends from any number of processes queue rather than collide; the seq primary key is
 * the backstop that makes a fork impossible even without it.
 *
 * Why a lock rather than SERIALIZABLE and retry: every append reads and writes the same
 * head row, so under SERIALIZABLE all concurrent appends but one fail and redo their work,
 * and with many responders that turns into retry storms and tail latency. Under the lock
 * they wait in line (READ COMMITTED re-reads the head after the wait). Conflicts that can
 * still happen (a deadlock, a writer that skipped the lock) are retried with jitter.
 */
export class PostgresLedgerStore implements LedgerStore {
  private readonly pool: pg.Pool;
  private readonly server: string;
  private readonly logger: Logger;
  private readonly t: { ledger: string; cases: string; caseDepartments: string; commitments: string };
  private readonly beginAppend: string;
  private closed = false;

  private constructor(pool: pg.Pool, server: string, schema: string, logger: Logger) {
    this.pool = pool;
    this.server = server;
    this.logger = logger;
    const s = pg.escapeIdentifier(schema);
    // Qualified names instead of search_path: no per-connection state to get wrong.
    this.t = { ledger: `${s}.ledger`, cases: `${s}.cases`, caseDepartments: `${s}.case_departments`, commitments: `${s}.commitments` };
    // Both keys are integers we computed, so inlining them is safe; it saves a round trip.
    this.beginAppend = `BEGIN; SELECT pg_advisory_xact_lock(${LOCK_CLASS.append}, ${schemaLockKey(schema)})`;
  }

  /** Connects, creates the schema and tables if missing, and returns a ready store. */
  static async connect(opts: PostgresLedgerOptions): Promise<PostgresLedgerStore> {
    const schema = opts.schema ?? DEFAULT_LEDGER_SCHEMA;
    checkSchemaName(schema, 'ledger');
    const server = describeServer(opts.url);
    const logger = opts.logger.child({ component: 'postgres-ledger', schema });
    const pool = new pg.Pool({
      connectionString: opts.url,
      max: opts.poolSize ?? 4,
      idleTimeoutMillis: 30_000,
      // Fail fast with a retriable error instead of hanging when the server is away.
      connectionTimeoutMillis: 5_000,
      // A stuck lock holder must not block every other append forever.
      statement_timeout: 30_000,
      idle_in_transaction_session_timeout: 60_000,
      application_name: 'yuqing-ledger',
    });
    // An idle connection dropped by the server is replaced on next use; without a listener
    // the pool's 'error' event would crash the process.
    pool.on('error', (err) => logger.warn({ err, server }, 'idle PostgreSQL connection failed; the pool replaces it'));
    try {
      await ensureLedgerSchema(pool, schema);
    } catch (err) {
      await pool.end().catch(() => undefined);
      throw translatePgError(err, server);
    }
    return new PostgresLedgerStore(pool, server, schema, logger);
  }

  async append(request: LedgerAppend): Promise<LedgerEntry> {
    return (await this.appendAll([request]))[0]!;
  }

  async appendAll(requests: LedgerAppend[]): Promise<LedgerEntry[]> {
    const reqs = requests.map(normalizeAppend);
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.boundary(() =>
          inTransaction(this.pool, this.beginAppend, async (c) => {
            const written: LedgerEntry[] = [];
            for (const req of reqs) written.push(await this.appendLocked(c, req));
            return written;
          }),
        );
      } catch (err) {
        const conflict = err instanceof YuqingError && isWriteConflict(err.cause);
        if (!conflict || attempt >= MAX_APPEND_ATTEMPTS) throw err;
        this.logger.debug({ attempt, code: err.code }, 'ledger append conflicted; retrying');
        // Full jitter, capped: contenders spread out instead of colliding again in step.
        await sleep(Math.random() * Math.min(200, 5 * 2 ** attempt));
      }
    }
  }

  private async appendLocked(c: pg.PoolClient, req: NormalizedAppend): Promise<LedgerEntry> {
    const keys = projectionKeys(req.action, req.subject, req.payload);
    // One round trip: the head and the records the entry touches.
    const { rows } = await c.query<{
      seq: string | null;
      hash: string | null;
      case_doc: CaseRecord | null;
      commitment_doc: CommitmentRecord | null;
      latest_of_subject: ProjectionState['latestOfSubject'] | null;
    }>(
      `SELECT h.seq, h.hash,
              (SELECT doc FROM ${this.t.cases} WHERE id = $1) AS case_doc,
              (SELECT doc FROM ${this.t.commitments} WHERE id = $2) AS commitment_doc,
              (SELECT json_build_object('action', action, 'payload', payload) FROM ${this.t.ledger}
                WHERE subject = $3 ORDER BY seq DESC LIMIT 1) AS latest_of_subject
         FROM (SELECT 1) one LEFT JOIN LATERAL (SELECT seq, hash FROM ${this.t.ledger} ORDER BY seq DESC LIMIT 1) h ON true`,
      [keys.caseId ?? null, keys.commitmentId ?? null, keys.latestOfSubject ? req.subject : null],
    );
    const head = rows[0]!;
    const unhashed = {
      seq: Number(head.seq ?? 0) + 1,
      at: req.at,
      actor: req.actor,
      action: req.action,
      subject: req.subject,
      payload: req.payload,
      prevHash: head.hash ?? GENESIS_HASH,
    };
    // Throws for a refused entry (ConflictError, NotFoundError, InvalidInputError); the transaction rolls back, nothing is written.
    const changed = project(unhashed, {
      ...(keys.caseId && head.case_doc ? { case: head.case_doc } : {}),
      ...(keys.commitmentId && head.commitment_doc ? { commitment: head.commitment_doc } : {}),
      ...(head.latest_of_subject ? { latestOfSubject: head.latest_of_subject } : {}),
    });
    const entry: LedgerEntry = { ...unhashed, hash: entryHash(unhashed) };
    await c.query(`INSERT INTO ${this.t.ledger} (seq, at, actor, action, subject, payload, prev_hash, hash) VALUES ($1, $2, $3::json, $4, $5, $6::json, $7, $8)`, [
      entry.seq,
      entry.at,
      JSON.stringify(entry.actor),
      entry.action,
      entry.subject,
      JSON.stringify(entry.payload),
      entry.prevHash,
      entry.hash,
    ]);
    if (changed.case) await this.writeCase(c, changed.case);
    if (changed.commitment) await this.writeCommitment(c, changed.commitment);
    return entry;
  }

  async entries(query: EntryQuery = {}): Promise<LedgerEntry[]> {
    const params: unknown[] = [query.afterSeq ?? 0];
    const where = ['seq > $1'];
    const add = (sql: (param: string) => string, value: unknown) => {
      if (value !== undefined) where.push(sql(`$${params.push(value)}`));
    };
    add((p) => `subject = ${p}`, query.subject);
    add((p) => `action = ${p}`, query.action);
    add((p) => `actor->>'id' = ${p}`, query.actorId);
    // `at` keeps the offset it was written with; compared as instants, not as text.
    add((p) => `at::timestamptz >= ${p}::timestamptz`, query.from);
    add((p) => `at::timestamptz <= ${p}::timestamptz`, query.to);
    const limit = `$${params.push(query.limit ?? 1000)}`;
    const { rows } = await this.boundary(() => this.pool.query<EntryRow>(`SELECT * FROM ${this.t.ledger} WHERE ${where.join(' AND ')} ORDER BY seq LIMIT ${limit}`, params));
    return rows.map(toEntry);
  }

  async verify(): Promise<ChainVerdict> {
    return this.boundary(() => verifyChain(this.chain()));
  }

  /** The chain in seq order, read one keyset page at a time: an index range scan per page, however long the chain. */
  private async *chain(): AsyncGenerator<LedgerEntry> {
    let afterSeq = 0;
    for (;;) {
      const { rows } = await this.pool.query<EntryRow>(`SELECT * FROM ${this.t.ledger} WHERE seq > $1 ORDER BY seq LIMIT ${VERIFY_PAGE}`, [afterSeq]);
      if (rows.length === 0) return;
      const page = rows.map(toEntry);
      yield* page;
      if (rows.length < VERIFY_PAGE) return;
      afterSeq = page[page.length - 1]!.seq;
    }
  }

  async getCase(id: string): Promise<CaseRecord | undefined> {
    const { rows } = await this.boundary(() => this.pool.query<{ doc: CaseRecord }>(`SELECT doc FROM ${this.t.cases} WHERE id = $1`, [id]));
    return rows[0] && caseRecord(rows[0].doc);
  }

  async listCases(query: CaseQuery = {}): Promise<CaseRecord[]> {
    const clauses: string[] = [];
    const params: unknown[] = [];
    if (query.department !== undefined) {
      clauses.push(`EXISTS (SELECT 1 FROM ${this.t.caseDepartments} d WHERE d.department = $${params.push(query.department)} AND d.case_id = c.id)`);
    }
    if (query.status !== undefined) clauses.push(`c.status = $${params.push(query.status)}`);
    const where = clauses.length ? `WHERE ${clauses.join(' AND ')}` : '';
    const { rows } = await this.boundary(() => this.pool.query<{ doc: CaseRecord }>(`SELECT c.doc FROM ${this.t.cases} c ${where} ORDER BY c.opened_at DESC, c.id`, params));
    return rows.map((r) => caseRecord(r.doc));
  }

  async getCommitment(id: string): Promise<CommitmentRecord | undefined> {
    const { rows } = await this.boundary(() => this.pool.query<{ doc: CommitmentRecord }>(`SELECT doc FROM ${this.t.commitments} WHERE id = $1`, [id]));
    return rows[0] && commitmentRecord(rows[0].doc);
  }

  async listCommitments(query: CommitmentQuery = {}): Promise<CommitmentRecord[]> {
    const clauses: string[] = [];
    const params: unknown[] = [];
    if (query.caseId !== undefined) clauses.push(`case_id = $${params.push(query.caseId)}`);
    if (query.owner !== undefined) clauses.push(`owner = $${params.push(query.owner)}`);
    if (query.status?.length) clauses.push(`status = ANY($${params.push(query.status)}::text[])`);
    if (query.dueBefore !== undefined) {
      if (Number.isNaN(Date.parse(query.dueBefore))) throw new InvalidInputError('ledger.invalid_query', `dueBefore ${JSON.stringify(query.dueBefore)} is not an instant`);
      clauses.push(`due_at < $${params.push(timestamp(query.dueBefore))}::timestamptz`);
    }
    const where = clauses.length ? `WHERE ${clauses.join(' AND ')}` : '';
    const { rows } = await this.boundary(() =>
      this.pool.query<{ doc: CommitmentRecord }>(`SELECT doc FROM ${this.t.commitments} ${where} ORDER BY due_at ASC NULLS LAST, id`, params),
    );
    return rows.map((r) => commitmentRecord(r.doc));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }

  private async writeCase(c: pg.PoolClient, rec: CaseRecord): Promise<void> {
    // One statement: upsert the case, drop departments it no longer names, add the new ones.
    await c.query(
      `WITH upsert AS (
         INSERT INTO ${this.t.cases} (id, lead, status, opened_at, doc) VALUES ($1, $2, $3, $4::timestamptz, $5::json)
         ON CONFLICT (id) DO UPDATE SET lead = EXCLUDED.lead, status = EXCLUDED.status, opened_at = EXCLUDED.opened_at, doc = EXCLUDED.doc),
       gone AS (DELETE FROM ${this.t.caseDepartments} WHERE case_id = $1 AND NOT (department = ANY($6::text[])))
       INSERT INTO ${this.t.caseDepartments} (case_id, department) SELECT DISTINCT $1, d FROM unnest($6::text[]) AS d ON CONFLICT DO NOTHING`,
      [rec.id, rec.lead, rec.status, timestamp(rec.openedAt), JSON.stringify(rec), [rec.lead, ...rec.coResponsible]],
    );
  }

  private async writeCommitment(c: pg.PoolClient, rec: CommitmentRecord): Promise<void> {
    await c.query(
      `INSERT INTO ${this.t.commitments} (id, case_id, owner, status, due_at, doc) VALUES ($1, $2, $3, $4, $5::timestamptz, $6::json)
       ON CONFLICT (id) DO UPDATE SET case_id = EXCLUDED.case_id, owner = EXCLUDED.owner, status = EXCLUDED.status, due_at = EXCLUDED.due_at, doc = EXCLUDED.doc`,
      [rec.id, rec.caseId, rec.owner, rec.status, rec.dueAt ? timestamp(rec.dueAt) : null, JSON.stringify(rec)],
    );
  }

  /** Every public call goes through here: driver errors leave as ours, naming the server. */
  private async boundary<T>(fn: () => Promise<T>): Promise<T> {
    if (this.closed) throw new YuqingError('ledger.closed', 'the PostgreSQL ledger store is closed');
    try {
      return await fn();
    } catch (err) {
      throw translatePgError(err, this.server);
    }
  }
}
