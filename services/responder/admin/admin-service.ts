import { randomUUID } from 'node:crypto';
import { publicUser, type Department, type PublicUser, type User, type UserPatch } from '../../../shared/domain/account.ts';
import { ConflictError, InvalidInputError, NotFoundError } from '../../../shared/errors.ts';
import type { AccountStore } from '../../../shared/ports/account-store.ts';
import type { LedgerStore } from '../../../shared/ports/ledger-store.ts';
import { hashPassword, oneTimePassword } from '../auth/password-hash.ts';
import { actorOf } from '../auth/session.ts';
import { RESPONSE_RULES_SUBJECT, RULES_SAVED, type ResponseRulesInEffect } from '../cases/response-rules.ts';
import type { OneTimePasswordReply, RulesInEffectView, RulesReply } from './admin-replies.ts';
import type { CreateUser, SaveResponseRules, UpdateUser } from './admin-requests.ts';
import { readRuleFiles, type RuleFiles } from './rule-files.ts';

export interface AdminServiceDeps {
  accounts: Pick<AccountStore, 'listUsers' | 'getUser' | 'findUserByName' | 'createUser' | 'updateUser' | 'listDepartments' | 'addDepartment'>;
  ledger: Pick<LedgerStore, 'append'>;
  /** Closes a user's live sockets when its session or access changes. */
  endLiveSessions: (userId: string) => void;
  ruleFiles: RuleFiles;
  responseRules: Pick<ResponseRulesInEffect, 'current' | 'saved' | 'reload'>;
}

/**
 * Users, departments and the response rules, as 管理员 changes them. Each change is appended to
 * the audit chain before it is applied, as `admin`.
 */
export interface AdminService {
  listUsers(): Promise<PublicUser[]>;
  /** Creates a user with a one-time password it must change at first login. */
  createUser(admin: User, input: CreateUser): Promise<OneTimePasswordReply>;
  /** Changes a user; its live sockets close. The last active administrator cannot be removed. */
  updateUser(admin: User, userId: string, changes: UpdateUser): Promise<PublicUser>;
  /** A new one-time password; every open session of the user ends. */
  resetPassword(admin: User, userId: string): Promise<OneTimePasswordReply>;
  /** The configuration files as on disk and the response rules in effect. */
  rules(): Promise<RulesReply>;
  /** Saves the rules as the next revision; a save over someone else's is 409 rules.changed_meanwhile. */
  saveResponseRules(admin: User, save: SaveResponseRules): Promise<RulesInEffectView>;
  listDepartments(): Promise<Department[]>;
  /** Adds a department; adding one that exists answers it unchanged (`created: false`). */
  addDepartment(admin: User, name: string): Promise<{ department: Department; created: boolean }>;
}

export function createAdminService(deps: AdminServiceDeps): AdminService {
  const { accounts, ledger } = deps;

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

  /** The response rules a responder applies now, with the revision they are (0: the file's) and who saved it. */
  function rulesInEffect(): RulesInEffectView {
    const inEffect = deps.responseRules;
    return { rules: inEffect.current, revision: inEffect.saved?.revision ?? 0, ...(inEffect.saved ? { saved: inEffect.saved } : {}) };
  }

  return {
    async listUsers() {
      return (await accounts.listUsers()).map(publicUser);
    },

    async createUser(admin, body) {
      await checkDepartment(body.role, body.department);
      if (await accounts.findUserByName(body.name)) throw new ConflictError('account.name_taken', `user name ${JSON.stringify(body.name)} is already taken`);
      const id = randomUUID();
      const password = oneTimePassword();
      const passwordHash = await hashPassword(password);
      await ledger.append({ actor: actorOf(admin), action: 'user.created', subject: `user:${id}`, payload: { ...body } });
      const user = await accounts.createUser({ id, ...body, passwordHash, mustChangePassword: true, disabled: false });
      return { user: publicUser(user), oneTimePassword: password };
    },

    async updateUser(admin, userId, changes) {
      const target = await getUser(userId);
      const role = changes.role ?? target.role;
      const department = changes.department === undefined ? target.department : (changes.department ?? undefined);
      await checkDepartment(role, department);
      const staysAdmin = role === 'admin' && !(changes.disabled ?? target.disabled);
      if (target.role === 'admin' && !target.disabled && !staysAdmin) {
        const admins = (await accounts.listUsers()).filter((u) => u.role === 'admin' && !u.disabled);
        if (admins.length <= 1) throw new ConflictError('account.last_admin', '至少保留一名可用的管理员 / the last active administrator cannot be removed');
      }
      await ledger.append({ actor: actorOf(admin), action: 'user.updated', subject: `user:${target.id}`, payload: { changes } });
      const patch: UserPatch = { ...changes };
      const updated = await accounts.updateUser(target.id, patch);
      // A changed role, department or access changes which rooms the user's sockets may be in.
      deps.endLiveSessions(target.id);
      return publicUser(updated);
    },

    async resetPassword(admin, userId) {
      const target = await getUser(userId);
      const password = oneTimePassword();
      const passwordHash = await hashPassword(password);
      await ledger.append({ actor: actorOf(admin), action: 'user.password_reset', subject: `user:${target.id}`, payload: {} });
      // Every open session of the user ends; the next login must choose a new password.
      const user = await accounts.updateUser(target.id, { passwordHash, mustChangePassword: true, bumpSessionVersion: true });
      deps.endLiveSessions(target.id);
      return { user: publicUser(user), oneTimePassword: password };
    },

    async rules() {
      return { ...(await readRuleFiles(deps.ruleFiles)), responseRulesInEffect: rulesInEffect() };
    },

    // Saved as a new revision in the ledger: audited, and every responder applies it within
    // seconds (ResponseRulesInEffect). Cases keep the deadlines they got when opened.
    async saveResponseRules(admin, { rules, reason, revision }) {
      // A save over someone else's revision is refused by the ledger: 409 rules.changed_meanwhile.
      await ledger.append({ actor: actorOf(admin), action: RULES_SAVED, subject: RESPONSE_RULES_SUBJECT, payload: { rules, reason, revision: revision + 1 } });
      await deps.responseRules.reload();
      return rulesInEffect();
    },

    listDepartments: () => accounts.listDepartments(),

    async addDepartment(admin, name) {
      const existing = (await accounts.listDepartments()).find((d) => d.name === name);
      if (existing) return { department: existing, created: false };
      await ledger.append({ actor: actorOf(admin), action: 'department.created', subject: `department:${name}`, payload: { name } });
      return { department: await accounts.addDepartment(name), created: true };
    },
  };
}
