import { z } from 'zod';
import type { User } from '../../../shared/domain/account.ts';
import type { LedgerStore } from '../../../shared/ports/ledger-store.ts';
import { departmentScope, mayAccessDepartments } from '../auth/department-access.ts';
import { queryList } from '../request-input.ts';
import type { ResponseRules } from '../cases/response-rules.ts';
import { COMMITMENT_STATE_LABELS, commitmentView, type CommitmentState, type CommitmentView } from './commitment-state.ts';

const CommitmentStateCode = z.enum(Object.keys(COMMITMENT_STATE_LABELS) as [CommitmentState, ...CommitmentState[]]);

/** The filters of GET /commitments and of the commitments export. */
export const CommitmentsQuery = z.object({
  state: queryList(CommitmentStateCode),
  owner: z.string().min(1).optional(),
  caseId: z.string().min(1).optional(),
});
export type CommitmentsQuery = z.infer<typeof CommitmentsQuery>;

/**
 * The commitments a user may see, with their state by the clock, oldest due first and undated
 * last (the order a supervisor works through them): a 承办单位 those it owns and every
 * commitment of the cases it leads or shares.
 */
export async function commitmentsFor(ledger: Pick<LedgerStore, 'listCommitments' | 'listCases'>, user: User, q: CommitmentsQuery, now: number, rules: ResponseRules['commitments']): Promise<CommitmentView[]> {
  const all = await ledger.listCommitments({ ...(q.owner ? { owner: q.owner } : {}), ...(q.caseId ? { caseId: q.caseId } : {}) });
  const scope = departmentScope(user);
  const ownCases = scope ? new Set((await Promise.all(scope.map((d) => ledger.listCases({ department: d })))).flat().map((c) => c.id)) : undefined;
  const dueOrder = (dueAt: string | undefined) => (dueAt ? Date.parse(dueAt) : Infinity);
  return all
    .filter((m) => !ownCases || mayAccessDepartments(user, [m.owner]) || ownCases.has(m.caseId))
    .map((m) => commitmentView(m, now, rules))
    .filter((v) => !q.state || q.state.includes(v.state))
    .sort((a, b) => dueOrder(a.dueAt) - dueOrder(b.dueAt) || a.id.localeCompare(b.id));
}
