import { toChinaIso } from '../../shared/domain/time.ts';
import { loadResponseRules, ResponseRulesInEffect } from '../../services/responder/cases/response-rules.ts';
import { DEFAULT_RESPONSE_RULES_PATH } from '../../shared/config.ts';
import { randomBytes } from 'node:crypto';
import type { Router } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type RoleCode } from '../../shared/domain/account.ts';
import type { Actor } from '../../shared/domain/ledger.ts';
import { responseTextHash } from '../../shared/domain/ledger-projections.ts';
import { apiRouter } from '../../services/responder/api.ts';
import { EvidenceFiles } from '../../services/responder/commitments/evidence-files.ts';
import { SessionSigner } from '../../services/responder/auth/session-token.ts';
import { createTestUser, type ConsoleSession } from '../support/console-session.ts';
import { analyzedItem } from '../support/records.ts';
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

/** The department loginAs('department') belongs to: the cases below are its own. */
const RSJ = '县人力资源和社会保障局';
const SETUP: Actor = { id: 'u-setup', role: 'monitor' };
const REPLY = '我局将在3个工作日内完成整改。';

/** A fresh case led by RSJ, taken as far as `stage`, written straight to the ledger. */
async function caseFor({ fixture }: Cell, stage: 'open' | 'closed' | 'drafted' | 'approved' = 'open'): Promise<string> {
  await fixture.accounts.addDepartment(RSJ);
  const id = `auth-${unique()}`;
  // On the responder's clock, as the routes write: a publication may not predate its approval.
  const add = (action: string, payload: Record<string, unknown>) => fixture.ledger.append({ at: toChinaIso(fixture.clock.now), actor: SETUP, action, subject: `case:${id}`, payload });
  await add('case.opened', { id, title: '授权测试', lead: RSJ, level: '一般' });
  if (stage === 'closed') await add('case.closed', { reason: '测试' });
  if (stage === 'drafted' || stage === 'approved') await add('draft.saved', { version: 1, text: REPLY, hash: responseTextHash(REPLY) });
  if (stage === 'approved') await add('draft.approved', { version: 1, hash: responseTextHash(REPLY) });
  return id;
}

/** A commitment of RSJ on a fresh case; fulfilled (with an evidence file) when asked. */
async function commitmentFor(cell: Cell, fulfilled = false): Promise<{ id: string; sha256?: string }> {
  const caseId = await caseFor(cell);
  const id = `${caseId}-m1`;
  const add = (action: string, payload: Record<string, unknown>) => cell.fixture.ledger.append({ actor: SETUP, action, subject: `commitment:${id}`, payload });
  await add('commitment.added', { id, caseId, text: '3个工作日内完成整改', owner: RSJ });
  if (!fulfilled) return { id };
  const file = await new EvidenceFiles(cell.fixture.evidence).save('整改.txt', Buffer.from(`已整改 ${id}`).toString('base64'));
  await add('commitment.fulfilled', { text: '已整改', file });
  return { id, sha256: file.sha256 };
}

/** An indexed policy document with one task, so each cell imports its own. */
async function policyItem({ fixture }: Cell): Promise<string> {
  const id = `policy-${unique()}`;
  const task = { ref: '一、1', text: '更新权责清单', detail: '更新权责清单', lead: [RSJ], coResponsible: [], deadline: { text: '年底前' } };
  await fixture.index.upsertItems([analyzedItem(id, { source: { kind: 'page', name: '县政府网' }, policy: { issuer: '县人民政府办公室', date: '2026-11-01', tasks: [task] } })]);
  await fixture.index.refresh();
  return id;
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
  { method: 'GET', route: '/admin/rules', access: ['admin'] },
  {
    method: 'PUT',
    route: '/admin/rules/response',
    access: ['admin'],
    body: () => ({ rules: loadResponseRules(DEFAULT_RESPONSE_RULES_PATH), reason: '核对时限', revision: 0 }),
  },
  { method: 'GET', route: '/admin/departments', access: ['admin'] },
  { method: 'POST', route: '/admin/departments', access: ['admin'], body: () => ({ name: `测试局${unique()}` }) },
  { method: 'GET', route: '/items', access: 'any' },
  { method: 'GET', route: '/items/:id', access: 'any', path: () => '/items/item-1' },
  { method: 'GET', route: '/stats', access: 'any' },
  { method: 'GET', route: '/events', access: 'any' },
  { method: 'GET', route: '/events/:id', access: 'any', path: () => '/events/ev1' },
  { method: 'GET', route: '/alerts', access: 'any' },
  { method: 'GET', route: '/departments', access: 'any' },
  { method: 'GET', route: '/dead-letters', access: ['monitor', 'supervisor', 'admin'] },
  { method: 'GET', route: '/sources', access: ['monitor', 'supervisor', 'admin'] },
  { method: 'GET', route: '/ledger/verify', access: ['supervisor', 'admin'] },
  { method: 'GET', route: '/supervision/departments', access: ['monitor', 'supervisor', 'admin', 'department'] },
  { method: 'GET', route: '/supervision/review', access: ['monitor', 'supervisor', 'admin', 'department'] },
  { method: 'GET', route: '/supervision/overdue', access: ['monitor', 'supervisor', 'admin', 'department'] },
  { method: 'GET', route: '/digest/latest', access: ['monitor', 'supervisor', 'admin'] },
  { method: 'GET', route: '/audit', access: ['supervisor', 'admin'] },
  { method: 'GET', route: '/audit/actors', access: ['supervisor', 'admin'] },
  { method: 'GET', route: '/exports/cases.xlsx', access: 'any' },
  { method: 'GET', route: '/exports/cases.csv', access: 'any' },
  { method: 'GET', route: '/exports/commitments.xlsx', access: 'any' },
  { method: 'GET', route: '/exports/commitments.csv', access: 'any' },
  { method: 'GET', route: '/exports/audit.xlsx', access: ['supervisor', 'admin'] },
  { method: 'GET', route: '/exports/audit.csv', access: ['supervisor', 'admin'] },
  { method: 'GET', route: '/cases', access: 'any' },
  {
    method: 'POST',
    route: '/cases',
    access: ['monitor'],
    body: async ({ fixture }) => {
      await fixture.accounts.addDepartment(RSJ);
      return { title: '某工地拖欠农民工工资', lead: RSJ, level: '较大' };
    },
  },
  { method: 'POST', route: '/cases/from-policy', access: ['monitor'], body: async (c) => ({ itemId: await policyItem(c) }) },
  { method: 'GET', route: '/cases/:id', access: 'any', path: async (c) => `/cases/${await caseFor(c)}` },
  { method: 'PATCH', route: '/cases/:id', access: ['monitor'], path: async (c) => `/cases/${await caseFor(c)}`, body: () => ({ level: '重大' }) },
  { method: 'POST', route: '/cases/:id/close', access: ['monitor'], path: async (c) => `/cases/${await caseFor(c)}/close`, body: () => ({ reason: '已办结' }) },
  { method: 'POST', route: '/cases/:id/reopen', access: ['monitor'], path: async (c) => `/cases/${await caseFor(c, 'closed')}/reopen`, body: () => ({ reason: '再次反映' }) },
  { method: 'POST', route: '/cases/:id/drafts', access: ['monitor', 'department'], path: async (c) => `/cases/${await caseFor(c)}/drafts`, body: () => ({ text: REPLY }) },
  {
    method: 'POST',
    route: '/cases/:id/drafts/:version/comments',
    access: ['monitor', 'reviewer', 'department'],
    path: async (c) => `/cases/${await caseFor(c, 'drafted')}/drafts/1/comments`,
    body: () => ({ text: '请写明整改内容' }),
  },
  { method: 'POST', route: '/cases/:id/drafts/:version/approve', access: ['reviewer'], path: async (c) => `/cases/${await caseFor(c, 'drafted')}/drafts/1/approve` },
  {
    method: 'POST',
    route: '/cases/:id/publications',
    access: ['monitor', 'department'],
    path: async (c) => `/cases/${await caseFor(c, 'approved')}/publications`,
    body: () => ({ channel: '政府网站', text: REPLY }),
  },
  {
    method: 'POST',
    route: '/cases/:id/commitments',
    access: ['monitor', 'reviewer'],
    path: async (c) => `/cases/${await caseFor(c)}/commitments`,
    body: () => ({ text: '月底前完成清理', owner: RSJ }),
  },
  { method: 'GET', route: '/commitments', access: 'any' },
  { method: 'POST', route: '/commitments/:id/fulfil', access: ['monitor', 'department'], path: async (c) => `/commitments/${(await commitmentFor(c)).id}/fulfil`, body: () => ({ text: '已整改' }) },
  {
    method: 'GET',
    route: '/commitments/:id/files/:sha256',
    access: 'any',
    path: async (c) => {
      const m = await commitmentFor(c, true);
      return `/commitments/${m.id}/files/${m.sha256}`;
    },
  },
  { method: 'POST', route: '/commitments/:id/verify', access: ['supervisor'], path: async (c) => `/commitments/${(await commitmentFor(c, true)).id}/verify` },
  { method: 'POST', route: '/commitments/:id/broken', access: ['supervisor'], path: async (c) => `/commitments/${(await commitmentFor(c)).id}/broken`, body: () => ({ reason: '逾期未整改' }) },
  { method: 'POST', route: '/commitments/:id/cancel', access: ['monitor', 'supervisor'], path: async (c) => `/commitments/${(await commitmentFor(c)).id}/cancel`, body: () => ({ reason: '重复登记' }) },
  { method: 'POST', route: '/alerts/:id/acknowledge', access: ['monitor'], path: () => '/alerts/al-1/acknowledge' },
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

  it('every route the API registers is in the matrix, and nothing in the matrix is stale', async () => {
    const router = apiRouter({
      index: fixture.index,
      rules: await ResponseRulesInEffect.start(loadResponseRules(DEFAULT_RESPONSE_RULES_PATH), fixture.ledger, testLogger),
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
