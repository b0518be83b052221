import { createHash } from 'node:crypto';
import { openSqlite, type SqliteDatabase } from '../../shared/adapters/sqlite/open-sqlite.ts';
import { canonicalJson } from '../../shared/domain/ledger.ts';
import type { RawItem } from '../../shared/domain/raw-item.ts';

/** What identifies an item's content: everything but when it was collected and its revision. */
export function contentHash(item: Omit<RawItem, 'revision'>): string {
  const { collectedAt: _collectedAt, ...content } = item;
  return createHash('sha256').update(canonicalJson(content)).digest('hex');
}

/**
 * The collector's memory: per item id, the content hash and revision it published (a
 * re-exported ticket with the same content is not published again; one with a new status or
 * reply becomes the next revision), and per source, small checkpoints (a since-cursor, an
 * ETag) so a restart neither loses nor re-fetches work needlessly.
 */
export class CollectorState {
  private readonly db: SqliteDatabase;

  constructor(path: string) {
    this.db = openSqlite(path, { durable: true });
    this.db.exec(`CREATE TABLE IF NOT EXISTS item_versions (
      id TEXT PRIMARY KEY, content_hash TEXT NOT NULL, revision INTEGER NOT NULL)`);
    this.db.exec(`CREATE TABLE IF NOT EXISTS checkpoints (
      source TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (source, key))`);
  }

  /** A source's checkpoint value, or undefined when it never set one. */
  checkpoint(source: string, key: string): string | undefined {
    const row = this.db.prepare('SELECT value FROM checkpoints WHERE source = ? AND key = ?').get(source, key) as
      | { value: string }
      | undefined;
    return row?.value;
  }

  /** Sets (or, with undefined, clears) checkpoint values of a source in one transaction. */
  setCheckpoints(source: string, values: Record<string, string | undefined>): void {
    const upsert = this.db.prepare(
      `INSERT INTO checkpoints (source, key, value) VALUES (?, ?, ?)
       ON CONFLICT (source, key) DO UPDATE SET value = excluded.value`,
    );
    const remove = this.db.prepare('DELETE FROM checkpoints WHERE source = ? AND key = ?');
    this.db.transaction(() => {
      for (const [key, value] of Object.entries(values)) {
        if (value === undefined) remove.run(source, key);
        else upsert.run(source, key, value);
      }
    })();
  }

  /** The revision to publish this content under, or undefined when it was published already. */
  nextRevision(id: string, hash: string): number | undefined {
    const row = this.db.prepare('SELECT content_hash, revision FROM item_versions WHERE id = ?').get(id) as
      | { content_hash: string; revision: number }
      | undefined;
    if (!row) return 1;
    return row.content_hash === hash ? undefined : row.revision + 1;
  }

  /** Called only after the bus accepted the items, so a crash in between re-publishes rather than loses. */
  record(versions: { id: string; hash: string; revision: number }[]): void {
    const upsert = this.db.prepare(
      `INSERT INTO item_versions (id, content_hash, revision) VALUES (?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET content_hash = excluded.content_hash, revision = excluded.revision`,
    );
    this.db.transaction(() => {
      for (const v of versions) upsert.run(v.id, v.hash, v.revision);
    })();
  }

  close(): void {
    this.db.close();
  }
}
