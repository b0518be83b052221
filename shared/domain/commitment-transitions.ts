import { ConflictError } from '../errors.ts';
import type { LedgerAction } from './ledger-actions.ts';
import { unhandledAction } from './ledger-actions.ts';
import type { CommitmentRecord } from './ledger-projections.ts';

/** The actions that change an existing commitment. */
export type CommitmentTransition = Extract<
  LedgerAction,
  { action: 'commitment.fulfilled' | 'commitment.verified' | 'commitment.broken' | 'commitment.cancelled' | 'commitment.reminded' }
>;

/**
 * A broken commitment stays on record: it can still be fulfilled late, not cancelled away.
 * Reminders go only to commitments still pending.
 */
const ALLOWED_FROM: Record<CommitmentTransition['action'], readonly CommitmentRecord['status'][]> = {
  'commitment.fulfilled': ['pending', 'fulfilled', 'broken'],
  'commitment.verified': ['fulfilled'],
  'commitment.broken': ['pending', 'fulfilled'],
  'commitment.cancelled': ['pending', 'fulfilled'],
  'commitment.reminded': ['pending'],
};

const STATUS_NAMES: Record<CommitmentRecord['status'], string> = {
  pending: '待落实',
  fulfilled: '已落实',
  verified: '已核实',
  broken: '未兑现',
  cancelled: '已撤销',
};

/** Whether a commitment in this status takes this action (what the projection will accept). */
export function commitmentMay(action: CommitmentTransition['action'], status: CommitmentRecord['status']): boolean {
  return ALLOWED_FROM[action].includes(status);
}

/**
 * Applies one transition to a commitment. A commitment whose status does not take the action,
 * or a reminder already sent, is a ConflictError: someone else acted first.
 */
export function commitmentTransition(t: CommitmentTransition, current: CommitmentRecord, actorId: string, at: string, seq: number): CommitmentRecord {
  if (!commitmentMay(t.action, current.status)) {
    throw new ConflictError('ledger.invalid_transition', `承诺 ${current.id} 当前为“${STATUS_NAMES[current.status]}”，不能执行 ${t.action}`);
  }
  const base = { ...current, updatedAt: at, lastSeq: seq };
  switch (t.action) {
    case 'commitment.fulfilled':
      return { ...base, status: 'fulfilled', evidence: [...current.evidence, { ...t.payload, at, by: actorId }] };
    case 'commitment.verified':
      return { ...base, status: 'verified', verifiedBy: actorId, verifiedAt: at, ...(t.payload.note ? { note: t.payload.note } : {}) };
    case 'commitment.broken':
      return { ...base, status: 'broken', reason: t.payload.reason };
    case 'commitment.cancelled':
      return { ...base, status: 'cancelled', reason: t.payload.reason };
    case 'commitment.reminded': {
      const field = t.payload.kind === 'due_soon' ? 'remindedDueSoonAt' : 'remindedOverdueAt';
      const sent = current[field];
      if (sent) throw new ConflictError('commitment.already_reminded', `承诺 ${current.id} 已于 ${sent} 提醒过（${t.payload.kind}）`);
      return { ...base, [field]: at };
    }
    default:
      return unhandledAction(t);
  }
}
