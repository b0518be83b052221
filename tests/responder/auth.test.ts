import { io as connect } from 'socket.io-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestUser, login, sessionCookie, sessionOf } from '../support/console-session.ts';
import { startResponderFixture, type ResponderFixture } from './responder-fixture.ts';

const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

describe('console login, sessions and CSRF', () => {
  let f: ResponderFixture;

  beforeEach(async () => {
    f = await startResponderFixture();
  });
  afterEach(async () => {
    await f?.stop();
  });

  const loginRes = (username: string, password: string) => post(`${f.url}/api/auth/login`, { username, password });
  const oneTimePassword = () => /一次性密码 \/ one-time password: (\S+)/.exec(f.announced.join(''))?.[1];

  it('the first start creates admin with a printed one-time password that must be changed before anything else', async () => {
    const password = oneTimePassword();
    expect(password).toMatch(/^[A-Za-z0-9]{16}$/);
    const admin = await login(f.url, 'admin', password!);
    expect(admin.user).toMatchObject({ name: 'admin', role: 'admin', roleLabel: '管理员', mustChangePassword: true });
    expect((await admin.request('GET', '/items')).status).toBe(403);
    expect(await (await admin.request('GET', '/admin/users')).json()).toMatchObject({ error: { code: 'auth.password_change_required' } });
    const changed = await admin.request('POST', '/auth/password', { currentPassword: password, newPassword: 'county-admin-2026!' });
    expect(changed.status).toBe(200);
    const { csrfToken, user } = (await changed.json()) as { csrfToken: string; user: { mustChangePassword: boolean } };
    expect(user.mustChangePassword).toBe(false);
    // The browser continues on the new cookie; the old one (older sessionVersion) is dead.
    const renewed = sessionOf(f.url, sessionCookie(changed), csrfToken, admin.user);
    expect((await renewed.request('GET', '/admin/users')).status).toBe(200);
    expect((await admin.request('GET', '/auth/me')).status).toBe(401);
    expect((await loginRes('admin', password!)).status).toBe(401);
    expect((await loginRes('admin', 'county-admin-2026!')).status).toBe(200);
    const actions = (await f.ledger.entries()).map((e) => `${e.actor.role} ${e.action}`);
    expect(actions).toEqual(['system user.created', 'admin session.login', 'admin user.password_changed', 'anonymous session.login_failed', 'admin session.login']);
  });

  it('a restart with users in place creates no administrator and prints no password', async () => {
    const before = f.announced.length;
    const other = await f.startAnother();
    expect(other.url).not.toBe(f.url);
    expect(f.announced.length).toBe(before);
    expect((await f.accounts.listUsers()).map((u) => u.name)).toEqual(['admin']);
  });

  it('a wrong password and an unknown name get the same 401, and both are audited as anonymous without the password', async () => {
    const { user } = await f.loginAs('monitor', { name: 'zhang', password: 'right-password-1' });
    const wrong = await loginRes('zhang', 'guess-password-1');
    const unknown = await loginRes('nobody', 'guess-password-2');
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    expect(await wrong.json()).toEqual(await unknown.json());
    const failed = (await f.ledger.entries()).filter((e) => e.action === 'session.login_failed');
    expect(failed.map((e) => [e.actor, e.payload.reason])).toEqual([
      [{ id: 'zhang', role: 'anonymous' }, 'bad_password'],
      [{ id: 'nobody', role: 'anonymous' }, 'unknown_user'],
    ]);
    expect(user.mustChangePassword).toBe(false);
    const chain = JSON.stringify(await f.ledger.entries());
    expect(chain).not.toContain('guess-password');
    expect(chain).not.toContain('scrypt$');
  });

  it('five failures for one name within 15 minutes lock it with 429 and Retry-After, even for the right password, until the window passes', async () => {
    await f.loginAs('reviewer', { name: 'li', password: 'right-password-1' });
    for (let i = 0; i < 5; i++) expect((await loginRes('li', `wrong-${i}`)).status).toBe(401);
    f.clock.now += 60_000;
    const locked = await loginRes('li', 'right-password-1');
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBe(14 * 60);
    f.clock.now += 14 * 60_000;
    expect((await loginRes('li', 'right-password-1')).status).toBe(200);
  });

  it('twenty failures from one address lock that address for every name', async () => {
    await f.loginAs('reviewer', { name: 'wu', password: 'right-password-1' });
    for (let i = 0; i < 20; i++) expect((await loginRes(`guess${i % 4}`, 'x')).status).toBe(401);
    expect((await loginRes('wu', 'right-password-1')).status).toBe(429);
  });

  it('a state-changing request needs the CSRF token of its own session', async () => {
    const admin = await f.loginAs('admin');
    const other = await f.loginAs('admin');
    const body = JSON.stringify({ name: '县公安局' });
    const send = (token?: string) =>
      fetch(`${f.url}/api/admin/departments`, { method: 'POST', headers: { cookie: admin.cookie, 'content-type': 'application/json', ...(token ? { 'x-csrf-token': token } : {}) }, body });
    expect(await (await send()).json()).toMatchObject({ error: { code: 'auth.csrf' } });
    expect((await send(other.csrfToken)).status).toBe(403);
    expect((await send(admin.csrfToken)).status).toBe(201);
    expect((await admin.api<{ csrfToken: string }>('/auth/me')).csrfToken).toBe(admin.csrfToken);
  });

  it('the session cookie is httpOnly and SameSite=Strict, and helmet sets the security headers without forcing HTTPS', async () => {
    const { user, password } = await createTestUser(f.accounts, { role: 'monitor' });
    const res = await loginRes(user.name, password);
    const cookie = res.headers.getSetCookie()[0]!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.headers.get('content-security-policy')).not.toContain('upgrade-insecure-requests');
    expect((await fetch(`${f.url}/api/health`)).status).toBe(200);
  });

  it('a session is accepted by another responder process, and logout there ends it everywhere', async () => {
    const s = await f.loginAs('supervisor');
    const other = await f.startAnother();
    const onOther = sessionOf(other.url, s.cookie, s.csrfToken, s.user);
    expect((await onOther.request('GET', '/alerts')).status).toBe(200);
    expect((await onOther.request('POST', '/auth/logout')).status).toBe(204);
    expect((await s.request('GET', '/alerts')).status).toBe(401);
    expect((await f.ledger.entries()).at(-1)).toMatchObject({ action: 'session.logout', actor: { id: s.user.id, role: 'supervisor' } });
  });

  it('an expired, tampered or foreign cookie is refused', async () => {
    const s = await f.loginAs('monitor');
    const [name, value] = s.cookie.split('=') as [string, string];
    const [body, mac] = value.split('.') as [string, string];
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(body, 'base64url').toString()), u: 'u-admin' })).toString('base64url');
    expect((await sessionOf(f.url, `${name}=${forged}.${mac}`, s.csrfToken, s.user).request('GET', '/items')).status).toBe(401);
    expect((await s.request('GET', '/items')).status).toBe(200);
    f.clock.now += 12 * 60 * 60 * 1000;
    expect((await s.request('GET', '/items')).status).toBe(401);
  });

  it('disabling a user ends its session at once and refuses its logins; the last administrator cannot be disabled', async () => {
    const admin = await f.loginAs('admin');
    const dept = await f.loginAs('department', { department: '县住房和城乡建设局' });
    expect(dept.user.department).toBe('县住房和城乡建设局');
    expect((await admin.request('PATCH', `/admin/users/${dept.user.id}`, { disabled: true })).status).toBe(200);
    expect((await dept.request('GET', '/items')).status).toBe(401);
    expect((await loginRes(dept.user.name, dept.password)).status).toBe(401);
    // Two admins exist (the first-start admin too); disable that one, then the last one refuses.
    const firstAdmin = (await f.accounts.findUserByName('admin'))!;
    expect((await admin.request('PATCH', `/admin/users/${firstAdmin.id}`, { disabled: true })).status).toBe(200);
    const last = await admin.request('PATCH', `/admin/users/${admin.user.id}`, { role: 'monitor' });
    expect(last.status).toBe(409);
    expect(await last.json()).toMatchObject({ error: { code: 'account.last_admin' } });
  });

  it('an administrator creates a department user with a one-time password, resets it, and every step is audited without secrets', async () => {
    const admin = await f.loginAs('admin');
    const refused = await admin.request('POST', '/admin/users', { name: 'rsj-wang', displayName: '王科长', role: 'department', department: '县人力资源和社会保障局' });
    expect(await refused.json()).toMatchObject({ error: { code: 'account.unknown_department' } });
    expect((await admin.request('POST', '/admin/departments', { name: '县人力资源和社会保障局' })).status).toBe(201);
    const created = await admin.request('POST', '/admin/users', { name: 'rsj-wang', displayName: '王科长', role: 'department', department: '县人力资源和社会保障局' });
    expect(created.status).toBe(201);
    const { user, oneTimePassword: first } = (await created.json()) as { user: { id: string; mustChangePassword: boolean }; oneTimePassword: string };
    expect(user.mustChangePassword).toBe(true);
    expect(user).not.toHaveProperty('passwordHash');
    const wang = await login(f.url, 'rsj-wang', first);
    expect((await admin.request('POST', '/admin/users', { name: 'rsj-wang', displayName: '重名', role: 'monitor' })).status).toBe(409);
    const reset = await admin.request('POST', `/admin/users/${user.id}/password-reset`);
    const { oneTimePassword: second } = (await reset.json()) as { oneTimePassword: string };
    expect((await wang.request('GET', '/auth/me')).status).toBe(401);
    expect((await loginRes('rsj-wang', first)).status).toBe(401);
    expect((await loginRes('rsj-wang', second)).status).toBe(200);
    const entries = await f.ledger.entries();
    expect(entries.filter((e) => e.subject === `user:${user.id}`).map((e) => e.action)).toEqual([
      'user.created',
      'session.login',
      'user.password_reset',
      'session.login_failed',
      'session.login',
    ]);
    expect(entries.find((e) => e.action === 'user.created' && e.subject === `user:${user.id}`)).toMatchObject({
      actor: { id: admin.user.id, role: 'admin' },
      payload: { name: 'rsj-wang', role: 'department', department: '县人力资源和社会保障局' },
    });
    const chain = JSON.stringify(entries);
    for (const secret of [first, second, 'scrypt$']) expect(chain).not.toContain(secret);
  });

  it('socket.io refuses a connection without a session and accepts one with the session cookie', async () => {
    const s = await f.loginAs('monitor');
    const attempt = (headers: Record<string, string>) =>
      new Promise<string>((resolve) => {
        const socket = connect(f.url, { transports: ['websocket'], extraHeaders: headers, reconnection: false });
        socket.on('connect', () => {
          socket.close();
          resolve('connected');
        });
        socket.on('connect_error', (err) => {
          socket.close();
          resolve(err.message);
        });
      });
    expect(await attempt({})).toBe('unauthorized');
    expect(await attempt({ cookie: s.cookie })).toBe('connected');
  });

  it('a malformed JSON body is a 400, not a server error', async () => {
    const res = await fetch(`${f.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"username":' });
    expect(res.status).toBe(400);
    const form = await fetch(`${f.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'username=a&password=b' });
    expect(form.status).toBe(400);
  });
});
