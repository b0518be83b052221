import { randomUUID } from 'node:crypto';
import express from 'express';
import { z } from 'zod';
import { DepartmentName, publicUser, RoleCode, UserName, type User, type UserPatch } from '../../../shared/domain/account.ts';
import { ConflictError, InvalidInputError, NotFoundError } from '../../../shared/errors.ts';
import type { AccountStore } from '../../../shared/ports/account-store.ts';
import type { LedgerStore } from '../../../shared/ports/ledger-store.ts';
import { hashPassword, oneTimePassword } from '../auth/password-hash.ts';
import { RESPONSE_RULES_SUBJECT, ResponseRules, RULES_SAVED, type ResponseRulesInEffect } from '../cases/response-rules.ts';
import { readRuleFiles, type RuleFiles } from './rule-files.ts';
import { parseBody } from '../request-input.ts';
import { actorOf, requireRole, userOf } from '../auth/session.ts';

const DisplayName = z.string().trim().min(1).max(50);
const CreateUser = z.object({ name: UserName, displayName: DisplayName, role: RoleCode, department: DepartmentName.optional() });
const UpdateUser = z
  .object({ displayName: DisplayName, role: RoleCode, department: DepartmentName.nullable(), disabled: z.boolean() })
  .partial()
  .strict()
  .refine((p) => Object.keys(p).length > 0, 'nothing to change');
const CreateDepartment = z.object({ name: DepartmentName });
/** `revision` is the one being replaced (0: the file's rules), so a save over another's is refused. */
const SaveResponseRules = z.object({ rules: ResponseRules, reason: z.string().trim().min(1).max(500), revision: z.number().int().nonnegative() });

/** Users, departments and the response rules, for 管理员 only. Each change is appended to the audit chain before it is applied. */
export function adminRouter(deps: {
  accounts: AccountStore;
  ledger: LedgerStore;
  endLiveSessions: (userId: string) => void;
  ruleFiles: RuleFiles;
  responseRules: ResponseRulesInEffect;
}): express.Router {
  const { accounts, ledger } = deps;
  const r = express.Router();
  r.use(requireRole('admin'));

  async function checkDepartment(role: User['role'], department: string | undefined): Promise<void> {
    // A 承办单位 account without a department would see nothing; one with a misspelt name, the wrong cases.
    if (role === 'department' && !department) throw new InvalidInputError('account.department_required', '承办单位用户必须指定所属单位 / a department user needs a department');
    if (department && !(await accounts.listDepartments()).some((d) => d.name === department)) {
      throw new InvalidInputError('account.unknown_department', `单位"${department}"不存在，请先添加 / unknown department`);
    }
  }

  async function getUser(id: string): Promise<User> {
    const user = await accounts.getUser(id);
    if (!user) throw new NotFoundError(`user ${id}`);
    return user;
  }

  r.get('/users', async (_req, res) => {
    res.json({ users: (await accounts.listUsers()).map(publicUser) });
  });

  r.post('/users', async (req, res) => {
    const body = parseBody(CreateUser, req);
    await checkDepartment(body.role, body.department);
    if (await accounts.findUserByName(body.name)) throw new ConflictError('account.name_taken', `user name ${JSON.stringify(body.name)} is already taken`);
    const id = randomUUID();
    const password = oneTimePassword();
    const passwordHash = await hashPassword(password);
    await ledger.append({ actor: actorOf(userOf(req)), action: 'user.created', subject: `user:${id}`, payload: { ...body } });
    const user = await accounts.createUser({ id, ...body, passwordHash, mustChangePassword: true, disabled: false });
    res.status(201).json({ user: publicUser(user), oneTimePassword: password });
  });

  r.patch('/users/:id', async (req, res) => {
    const changes = parseBody(UpdateUser, req);
    const target = await getUser(req.params.id);
    const role = changes.role ?? target.role;
    const department = changes.department === undefined ? target.department : (changes.department ?? undefined);
    await checkDepartment(role, department);
    const staysAdmin = role === 'admin' && !(changes.disabled ?? target.disabled);
    if (target.role === 'admin' && !target.disabled && !staysAdmin) {
      const admins = (await accounts.listUsers()).filter((u) => u.role === 'admin' && !u.disabled);
      if (admins.length <= 1) throw new ConflictError('account.last_admin', '至少保留一名可用的管理员 / the last active administrator cannot be removed');
    }
    await ledger.append({ actor: actorOf(userOf(req)), action: 'user.updated', subject: `user:${target.id}`, payload: { changes } });
    const patch: UserPatch = { ...changes };
    const updated = await accounts.updateUser(target.id, patch);
    // A changed role, department or access changes which rooms the user's sockets may be in.
    deps.endLiveSessions(target.id);
    res.json({ user: publicUser(updated) });
  });

  r.post('/users/:id/password-reset', async (req, res) => {
    const target = await getUser(req.params.id);
    const password = oneTimePassword();
    const passwordHash = await hashPassword(password);
    await ledger.append({ actor: actorOf(userOf(req)), action: 'user.password_reset', subject: `user:${target.id}`, payload: {} });
    // Every open session of the user ends; the next login must choose a new password.
    const user = await accounts.updateUser(target.id, { passwordHash, mustChangePassword: true, bumpSessionVersion: true });
    deps.endLiveSessions(target.id);
    res.json({ user: publicUser(user), oneTimePassword: password });
  });

  // What the installation runs on: the files, and the response rules in effect (edited here).
  r.get('/rules', async (_req, res) => {
    res.json({ ...(await readRuleFiles(deps.ruleFiles)), responseRulesInEffect: rulesInEffectView(deps.responseRules) });
  });

  // Deadlines and commitment warnings, saved as a new revision in the ledger: audited, and every
  // responder applies it within seconds (ResponseRulesInEffect). Cases keep the deadlines they got when opened.
  r.put('/rules/response', async (req, res) => {
    const { rules, reason, revision } = parseBody(SaveResponseRules, req);
    try {
      await ledger.append({ actor: actorOf(userOf(req)), action: RULES_SAVED, subject: RESPONSE_RULES_SUBJECT, payload: { rules, reason, revision: revision + 1 } });
    } catch (err) {
      if (err instanceof InvalidInputError && err.code === 'rules.changed_meanwhile') {
        throw new ConflictError(err.code, `规则已被他人修改，请刷新后再改 / ${err.message}`);
      }
      throw err;
    }
    await deps.responseRules.reload();
    res.json({ responseRulesInEffect: rulesInEffectView(deps.responseRules) });
  });

  r.get('/departments', async (_req, res) => {
    res.json({ departments: await accounts.listDepartments() });
  });

  r.post('/departments', async (req, res) => {
    const { name } = parseBody(CreateDepartment, req);
    const existing = (await accounts.listDepartments()).find((d) => d.name === name);
    if (existing) {
      res.json({ department: existing });
      return;
    }
    await ledger.append({ actor: actorOf(userOf(req)), action: 'department.created', subject: `department:${name}`, payload: { name } });
    res.status(201).json({ department: await accounts.addDepartment(name) });
  });

  return r;
}

/** The response rules a responder applies now, with the revision they are (0: the file's) and who saved it. */
function rulesInEffectView(inEffect: ResponseRulesInEffect) {
  return { rules: inEffect.current, revision: inEffect.saved?.revision ?? 0, ...(inEffect.saved ? { saved: inEffect.saved } : {}) };
}
