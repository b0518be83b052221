/**
 * The replies of the administration routes (/api/admin), declared once for the router and the
 * console. Types only.
 */
import type { Department, PublicUser } from '../../../shared/domain/account.ts';
import type { ResponseRules, SavedRulesRevision } from '../cases/response-rules.ts';
import type { RuleFiles, RuleFileView } from './rule-files.ts';

/** GET /admin/users */
export interface UserListReply {
  users: PublicUser[];
}

/** PATCH /admin/users/:id */
export interface UserReply {
  user: PublicUser;
}

/** POST /admin/users and /admin/users/:id/password-reset: the password is shown this once. */
export interface OneTimePasswordReply {
  user: PublicUser;
  oneTimePassword: string;
}

/** The response rules every responder applies now: revision 0 is the file's, unsaved. */
export interface RulesInEffectView {
  rules: ResponseRules;
  revision: number;
  saved?: SavedRulesRevision;
}

/** PUT /admin/rules/response */
export interface ResponseRulesReply {
  responseRulesInEffect: RulesInEffectView;
}

/** The configuration files as on disk, each `{path, content}` or `{path, error}`. */
export type RuleFilesView = Partial<Record<keyof RuleFiles, RuleFileView>>;

/** GET /admin/rules */
export type RulesReply = RuleFilesView & ResponseRulesReply;

/** GET /admin/departments */
export interface DepartmentListReply {
  departments: Department[];
}

/** POST /admin/departments (201 when added, 200 when it was there) */
export interface DepartmentReply {
  department: Department;
}
