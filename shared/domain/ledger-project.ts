import { ConflictError, InvalidInputError, NotFoundError } from '../errors.ts';
import { caseTransition } from './case-transitions.ts';
import { commitmentTransition } from './commitment-transitions.ts';
import { isLedgerActionName, parseLedgerAction, unhandledAction, type LedgerActionName } from './ledger-actions.ts';
import { caseRecord, commitmentRecord, type CaseRecord, type CommitmentRecord } from './ledger-projections.ts';
import type { LedgerEntry } from './ledger.ts';

/** The records an entry reads and changes; the store loads them before calling `project`. */
export interface ProjectionState {
  case?: CaseRecord;
  commitment?: CommitmentRecord;
  /** The newest entry of the same subject, for entries that must not repeat (one digest a day). */
  latestOfSubject?: { action: string; payload: Record<string, unknown> };
}

/** What each action reads before it is applied: the subject's record, the subject's newest entry, or nothing (audit only). */
const READS: Record<LedgerActionName, 'case' | 'commitment' | 'latest-of-subject' | 'nothing'> = {
  'case.opened': 'case',
  'case.updated': 'case',
  'case.closed': 'case',
  'case.reopened': 'case',
  'draft.saved': 'case',
  'draft.commented': 'case',
  'draft.approved': 'case',
  'publication.recorded': 'case',
  'commitment.added': 'commitment',
  'commitment.fulfilled': 'commitment',
  'commitment.verified': 'commitment',
  'commitment.broken': 'commitment',
  'commitment.cancelled': 'commitment',
  'commitment.reminded': 'commitment',
  'alert.acknowledged': 'latest-of-subject',
  'digest.daily': 'latest-of-subject',
  'rules.saved': 'latest-of-subject',
  'user.created': 'nothing',
  'user.updated': 'nothing',
  'user.password_reset': 'nothing',
  'user.password_changed': 'nothing',
  'department.created': 'nothing',
  'session.login': 'nothing',
  'session.logout': 'nothing',
  'session.login_failed': 'nothing',
};

/** Which records an entry touches, from its action, its subject ("case:ID" or "commitment:ID") and a new commitment's case. */
export function projectionKeys(
  action: string,
  subject: string,
  payload: Record<string, unknown>,
): { caseId?: string; commitmentId?: string; latestOfSubject?: boolean } {
  if (!isLedgerActionName(action)) return {};
  const [, id] = splitSubject(subject);
  switch (READS[action]) {
    case 'case':
      return { caseId: id };
    case 'commitment':
      // A new commitment also reads its case: it may not be added to a closed one.
      return { commitmentId: id, ...(action === 'commitment.added' && typeof payload.caseId === 'string' ? { caseId: payload.caseId } : {}) };
    case 'latest-of-subject':
      return { latestOfSubject: true };
    case 'nothing':
      return {};
  }
}

function splitSubject(subject: string): [string, string] {
  const i = subject.indexOf(':');
  return i < 0 ? [subject, ''] : [subject.slice(0, i), subject.slice(i + 1)];
}

/**
 * Applies one entry to the case and commitment projections. Pure: the same entries in the
 * same order give the same projections on every store. An entry that would make them
 * inconsistent is refused, so it is never written to the chain: a ConflictError (409) when the
 * records' state refuses it (a second opening, a stale draft, a closed case, an alert already
 * acknowledged, a rule revision replaced meanwhile), NotFoundError when the record it acts on
 * does not exist, InvalidInputError (400) for an unknown action or a malformed payload.
 * Account and session actions change no projection; alert.acknowledged, digest.daily and
 * rules.saved are checked against the newest entry of their subject.
 */
export function project(entry: Omit<LedgerEntry, 'hash' | 'prevHash'>, state: ProjectionState): ProjectionState {
  const a = parseLedgerAction(entry.action, entry.payload);
  const { at, seq, subject } = entry;
  const [, subjectId] = splitSubject(subject);
  // Documents stored before a field existed get its default here, before any rule reads them.
  const stored = state.case ? caseRecord(state.case) : undefined;
  switch (a.action) {
    case 'case.opened': {
      const p = a.payload;
      if (p.id !== subjectId) throw subjectMismatch(subject, p.id);
      if (stored) throw new ConflictError('case.already_open', `事项 ${p.id} 已经立项 / the case is already open`);
      return { case: { ...p, status: 'open', draftVersion: 0, publicationCount: 0, openedAt: at, updatedAt: at, lastSeq: seq } };
    }
    case 'case.updated':
    case 'case.closed':
    case 'case.reopened':
    case 'draft.saved':
    case 'draft.commented':
    case 'draft.approved':
    case 'publication.recorded': {
      const current = stored ?? missingCase(subjectId);
      return { case: { ...caseTransition(a, current, entry.actor.id, at), updatedAt: at, lastSeq: seq } };
    }
    case 'commitment.added': {
      const p = a.payload;
      if (p.id !== subjectId) throw subjectMismatch(subject, p.id);
      const c = stored ?? missingCase(p.caseId);
      if (c.status === 'closed') throw new ConflictError('case.closed', `事项 ${p.caseId} 已办结，不能再添加承诺 / the case is closed`);
      if (state.commitment) throw new ConflictError('commitment.already_exists', `承诺 ${p.id} 已存在 / the commitment already exists`);
      return { commitment: { ...p, status: 'pending', evidence: [], updatedAt: at, lastSeq: seq } };
    }
    case 'commitment.fulfilled':
    case 'commitment.verified':
    case 'commitment.broken':
    case 'commitment.cancelled':
    case 'commitment.reminded': {
      if (!state.commitment) throw new NotFoundError(`承诺 ${subjectId}`, 'commitment.not_found');
      return { commitment: commitmentTransition(a, commitmentRecord(state.commitment), entry.actor.id, at, seq) };
    }
    case 'alert.acknowledged':
      // Acknowledging is the only entry on an alert's subject: any earlier one is an acknowledgement.
      if (state.latestOfSubject) throw new ConflictError('alert.already_acknowledged', `预警 ${subject} 已有人确认 / already acknowledged`);
      return {};
    case 'digest.daily': {
      const latest = state.latestOfSubject;
      if (latest?.action === a.action && latest.payload.date === a.payload.date) {
        throw new ConflictError('digest.already_recorded', `${a.payload.date} 的日报已生成 / the digest of this date is already recorded`);
      }
      return {};
    }
    case 'rules.saved': {
      // Revisions count from 1; saving revision n replaces n − 1, so of two administrators
      // editing the same revision at once, the second is refused instead of silently undoing the first.
      const latest = state.latestOfSubject;
      const current = latest?.action === a.action ? Number(latest.payload.revision) : 0;
      if (a.payload.revision !== current + 1) {
        throw new ConflictError('rules.changed_meanwhile', `规则已被他人修改（当前为第 ${current} 版），请刷新后再改 / ${subject} is at revision ${current}`);
      }
      return {};
    }
    case 'user.created':
    case 'user.updated':
    case 'user.password_reset':
    case 'user.password_changed':
    case 'department.created':
    case 'session.login':
    case 'session.logout':
    case 'session.login_failed':
      return {};
    default:
      return unhandledAction(a);
  }
}

function subjectMismatch(subject: string, id: string): InvalidInputError {
  return new InvalidInputError('ledger.subject_mismatch', `台账条目的对象 ${subject} 与编号 ${id} 不一致 / subject does not match the id`);
}

function missingCase(id: string): never {
  throw new NotFoundError(`事项 ${id}`, 'case.not_found');
}
