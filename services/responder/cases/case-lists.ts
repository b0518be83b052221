import { z } from 'zod';
import type { User } from '../../../shared/domain/account.ts';
import { EventLevel } from '../../../shared/domain/event.ts';
import { CaseKind, type CaseRecord } from '../../../shared/domain/ledger-projections.ts';
import type { LedgerStore } from '../../../shared/ports/ledger-store.ts';
import { assertDepartmentAccess, caseDepartments, departmentScope, mayAccessDepartments } from '../auth/department-access.ts';

/** The filters of GET /cases and of the cases export. */
export const CasesQuery = z.object({
  status: z.enum(['open', 'closed']).optional(),
  level: EventLevel.optional(),
  kind: CaseKind.optional(),
  department: z.string().min(1).optional(),
});
export type CasesQuery = z.infer<typeof CasesQuery>;

/**
 * The cases a user may see that match the filters: a 承办单位 those it leads or shares. A
 * filter naming another department is refused (403) rather than answered with nothing.
 */
export async function casesFor(ledger: Pick<LedgerStore, 'listCases'>, user: User, q: CasesQuery): Promise<CaseRecord[]> {
  if (q.department !== undefined) assertDepartmentAccess(user, [q.department]);
  const scope = departmentScope(user);
  const department = q.department ?? scope?.[0];
  if (scope && !department) return [];
  const cases = await ledger.listCases({ ...(department ? { department } : {}), ...(q.status ? { status: q.status } : {}) });
  return cases.filter((c) => (q.level === undefined || c.level === q.level) && (q.kind === undefined || c.kind === q.kind) && mayAccessDepartments(user, caseDepartments(c)));
}
