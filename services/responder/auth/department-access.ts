import type { User } from '../../../shared/domain/account.ts';
import type { CaseRecord } from '../../../shared/domain/ledger-projections.ts';
import { ForbiddenError } from '../../../shared/errors.ts';

/**
 * The departments whose cases a user may read and change: undefined means all of them
 * (舆情监测, 审核, 督查, 管理员 work across departments); a 承办单位 user gets its own
 * department only, and one without a department gets none.
 */
export function departmentScope(user: User): string[] | undefined {
  if (user.role !== 'department') return undefined;
  return user.department ? [user.department] : [];
}

/** The departments a case belongs to: its 牵头单位 and every 责任单位. */
export function caseDepartments(c: Pick<CaseRecord, 'lead' | 'coResponsible'>): string[] {
  return [c.lead, ...c.coResponsible];
}

export function mayAccessDepartments(user: User, departments: readonly string[]): boolean {
  const scope = departmentScope(user);
  return scope === undefined || departments.some((d) => scope.includes(d));
}

/**
 * Throws 403 auth.other_department unless the user may act on something owned by
 * `departments` (for a case: caseDepartments(c); for a commitment: its owner).
 */
export function assertDepartmentAccess(user: User, departments: readonly string[]): void {
  if (!mayAccessDepartments(user, departments)) {
    throw new ForbiddenError('auth.other_department', '只能查看和办理本单位的事项 / only your own department\'s cases');
  }
}
