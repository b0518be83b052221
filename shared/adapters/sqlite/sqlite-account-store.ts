import type { Department, NewUser, User, UserPatch } from '../../domain/account.ts';
import { toChinaIso } from '../../domain/time.ts';
import { ConflictError, NotFoundError } from '../../errors.ts';
import type { AccountStore } from '../../ports/account-store.ts';
import { openSqlite, type SqliteDatabase } from './open-sqlite.ts';
import { userFromRow, type UserRow } from '../user-row.ts';

// Tables live in ledger.sqlite, mirroring the PostgreSQL layout (one schema holds ledger and
// accounts): one file to back up, and actor ids in the chain resolve against the same file.
const SCHEMA = `
CREATE TABLE IF NOT EXISTS users (
  id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, display_name TEXT NOT NULL, role TEXT NOT NULL,
  department TEXT, password_hash TEXT NOT NULL, must_change_password INTEGER NOT NULL,
  disabled INTEGER NOT NULL, session_version INTEGER NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS departments (name TEXT PRIMARY KEY, created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS login_failures (key TEXT NOT NULL, at_ms INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS login_failures_key ON login_failures (key, at_ms);
CREATE INDEX IF NOT EXISTS login_failures_at ON login_failures (at_ms);
`;

const toUser = (r: UserRow<number>): User => userFromRow(r, (v: number) => v === 1);

/** The embedded account store, in the ledger's SQLite file. */
export class SqliteAccountStore implements AccountStore {
  private readonly db: SqliteDatabase;

  constructor(opts: { path: string }) {
    this.db = openSqlite(opts.path, { durable: true });
    this.db.exec(SCHEMA);
  }

  async countUsers(): Promise<number> {
    return (this.db.prepare('SELECT count(*) AS n FROM users').get() as { n: number }).n;
  }

  async createUser(u: NewUser): Promise<User> {
    const now = toChinaIso(Date.now());
    const user: User = { ...u, sessionVersion: 1, createdAt: now, updatedAt: now };
    try {
      this.db
        .prepare(
          `INSERT INTO users (id, name, display_name, role, department, password_hash, must_change_password, disabled, session_version, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(user.id, user.name, user.displayName, user.role, user.department ?? null, user.passwordHash, Number(user.mustChangePassword), Number(user.disabled), 1, now, now);
    } catch (err) {
      if (err instanceof Error && 'code' in err && String(err.code).startsWith('SQLITE_CONSTRAINT')) {
        throw new ConflictError('account.name_taken', `user name ${JSON.stringify(u.name)} is already taken`);
      }
      throw err;
    }
    return user;
  }

  async getUser(id: string): Promise<User | undefined> {
    const row = this.db.prepare('SELECT * FROM users WHERE id = ?').get(id) as UserRow<number> | undefined;
    return row ? toUser(row) : undefined;
  }

  async findUserByName(name: string): Promise<User | undefined> {
    const row = this.db.prepare('SELECT * FROM users WHERE name = ?').get(name) as UserRow<number> | undefined;
    return row ? toUser(row) : undefined;
  }

  async listUsers(): Promise<User[]> {
    return (this.db.prepare('SELECT * FROM users ORDER BY name').all() as UserRow<number>[]).map(toUser);
  }

  async updateUser(id: string, patch: UserPatch): Promise<User> {
    const sets: string[] = ['updated_at = ?'];
    const params: (string | number | null)[] = [toChinaIso(Date.now())];
    const set = (column: string, value: string | number | null) => {
      sets.push(`${column} = ?`);
      params.push(value);
    };
    if (patch.displayName !== undefined) set('display_name', patch.displayName);
    if (patch.role !== undefined) set('role', patch.role);
    if (patch.department !== undefined) set('department', patch.department);
    if (patch.disabled !== undefined) set('disabled', Number(patch.disabled));
    if (patch.passwordHash !== undefined) set('password_hash', patch.passwordHash);
    if (patch.mustChangePassword !== undefined) set('must_change_password', Number(patch.mustChangePassword));
    if (patch.bumpSessionVersion) sets.push('session_version = session_version + 1');
    const row = this.db.prepare(`UPDATE users SET ${sets.join(', ')} WHERE id = ? RETURNING *`).get(...params, id) as UserRow<number> | undefined;
    if (!row) throw new NotFoundError(`用户 ${id}`, 'accounts.not_found');
    return toUser(row);
  }

  async listDepartments(): Promise<Department[]> {
    const rows = this.db.prepare('SELECT name, created_at FROM departments ORDER BY name').all() as { name: string; created_at: string }[];
    return rows.map((r) => ({ name: r.name, createdAt: r.created_at }));
  }

  async addDepartment(name: string): Promise<Department> {
    this.db.prepare('INSERT OR IGNORE INTO departments (name, created_at) VALUES (?, ?)').run(name, toChinaIso(Date.now()));
    const row = this.db.prepare('SELECT name, created_at FROM departments WHERE name = ?').get(name) as { name: string; created_at: string };
    return { name: row.name, createdAt: row.created_at };
  }

  async recordLoginFailure(keys: string[], atMs: number): Promise<void> {
    const insert = this.db.prepare('INSERT INTO login_failures (key, at_ms) VALUES (?, ?)');
    this.db.transaction(() => {
      for (const k of keys) insert.run(k, atMs);
    })();
  }

  async recentLoginFailures(key: string, sinceMs: number, limit: number): Promise<number[]> {
    const rows = this.db
      .prepare('SELECT at_ms FROM login_failures WHERE key = ? AND at_ms >= ? ORDER BY at_ms DESC LIMIT ?')
      .all(key, sinceMs, limit) as { at_ms: number }[];
    return rows.map((r) => r.at_ms);
  }

  async clearLoginFailures(key: string): Promise<void> {
    this.db.prepare('DELETE FROM login_failures WHERE key = ?').run(key);
  }

  async forgetLoginFailures(beforeMs: number): Promise<void> {
    this.db.prepare('DELETE FROM login_failures WHERE at_ms < ?').run(beforeMs);
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
