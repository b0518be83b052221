import pg from 'pg';
import type { Department, NewUser, User, UserPatch } from '../../domain/account.ts';
import { toChinaIso } from '../../domain/time.ts';
import { ConflictError, NotFoundError, YuqingError } from '../../errors.ts';
import type { Logger } from '../../logger.ts';
import type { AccountStore } from '../../ports/account-store.ts';
import { sqlState, translatePgError } from './postgres-errors.ts';
import { DEFAULT_LEDGER_SCHEMA } from './postgres-ledger-store.ts';
import { openSchemaPool } from './schema-pool.ts';
import { userFromRow, type UserRow } from '../user-row.ts';

export interface PostgresAccountOptions {
  url: string;
  /** The ledger's schema: accounts live beside the chain they act in. */
  schema?: string;
  logger: Logger;
}

const TABLES = ['users', 'departments', 'login_failures'];

function ddl(s: string): string {
  return `
CREATE SCHEMA IF NOT EXISTS ${s};
CREATE TABLE IF NOT EXISTS ${s}.users (
  id text COLLATE "C" PRIMARY KEY, name text COLLATE "C" NOT NULL UNIQUE, display_name text NOT NULL, role text NOT NULL,
  department text, password_hash text NOT NULL, must_change_password boolean NOT NULL,
  disabled boolean NOT NULL, session_version integer NOT NULL, created_at text NOT NULL, updated_at text NOT NULL);
CREATE TABLE IF NOT EXISTS ${s}.departments (name text COLLATE "C" PRIMARY KEY, created_at text NOT NULL);
CREATE TABLE IF NOT EXISTS ${s}.login_failures (key text NOT NULL, at_ms bigint NOT NULL);
CREATE INDEX IF NOT EXISTS login_failures_key ON ${s}.login_failures (key, at_ms);
CREATE INDEX IF NOT EXISTS login_failures_at ON ${s}.login_failures (at_ms);
`;
}

const toUser = (r: UserRow): User => userFromRow(r, (v: boolean) => v);

/** Accounts in the ledger's PostgreSQL schema, shared by every responder process. */
export class PostgresAccountStore implements AccountStore {
  private readonly t: { users: string; departments: string; failures: string };
  private closed = false;

  private constructor(
    private readonly pool: pg.Pool,
    private readonly server: string,
    schema: string,
  ) {
    const s = pg.escapeIdentifier(schema);
    this.t = { users: `${s}.users`, departments: `${s}.departments`, failures: `${s}.login_failures` };
  }

  static async connect(opts: PostgresAccountOptions): Promise<PostgresAccountStore> {
    const schema = opts.schema ?? DEFAULT_LEDGER_SCHEMA;
    const { pool, server } = await openSchemaPool({ ...opts, schema, what: 'account', tables: TABLES, ddl });
    return new PostgresAccountStore(pool, server, schema);
  }

  async countUsers(): Promise<number> {
    const { rows } = await this.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${this.t.users}`);
    return rows[0]?.n ?? 0;
  }

  async createUser(u: NewUser): Promise<User> {
    const now = toChinaIso(Date.now());
    try {
      const { rows } = await this.pool.query<UserRow>(
        `INSERT INTO ${this.t.users} (id, name, display_name, role, department, password_hash, must_change_password, disabled, session_version, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1, $9, $9) RETURNING *`,
        [u.id, u.name, u.displayName, u.role, u.department ?? null, u.passwordHash, u.mustChangePassword, u.disabled, now],
      );
      return toUser(rows[0]!);
    } catch (err) {
      if (sqlState(err) === '23505') throw new ConflictError('account.name_taken', `user name ${JSON.stringify(u.name)} is already taken`);
      throw translatePgError(err, this.server);
    }
  }

  async getUser(id: string): Promise<User | undefined> {
    const { rows } = await this.query<UserRow>(`SELECT * FROM ${this.t.users} WHERE id = $1`, [id]);
    return rows[0] ? toUser(rows[0]) : undefined;
  }

  async findUserByName(name: string): Promise<User | undefined> {
    const { rows } = await this.query<UserRow>(`SELECT * FROM ${this.t.users} WHERE name = $1`, [name]);
    return rows[0] ? toUser(rows[0]) : undefined;
  }

  async listUsers(): Promise<User[]> {
    const { rows } = await this.query<UserRow>(`SELECT * FROM ${this.t.users} ORDER BY name`);
    return rows.map(toUser);
  }

  async updateUser(id: string, patch: UserPatch): Promise<User> {
    const params: unknown[] = [toChinaIso(Date.now())];
    const sets = ['updated_at = $1'];
    const set = (column: string, value: unknown) => sets.push(`${column} = $${params.push(value)}`);
    if (patch.displayName !== undefined) set('display_name', patch.displayName);
    if (patch.role !== undefined) set('role', patch.role);
    if (patch.department !== undefined) set('department', patch.department);
    if (patch.disabled !== undefined) set('disabled', patch.disabled);
    if (patch.passwordHash !== undefined) set('password_hash', patch.passwordHash);
    if (patch.mustChangePassword !== undefined) set('must_change_password', patch.mustChangePassword);
    if (patch.bumpSessionVersion) sets.push('session_version = session_version + 1');
    const { rows } = await this.query<UserRow>(`UPDATE ${this.t.users} SET ${sets.join(', ')} WHERE id = $${params.push(id)} RETURNING *`, params);
    if (!rows[0]) throw new NotFoundError(`用户 ${id}`, 'accounts.not_found');
    return toUser(rows[0]);
  }

  async listDepartments(): Promise<Department[]> {
    const { rows } = await this.query<{ name: string; created_at: string }>(`SELECT name, created_at FROM ${this.t.departments} ORDER BY name`);
    return rows.map((r) => ({ name: r.name, createdAt: r.created_at }));
  }

  async addDepartment(name: string): Promise<Department> {
    await this.query(`INSERT INTO ${this.t.departments} (name, created_at) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING`, [name, toChinaIso(Date.now())]);
    const { rows } = await this.query<{ name: string; created_at: string }>(`SELECT name, created_at FROM ${this.t.departments} WHERE name = $1`, [name]);
    return { name: rows[0]!.name, createdAt: rows[0]!.created_at };
  }

  async recordLoginFailure(keys: string[], atMs: number): Promise<void> {
    await this.query(`INSERT INTO ${this.t.failures} (key, at_ms) SELECT k, $2 FROM unnest($1::text[]) AS k`, [keys, atMs]);
  }

  async recentLoginFailures(key: string, sinceMs: number, limit: number): Promise<number[]> {
    const { rows } = await this.query<{ at_ms: string }>(
      `SELECT at_ms FROM ${this.t.failures} WHERE key = $1 AND at_ms >= $2 ORDER BY at_ms DESC LIMIT $3`,
      [key, sinceMs, limit],
    );
    // bigint arrives as a string; epoch milliseconds fit a double exactly.
    return rows.map((r) => Number(r.at_ms));
  }

  async clearLoginFailures(key: string): Promise<void> {
    await this.query(`DELETE FROM ${this.t.failures} WHERE key = $1`, [key]);
  }

  async forgetLoginFailures(beforeMs: number): Promise<void> {
    await this.query(`DELETE FROM ${this.t.failures} WHERE at_ms < $1`, [beforeMs]);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }

  /** Every query goes through here: driver errors leave as ours, naming the server. */
  private async query<R extends pg.QueryResultRow>(text: string, params: unknown[] = []): Promise<pg.QueryResult<R>> {
    if (this.closed) throw new YuqingError('account.closed', 'the PostgreSQL account store is closed');
    try {
      return await this.pool.query<R>(text, params);
    } catch (err) {
      throw translatePgError(err, this.server);
    }
  }
}
