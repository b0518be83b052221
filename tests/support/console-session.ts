import { randomBytes } from 'node:crypto';
import type { LedgerConfig } from '../../shared/config.ts';
import type { PublicUser, RoleCode, User } from '../../shared/domain/account.ts';
import type { AccountStore } from '../../shared/ports/account-store.ts';
import { openAccountStore } from '../../shared/wiring.ts';
import { hashPassword } from '../../services/responder/auth/password-hash.ts';
import { testLogger } from './test-logger.ts';

/** Cheap scrypt for test accounts: the parameters travel with the hash, so the server verifies them as stored. */
const TEST_SCRYPT = { N: 1024, r: 8, p: 1 };

export interface TestUserSpec {
  role: RoleCode;
  department?: string;
  name?: string;
  password?: string;
  mustChangePassword?: boolean;
}

/** Creates a user straight in the store (no one-time password), returning it with its password. */
export async function createTestUser(accounts: AccountStore, spec: TestUserSpec): Promise<{ user: User; password: string }> {
  const name = spec.name ?? `${spec.role}-${randomBytes(3).toString('hex')}`;
  const password = spec.password ?? `pw-${randomBytes(8).toString('hex')}`;
  if (spec.department) await accounts.addDepartment(spec.department);
  const user = await accounts.createUser({
    id: `u-${name}`,
    name,
    displayName: `测试${name}`,
    role: spec.role,
    ...(spec.department ? { department: spec.department } : {}),
    passwordHash: await hashPassword(password, TEST_SCRYPT),
    mustChangePassword: spec.mustChangePassword ?? false,
    disabled: false,
  });
  return { user, password };
}

/** A logged-in console: its cookie and CSRF token, and fetch helpers that send them. */
export interface ConsoleSession {
  baseUrl: string;
  cookie: string;
  csrfToken: string;
  user: PublicUser;
  /** fetch with the session cookie and (for non-GET) the CSRF token and a JSON body. */
  request(method: string, path: string, body?: unknown): Promise<Response>;
  /** GET /api{path}, expecting 200, parsed. */
  api<T>(path: string): Promise<T>;
}

/** Logs in through POST /api/auth/login as a browser would, keeping the Set-Cookie. */
export async function login(baseUrl: string, username: string, password: string): Promise<ConsoleSession> {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`login as ${username}: ${res.status} ${await res.text()}`);
  const cookie = sessionCookie(res);
  const { user, csrfToken } = (await res.json()) as { user: PublicUser; csrfToken: string };
  return sessionOf(baseUrl, cookie, csrfToken, user);
}

export function sessionOf(baseUrl: string, cookie: string, csrfToken: string, user: PublicUser): ConsoleSession {
  const request = (method: string, path: string, body?: unknown) =>
    fetch(`${baseUrl}/api${path}`, {
      method,
      headers: {
        cookie,
        ...(method === 'GET' ? {} : { 'x-csrf-token': csrfToken }),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  return {
    baseUrl,
    cookie,
    csrfToken,
    user,
    request,
    api: async <T>(path: string): Promise<T> => {
      const res = await request('GET', path);
      if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    },
  };
}

/** The `name=value` of the session cookie a response set, ready for a Cookie header. */
export function sessionCookie(res: Response): string {
  const set = res.headers.getSetCookie().find((c) => c.startsWith('yuqing_session='));
  if (!set) throw new Error('no session cookie in the response');
  return set.split(';')[0]!;
}

/**
 * Creates a user in the accounts of an installation (its ledger config: the data dir's SQLite
 * file or the PostgreSQL schema) and logs in to its console.
 */
export async function loginAsNewUser(ledger: LedgerConfig, baseUrl: string, spec: TestUserSpec): Promise<ConsoleSession> {
  const accounts = await openAccountStore(ledger, testLogger);
  try {
    const { user, password } = await createTestUser(accounts, spec);
    return await login(baseUrl, user.name, password);
  } finally {
    await accounts.close();
  }
}
