import { entryHash, GENESIS_HASH, normalizeAppend, verifyChain, type ChainVerdict, type LedgerAppend, type LedgerEntry, type NormalizedAppend } from '../../domain/ledger.ts';
import { project, projectionKeys, type ProjectionState } from '../../domain/ledger-project.ts';
import { caseRecord, commitmentRecord, type CaseRecord, type CommitmentRecord } from '../../domain/ledger-projections.ts';
import type { CaseQuery, CommitmentQuery, EntryQuery, LedgerStore } from '../../ports/ledger-store.ts';
import { openSqlite, type SqliteDatabase } from './open-sqlite.ts';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS ledger (
  seq INTEGER PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
  subject TEXT NOT NULL, payload TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS ledger_subject ON ledger (subject);
CREATE TABLE IF NOT EXISTS cases (
  id TEXT PRIMARY KEY, lead TEXT NOT NULL, status TEXT NOT NULL, opened_at INTEGER NOT NULL, doc TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS case_departments (
  case_id TEXT NOT NULL, department TEXT NOT NULL, PRIMARY KEY (department, case_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS commitments (
  id TEXT PRIMARY KEY, case_id TEXT NOT NULL, owner TEXT NOT NULL, status TEXT NOT NULL,
  due_at INTEGER, doc TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS commitments_case ON commitments (case_id);
`;

interface EntryRow {
  seq: number;
  at: string;
  actor: string;
  action: string;
  subject: string;
  payload: string;
  prev_hash: string;
  hash: string;
}

function toEntry(r: EntryRow): LedgerEntry {
  return {
    seq: r.seq,
    at: r.at,
    actor: JSON.parse(r.actor) as LedgerEntry['actor'],
    action: r.action,
    subject: r.subject,
    payload: JSON.parse(r.payload) as Record<string, unknown>,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

/**
 * The embedded ledger. An append runs in one IMMEDIATE transaction — read the head, check
 * and apply the projections, write the entry — so appends from several processes on the
 * same file are serialized by SQLite's write lock and the chain never forks.
 */
export class SqliteLedgerStore implements LedgerStore {
  private readonly db: SqliteDatabase;

  constructor(opts: { path: string }) {
    this.db = openSqlite(opts.path, { durable: true });
    this.db.exec(SCHEMA);
  }

  async append(request: LedgerAppend): Promise<LedgerEntry> {
    return (await this.appendAll([request]))[0]!;
  }

  async appendAll(requests: LedgerAppend[]): Promise<LedgerEntry[]> {
    const reqs = requests.map(normalizeAppend);
    return this.db.transaction(() => reqs.map((req) => this.appendInTransaction(req))).immediate();
  }

  /** One link, inside the caller's transaction: it reads the head and the records it touches as the batch left them. */
  private appendInTransaction(req: NormalizedAppend): LedgerEntry {
    const head = this.db.prepare('SELECT seq, hash FROM ledger ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined;
    const unhashed = {
      seq: (head?.seq ?? 0) + 1,
      at: req.at,
      actor: req.actor,
      action: req.action,
      subject: req.subject,
      payload: req.payload,
      prevHash: head?.hash ?? GENESIS_HASH,
    };
    const keys = projectionKeys(req.action, req.subject, req.payload);
    const changed = project(unhashed, {
      ...(keys.caseId ? { case: this.readCase(keys.caseId) } : {}),
      ...(keys.commitmentId ? { commitment: this.readCommitment(keys.commitmentId) } : {}),
      ...(keys.latestOfSubject ? { latestOfSubject: this.readLatestOfSubject(req.subject) } : {}),
    });
    const entry: LedgerEntry = { ...unhashed, hash: entryHash(unhashed) };
    this.db
      .prepare('INSERT INTO ledger (seq, at, actor, action, subject, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(entry.seq, entry.at, JSON.stringify(entry.actor), entry.action, entry.subject, JSON.stringify(entry.payload), entry.prevHash, entry.hash);
    if (changed.case) this.writeCase(changed.case);
    if (changed.commitment) this.writeCommitment(changed.commitment);
    return entry;
  }

  async entries(query: EntryQuery = {}): Promise<LedgerEntry[]> {
    const where = ['seq > ?'];
    const params: (string | number)[] = [query.afterSeq ?? 0];
    const add = (sql: string, value: string | number | undefined) => {
      if (value === undefined) return;
      where.push(sql);
      params.push(value);
    };
    add('subject = ?', query.subject);
    add('action = ?', query.action);
    add("json_extract(actor, '$.id') = ?", query.actorId);
    // `at` keeps the offset it was written with; compared as instants, not as text.
    add("unixepoch(at, 'subsec') * 1000 >= ?", query.from === undefined ? undefined : Date.parse(query.from));
    add("unixepoch(at, 'subsec') * 1000 <= ?", query.to === undefined ? undefined : Date.parse(query.to));
    const rows = this.db.prepare(`SELECT * FROM ledger WHERE ${where.join(' AND ')} ORDER BY seq LIMIT ?`).all(...params, query.limit ?? 1000) as EntryRow[];
    return rows.map(toEntry);
  }

  async verify(): Promise<ChainVerdict> {
    return verifyChain(this.chain());
  }

  /** The chain in seq order, a page at a time, so a long chain is never held in memory whole. */
  private *chain(): Generator<LedgerEntry> {
    const page = this.db.prepare('SELECT * FROM ledger WHERE seq > ? ORDER BY seq LIMIT 1000');
    for (let after = 0; ; ) {
      const rows = page.all(after) as EntryRow[];
      yield* rows.map(toEntry);
      if (rows.length < 1000) return;
      after = rows[rows.length - 1]!.seq;
    }
  }

  async getCase(id: string): Promise<CaseRecord | undefined> {
    return this.readCase(id);
  }

  async listCases(query: CaseQuery = {}): Promise<CaseRecord[]> {
    const clauses: string[] = [];
    const params: string[] = [];
    if (query.department !== undefined) {
      clauses.push('id IN (SELECT case_id FROM case_departments WHERE department = ?)');
      params.push(query.department);
    }
    if (query.status !== undefined) {
      clauses.push('status = ?');
      params.push(query.status);
    }
    const where = clauses.length ? `WHERE ${clauses.join(' AND ')}` : '';
    const rows = this.db.prepare(`SELECT doc FROM cases ${where} ORDER BY opened_at DESC, id`).all(...params) as { doc: string }[];
    return rows.map((r) => caseRecord(JSON.parse(r.doc)));
  }

  async getCommitment(id: string): Promise<CommitmentRecord | undefined> {
    return this.readCommitment(id);
  }

  async listCommitments(query: CommitmentQuery = {}): Promise<CommitmentRecord[]> {
    const clauses: string[] = [];
    const params: (string | number)[] = [];
    if (query.caseId !== undefined) {
      clauses.push('case_id = ?');
      params.push(query.caseId);
    }
    if (query.owner !== undefined) {
      clauses.push('owner = ?');
      params.push(query.owner);
    }
    if (query.status?.length) {
      clauses.push(`status IN (${query.status.map(() => '?').join(',')})`);
      params.push(...query.status);
    }
    if (query.dueBefore !== undefined) {
      clauses.push('due_at < ?');
      params.push(Date.parse(query.dueBefore));
    }
    const where = clauses.length ? `WHERE ${clauses.join(' AND ')}` : '';
    const rows = this.db.prepare(`SELECT doc FROM commitments ${where} ORDER BY due_at IS NULL, due_at, id`).all(...params) as { doc: string }[];
    return rows.map((r) => commitmentRecord(JSON.parse(r.doc)));
  }

  async close(): Promise<void> {
    this.db.close();
  }

  private readLatestOfSubject(subject: string): ProjectionState['latestOfSubject'] {
    const row = this.db.prepare('SELECT action, payload FROM ledger WHERE subject = ? ORDER BY seq DESC LIMIT 1').get(subject) as
      | { action: string; payload: string }
      | undefined;
    return row && { action: row.action, payload: JSON.parse(row.payload) as Record<string, unknown> };
  }

  private readCase(id: string): CaseRecord | undefined {
    const row = this.db.prepare('SELECT doc FROM cases WHERE id = ?').get(id) as { doc: string } | undefined;
    return row ? caseRecord(JSON.parse(row.doc)) : undefined;
  }

  private readCommitment(id: string): CommitmentRecord | undefined {
    const row = this.db.prepare('SELECT doc FROM commitments WHERE id = ?').get(id) as { doc: string } | undefined;
    return row ? commitmentRecord(JSON.parse(row.doc)) : undefined;
  }

  private writeCase(c: CaseRecord): void {
    this.db
      .prepare('INSERT OR REPLACE INTO cases (id, lead, status, opened_at, doc) VALUES (?, ?, ?, ?, ?)')
      .run(c.id, c.lead, c.status, Date.parse(c.openedAt), JSON.stringify(c));
    this.db.prepare('DELETE FROM case_departments WHERE case_id = ?').run(c.id);
    const add = this.db.prepare('INSERT OR IGNORE INTO case_departments (case_id, department) VALUES (?, ?)');
    for (const d of [c.lead, ...c.coResponsible]) add.run(c.id, d);
  }

  private writeCommitment(c: CommitmentRecord): void {
    this.db
      .prepare('INSERT OR REPLACE INTO commitments (id, case_id, owner, status, due_at, doc) VALUES (?, ?, ?, ?, ?, ?)')
      .run(c.id, c.caseId, c.owner, c.status, c.dueAt ? Date.parse(c.dueAt) : null, JSON.stringify(c));
  }
}
