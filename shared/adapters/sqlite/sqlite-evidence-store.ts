import { createHash } from 'node:crypto';
import type { EvidenceFile } from '../../domain/ledger-projections.ts';
import { toChinaIso } from '../../domain/time.ts';
import type { EvidenceStore } from '../../ports/evidence-store.ts';
import { openSqlite, type SqliteDatabase } from './open-sqlite.ts';

// In ledger.sqlite, like the accounts: one file to back up holds the chain and the bytes its
// hashes name.
const SCHEMA = `
CREATE TABLE IF NOT EXISTS evidence_files (sha256 TEXT PRIMARY KEY, size INTEGER NOT NULL, bytes BLOB NOT NULL, stored_at TEXT NOT NULL);
`;

/** The embedded evidence store, in the ledger's SQLite file. */
export class SqliteEvidenceStore implements EvidenceStore {
  private readonly db: SqliteDatabase;

  constructor(opts: { path: string }) {
    this.db = openSqlite(opts.path, { durable: true });
    this.db.exec(SCHEMA);
  }

  async put(file: { name: string; bytes: Buffer }): Promise<EvidenceFile> {
    const sha256 = createHash('sha256').update(file.bytes).digest('hex');
    this.db
      .prepare('INSERT OR IGNORE INTO evidence_files (sha256, size, bytes, stored_at) VALUES (?, ?, ?, ?)')
      .run(sha256, file.bytes.length, file.bytes, toChinaIso(Date.now()));
    return { name: file.name, sha256, size: file.bytes.length };
  }

  async get(sha256: string): Promise<Buffer | undefined> {
    const row = this.db.prepare('SELECT bytes FROM evidence_files WHERE sha256 = ?').get(sha256) as { bytes: Buffer } | undefined;
    return row?.bytes;
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
