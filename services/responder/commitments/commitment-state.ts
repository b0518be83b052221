import type { CommitmentRecord } from '../../../shared/domain/ledger-projections.ts';
import type { ResponseRules } from '../cases/response-rules.ts';

/** What a commitment is now: its recorded status, with pending split by the clock. */
export type CommitmentState = 'pending' | 'due_soon' | 'overdue' | 'fulfilled' | 'verified' | 'broken' | 'cancelled';

export const COMMITMENT_STATE_LABELS: Record<CommitmentState, string> = {
  pending: '待履行',
  due_soon: '即将到期',
  overdue: '已逾期',
  fulfilled: '已履行待核验',
  verified: '已核验',
  broken: '未兑现',
  cancelled: '已撤销',
};

/** 督查 warning colours for overdue commitments: 蓝 when just late, 黄 and 红 as the delay grows. */
export type OverdueWarning = '蓝' | '黄' | '红';

export interface CommitmentView extends CommitmentRecord {
  state: CommitmentState;
  stateLabel: string;
  /** Whole days past the due date (overdue only). */
  daysOverdue?: number;
  warning?: OverdueWarning;
}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/**
 * Derives the state shown to people from the recorded status and the clock. Only a pending
 * commitment changes with time; one without a due date stays pending (and is flagged vague
 * or date-unknown on the record itself).
 */
export function commitmentView(c: CommitmentRecord, now: number, rules: ResponseRules['commitments']): CommitmentView {
  const state = stateAt(c, now, rules);
  const view: CommitmentView = { ...c, state, stateLabel: COMMITMENT_STATE_LABELS[state] };
  if (state !== 'overdue') return view;
  const daysOverdue = Math.floor((now - Date.parse(c.dueAt!)) / DAY_MS);
  const { yellowAfterDays, redAfterDays } = rules.overdueWarning;
  const warning: OverdueWarning = daysOverdue >= redAfterDays ? '红' : daysOverdue >= yellowAfterDays ? '黄' : '蓝';
  return { ...view, daysOverdue, warning };
}

function stateAt(c: CommitmentRecord, now: number, rules: ResponseRules['commitments']): CommitmentState {
  if (c.status !== 'pending' || c.dueAt === undefined) return c.status;
  const due = Date.parse(c.dueAt);
  if (now > due) return 'overdue';
  return due - now <= rules.dueSoonHours * HOUR_MS ? 'due_soon' : 'pending';
}
