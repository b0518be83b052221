import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RESPONSE_RULES_PATH, type LedgerConfig } from '../../shared/config.ts';
import type { AccountStore } from '../../shared/ports/account-store.ts';
import type { LedgerStore } from '../../shared/ports/ledger-store.ts';
import { openAccountStore, openLedgerStore } from '../../shared/wiring.ts';
import { createAdminService, type AdminService } from '../../services/responder/admin/admin-service.ts';
import { loadResponseRules, ResponseRulesInEffect } from '../../services/responder/cases/response-rules.ts';
import { testLogger } from '../support/test-logger.ts';

const RSJ = '县人力资源和社会保障局';

/** The admin service on the real SQLite accounts and ledger in a fresh directory. */
describe('the admin service, without HTTP', () => {
  let ledger: LedgerStore;
  let accounts: AccountStore;
  let rules: ResponseRulesInEffect;
  let admin: AdminService;
  const ended: string[] = [];
  const file = loadResponseRules(DEFAULT_RESPONSE_RULES_PATH);

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'yuqing-admin-service-'));
    const ledgerConfig: LedgerConfig = { kind: 'sqlite', path: join(dir, 'ledger.sqlite') };
    ledger = await openLedgerStore(ledgerConfig, testLogger);
    accounts = await openAccountStore(ledgerConfig, testLogger);
    rules = await ResponseRulesInEffect.start(file, ledger, testLogger);
    await accounts.createUser({ id: 'root-id', name: 'root', displayName: '管理员', role: 'admin', passwordHash: 'x', mustChangePassword: false, disabled: false });
    admin = createAdminService({ accounts, ledger, endLiveSessions: (id) => ended.push(id), ruleFiles: {}, responseRules: rules });
  });
  afterAll(async () => {
    rules?.stop();
    await accounts?.close();
    await ledger?.close();
  });

  const firstAdmin = async () => (await accounts.listUsers()).find((u) => u.name === 'root')!;

  it('creates a user with a one-time password, audited before it is applied; the name stays unique', async () => {
    const { user, oneTimePassword } = await admin.createUser(await firstAdmin(), { name: 'monitor1', displayName: '监测员', role: 'monitor' });
    expect(user).toMatchObject({ name: 'monitor1', mustChangePassword: true });
    expect(oneTimePassword.length).toBeGreaterThanOrEqual(12);
    expect((await ledger.entries({ subject: `user:${user.id}` })).map((e) => e.action)).toEqual(['user.created']);
    await expect(admin.createUser(await firstAdmin(), { name: 'monitor1', displayName: '另一人', role: 'monitor' })).rejects.toMatchObject({ code: 'account.name_taken', status: 409 });
  });

  it('a 承办单位 user needs a department that exists; adding one twice answers the first', async () => {
    const by = await firstAdmin();
    await expect(admin.createUser(by, { name: 'dept1', displayName: '承办', role: 'department' })).rejects.toMatchObject({ code: 'account.department_required', status: 400 });
    await expect(admin.createUser(by, { name: 'dept1', displayName: '承办', role: 'department', department: RSJ })).rejects.toMatchObject({ code: 'account.unknown_department' });
    const added = await admin.addDepartment(by, RSJ);
    expect(added.created).toBe(true);
    expect(await admin.addDepartment(by, RSJ)).toEqual({ department: added.department, created: false });
    expect((await admin.createUser(by, { name: 'dept1', displayName: '承办', role: 'department', department: RSJ })).user.department).toBe(RSJ);
  });

  it('the last active administrator can be neither disabled nor demoted; a change ends the user’s live sessions', async () => {
    const root = await firstAdmin();
    await expect(admin.updateUser(root, root.id, { disabled: true })).rejects.toMatchObject({ code: 'account.last_admin', status: 409 });
    await expect(admin.updateUser(root, root.id, { role: 'monitor' })).rejects.toMatchObject({ code: 'account.last_admin' });
    const updated = await admin.updateUser(root, root.id, { displayName: '系统管理员' });
    expect(updated.displayName).toBe('系统管理员');
    expect(ended).toContain(root.id);
  });

  it('saves response rules as the next revision, applied at once; a save over a newer revision is a conflict', async () => {
    const root = await firstAdmin();
    const tighter = { ...file, publicOpinion: { ...file.publicOpinion, 一般: [{ code: 'reply', label: '回应', hours: 24 }] } };
    const saved = await admin.saveResponseRules(root, { rules: tighter, reason: '县政府办公室通知', revision: 0 });
    expect(saved).toMatchObject({ revision: 1, saved: { reason: '县政府办公室通知', by: { id: root.id } } });
    expect(rules.current.publicOpinion['一般']![0]!.hours).toBe(24);
    await expect(admin.saveResponseRules(root, { rules: file, reason: '旧页面', revision: 0 })).rejects.toMatchObject({ code: 'rules.changed_meanwhile', status: 409 });
    expect((await admin.rules()).responseRulesInEffect.revision).toBe(1);
  });
});
