import { z } from 'zod';
import type { User } from '../../../shared/domain/account.ts';
import { EventLevel } from '../../../shared/domain/event.ts';
import { CaseKind, type CaseRecord } from '../../../shared/domain/ledger-projections.ts';
import type { LedgerStore } from '../../../shared/ports/ledger-store.ts';
import { assertDepartmentAccess, caseDepartments, departmentScope, mayAccessDepartments } from '../auth/department-access.ts';
import { queryList } from '../request-input.ts';
import { COMMITMENT_STATE_LABELS, commitmentView, type CommitmentState, type CommitmentView } from '../commitments/commitment-state.ts';
import type { ResponseRules } from './response-rules.ts';

/** The filters of GET /cases and of the cases export. */
export const CasesQuery = z.object({
  status: z.enum(['open', 'closed']).optional(),
  level: EventLevel.optional(),
  kind: CaseKind.optional(),
  department: z.string().min(1).optional(),
});
export type CasesQuery = z.infer<typeof CasesQuery>;

const CommitmentStateCode = z.enum(Object.keys(COMMITMENT_STATE_LABELS) as [CommitmentState, ...CommitmentState[]]);

/** The filters of GET /commitments and of the commitments export. */
export const CommitmentsQuery = z.object({
  state: queryList(CommitmentStateCode),
  owner: z.string().min(1).optional(),
  caseId: z.string().min(1).optional(),
});
export type CommitmentsQuery = z.infer<typeof CommitmentsQuery>;

/**
 * The cases a user may see that match the filters: a 承办单位 those it leads or shares. A
 * filter naming another department is refused (403) rather than answered with nothing.
 */
export async function casesFor(ledger: LedgerStore, user: User, q: CasesQuery): Promise<CaseRecord[]> {
  if (q.department !== undefined) assertDepartmentAccess(user, [q.department]);
  const scope = departmentScope(user);
  const department = q.department ?? scope?.[0];
  if (scope && !department) return [];
  const cases = await ledger.listCases({ ...(department ? { department } : {}), ...(q.status ? { status: q.status } : {}) });
  return cases.filter((c) => (q.level === undefined || c.level === q.level) && (q.kind === undefined || c.kind === q.kind) && mayAccessDepartments(user, caseDepartments(c)));
}

/**
 * The commitments a user may see, with their state by the clock, oldest due first and undated
 * last (the order a supervisor works through them): a 承办单位 those it owns and every
 * commitment of the cases it leads or shares.
 */
export async function commitmentsFor(ledger: LedgerStore, user: User, q: CommitmentsQuery, now: number, rules: ResponseRules['commitments']): Promise<CommitmentView[]> {
  const all = (await ledger.listCommitments({ ...(q.owner ? { owner: q.owner } : {}), ...(q.caseId ? { caseId: q.caseId } : {}) }));
  const scope = departmentScope(user);
  const ownCases = scope ? new Set((await Promise.all(scope.map((d) => ledger.listCases({ department: d })))).flat().map((c) => c.id)) : undefined;
  const dueOrder = (dueAt: string | undefined) => (dueAt ? Date.parse(dueAt) : Infinity);
  return all
    .filter((m) => !ownCases || mayAccessDepartments(user, [m.owner]) || ownCases.has(m.caseId))
    .map((m) => commitmentView(m, now, rules))
    .filter((v) => !q.state || q.state.includes(v.state))
    .sort((a, b) => dueOrder(a.dueAt) - dueOrder(b.dueAt) || a.id.localeCompare(b.id));
}
