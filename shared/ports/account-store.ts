import type { Department, NewUser, User, UserPatch } from '../domain/account.ts';

/**
 * Console users, departments and failed-login bookkeeping. Kept beside the ledger (same
 * SQLite file or PostgreSQL schema) so every responder process sees the same accounts and
 * the same login throttle.
 */
export interface AccountStore {
  countUsers(): Promise<number>;
  /** Throws ConflictError (409, `account.name_taken`) when the name is already used. */
  createUser(user: NewUser): Promise<User>;
  getUser(id: string): Promise<User | undefined>;
  findUserByName(name: string): Promise<User | undefined>;
  /** Ordered by name. */
  listUsers(): Promise<User[]>;
  /** Applies the patch in one write; throws NotFoundError for an unknown id. */
  updateUser(id: string, patch: UserPatch): Promise<User>;

  /** Ordered by name. */
  listDepartments(): Promise<Department[]>;
  /** Idempotent: adding an existing name returns it unchanged. */
  addDepartment(name: string): Promise<Department>;

  /** Records one failed login (epoch ms) against each key (e.g. `user:admin`, `ip:10.0.0.7`). */
  recordLoginFailure(keys: string[], atMs: number): Promise<void>;
  /** Epoch ms of the newest `limit` failures of a key at or after `sinceMs`, newest first. */
  recentLoginFailures(key: string, sinceMs: number, limit: number): Promise<number[]>;
  clearLoginFailures(key: string): Promise<void>;
  /** Drops failures older than `beforeMs`; bookkeeping, so the table stays small. */
  forgetLoginFailures(beforeMs: number): Promise<void>;

  close(): Promise<void>;
}
