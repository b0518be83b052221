import { randomBytes } from 'node:crypto';
import type { Router } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type RoleCode } from '../../shared/domain/account.ts';
import { apiRouter } from '../../services/responder/api.ts';
import { SessionSigner } from '../../services/responder/auth/session-token.ts';
import { createTestUser, type ConsoleSession } from '../support/console-session.ts';
import { testLogger } from '../support/test-logger.ts';
import { startResponderFixture, type ResponderFixture } from './responder-fixture.ts';

type Access = 'public' | 'any' | readonly RoleCode[];

interface Cell {
  fixture: ResponderFixture;
  /** The session trying the route (undefined: anonymous) and its password. */
  session?: ConsoleSession & { password: string };
}

interface RouteCase {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** As registered in express, e.g. /items/:id. */
  route: string;
  access: Access;
  /** The concrete path tried; defaults to `route`. */
  path?: (cell: Cell) => Promise<string> | string;
  body?: (cell: Cell) => Promise<unknown> | unknown;
}

const unique = () => randomBytes(4).toString('hex');

/** A fresh account for routes that act on a user, so cells never disturb each other. */
async function victimId(cell: Cell): Promise<string> {
  const { user } = await createTestUser(cell.fixture.accounts, { role: 'monitor' });
  return user.id;
}

/**
 * Every API route, with the roles it admits. A route missing here fails the completeness
 * test below, so a new route cannot ship without its authorization being decided and tried.
 */
const ROUTES: RouteCase[] = [
  { method: 'GET', route: '/health', access: 'public' },
  {
    method: 'POST',
    route: '/auth/login',
    access: 'public',
    body: async ({ fixture }) => {
      const { user, password } = await createTestUser(fixture.accounts, { role: 'reviewer' });
      return { username: user.name, password };
    },
  },
  { method: 'GET', route: '/auth/me', access: 'any' },
  { method: 'POST', route: '/auth/logout', access: 'any' },
  { method: 'POST', route: '/auth/password', access: 'any', body: ({ session }) => ({ currentPassword: session?.password ?? 'x', newPassword: 'a-new-password-2026' }) },
  { method: 'GET', route: '/admin/users', access: ['admin'] },
  { method: 'POST', route: '/admin/users', access: ['admin'], body: () => ({ name: `new-${unique()}`, displayName: '新用户', role: 'monitor' }) },
  { method: 'PATCH', route: '/admin/users/:id', access: ['admin'], path: async (c) => `/admin/users/${await victimId(c)}`, body: () => ({ displayName: '改名' }) },
  { method: 'POST', route: '/admin/users/:id/password-reset', access: ['admin'], path: async (c) => `/admin/users/${await victimId(c)}/password-reset` },
  { method: 'GET', route: '/admin/departments', access: ['admin'] },
  { method: 'POST', route: '/admin/departments', access: ['admin'], body: () => ({ name: `测试局${unique()}` }) },
  { method: 'GET', route: '/items', access: 'any' },
  { method: 'GET', route: '/items/:id', access: 'any', path: () => '/items/item-1' },
  { method: 'GET', route: '/stats', access: 'any' },
  { method: 'GET', route: '/events', access: 'any' },
  { method: 'GET', route: '/events/:id', access: 'any', path: () => '/events/ev1' },
  { method: 'GET', route: '/alerts', access: 'any' },
  { method: 'GET', route: '/dead-letters', access: 'any' },
  { method: 'GET', route: '/sources', access: ['monitor', 'supervisor', 'admin'] },
  { method: 'GET', route: '/ledger/verify', access: 'any' },
];

type Who = 'anonymous' | RoleCode;
const WHO: Who[] = ['anonymous', ...ROLES];

function expected(access: Access, who: Who): 'ok' | 401 | 403 {
  if (access === 'public') return 'ok';
  if (who === 'anonymous') return 401;
  return access === 'any' || access.includes(who) ? 'ok' : 403;
}

// express keeps its routing table in `stack`; read through a narrow shape of our own.
interface LayerShape {
  rawPath?: unknown;
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: LayerShape[] };
}

function registeredRoutes(router: Router, prefix = ''): string[] {
  const stack = (router as unknown as { stack: LayerShape[] }).stack;
  return stack.flatMap((layer) => {
    if (layer.route) return Object.keys(layer.route.methods).map((m) => `${m.toUpperCase()} ${prefix}${layer.route!.path}`);
    if (layer.handle?.stack) {
      const mount = typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : '';
      return registeredRoutes(layer.handle as unknown as Router, prefix + mount);
    }
    return [];
  });
}

describe('authorization matrix: every API route tried by anonymous and each role', () => {
  let fixture: ResponderFixture;

  beforeAll(async () => {
    fixture = await startResponderFixture({ seed: true });
  });
  afterAll(async () => {
    await fixture?.stop();
  });

  it('every route the API registers is in the matrix, and nothing in the matrix is stale', () => {
    const router = apiRouter({
      index: fixture.index,
      ledger: fixture.ledger,
      accounts: fixture.accounts,
      auth: { accounts: fixture.accounts, signer: new SessionSigner('unused-for-listing-routes-0123456789'), now: Date.now },
      logger: testLogger,
      isReady: () => true,
    });
    expect(registeredRoutes(router).sort()).toEqual(ROUTES.map((r) => `${r.method} ${r.route}`).sort());
  });

  for (const rc of ROUTES) {
    for (const who of WHO) {
      const want = expected(rc.access, who);
      it(`${rc.method} ${rc.route} as ${who} → ${want === 'ok' ? '2xx' : want}`, async () => {
        const session = who === 'anonymous' ? undefined : await fixture.loginAs(who);
        const cell: Cell = { fixture, ...(session ? { session } : {}) };
        const path = rc.path ? await rc.path(cell) : rc.route;
        const body = rc.body ? await rc.body(cell) : rc.method === 'GET' ? undefined : {};
        const res = session
          ? await session.request(rc.method, path, body)
          : await fetch(`${fixture.url}/api${path}`, {
              method: rc.method,
              ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
            });
        const text = await res.text();
        if (want === 'ok') expect(res.status, text).toBeGreaterThanOrEqual(200);
        if (want === 'ok') expect(res.status, text).toBeLessThan(300);
        else expect(res.status, text).toBe(want);
      });
    }
  }
});
