import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

export type SqliteDatabase = Database.Database;

/**
 * Opens a SQLite file in WAL mode so readers never block the single writer, with a busy
 * timeout so several processes on one data directory wait for each other instead of failing.
 * `durable` syncs every commit to disk (FULL): a power cut loses nothing committed.
 */
export function openSqlite(path: string, opts: { durable: boolean }): SqliteDatabase {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${opts.durable ? 'FULL' : 'NORMAL'}`);
  db.pragma('busy_timeout = 10000');
  db.pragma('foreign_keys = ON');
  return db;
}
