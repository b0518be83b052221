import { ConflictError, InvalidInputError } from '../errors.ts';
import type { LedgerAction } from './ledger-actions.ts';
import { unhandledAction } from './ledger-actions.ts';
import { responseTextHash, type CaseRecord } from './ledger-projections.ts';

/** The actions that change an existing case. */
export type CaseTransition = Extract<
  LedgerAction,
  { action: 'case.updated' | 'case.closed' | 'case.reopened' | 'draft.saved' | 'draft.commented' | 'draft.approved' | 'publication.recorded' }
>;

/** How far ahead of the recording a publication time may lie: clocks of the people's devices. */
const PUBLICATION_CLOCK_SKEW_MS = 5 * 60_000;

/**
 * Applies one transition to a case. A refusal because of the case's state (closed, already
 * approved, a stale draft, a text other than the approved one) is a ConflictError: the client
 * reloads and decides again. A payload that can never apply is an InvalidInputError.
 */
export function caseTransition(t: CaseTransition, c: CaseRecord, actorId: string, at: string): CaseRecord {
  if (t.action === 'case.reopened') {
    if (c.status === 'open') throw new ConflictError('case.not_closed', `事项 ${c.id} 仍在办理中，无需重新打开 / the case is open`);
    const { closeReason: _, ...rest } = c;
    return { ...rest, status: 'open' };
  }
  if (c.status === 'closed') throw new ConflictError('case.closed', `事项 ${c.id} 已办结，请先重新打开 / ${t.action}: the case is closed`);
  switch (t.action) {
    case 'case.updated':
      return { ...c, ...t.payload };
    case 'case.closed':
      return { ...c, status: 'closed', ...(t.payload.reason ? { closeReason: t.payload.reason } : {}) };
    case 'draft.saved': {
      const p = t.payload;
      if (c.approved) throw new ConflictError('case.already_approved', `事项 ${c.id} 已有审定的统一口径（第 ${c.approved.version} 稿），不能再改稿`);
      if (p.version !== c.draftVersion + 1) {
        throw new ConflictError('case.not_latest_draft', `事项 ${c.id} 的下一稿是第 ${c.draftVersion + 1} 稿，不是第 ${p.version} 稿，请刷新后再改`);
      }
      if (p.hash !== responseTextHash(p.text)) throw new InvalidInputError('ledger.invalid_payload', 'draft.saved：hash 不是正文的 SHA-256 / hash is not the SHA-256 of the text');
      return { ...c, draftVersion: p.version, draftHash: p.hash };
    }
    case 'draft.commented':
      if (t.payload.version > c.draftVersion) throw new ConflictError('case.unknown_draft', `事项 ${c.id} 没有第 ${t.payload.version} 稿`);
      return c;
    case 'draft.approved': {
      const p = t.payload;
      if (c.approved) throw new ConflictError('case.already_approved', `事项 ${c.id} 的第 ${c.approved.version} 稿已审定`);
      if (p.version > c.draftVersion) throw new ConflictError('case.unknown_draft', `事项 ${c.id} 没有第 ${p.version} 稿`);
      if (p.version !== c.draftVersion) throw new ConflictError('case.not_latest_draft', `第 ${p.version} 稿不是最新稿（第 ${c.draftVersion} 稿），请刷新后再审`);
      if (p.hash !== c.draftHash) throw new ConflictError('case.text_mismatch', `审定的文本与第 ${p.version} 稿不一致 / hash does not match the draft`);
      return { ...c, approved: { version: p.version, hash: p.hash, by: actorId, at } };
    }
    case 'publication.recorded': {
      const p = t.payload;
      if (!c.approved) throw new ConflictError('case.not_approved', `事项 ${c.id} 尚无审定的统一口径，不能登记发布`);
      if (p.hash !== c.approved.hash) throw new ConflictError('case.text_mismatch', '发布文本与审定的统一口径不一致 / the published text differs from the approved text');
      // The on-time figures read firstPublishedAt: a publication cannot predate its approval, nor lie ahead of its recording.
      const published = Date.parse(p.publishedAt);
      if (published < Date.parse(c.approved.at) || published > Date.parse(at) + PUBLICATION_CLOCK_SKEW_MS) {
        throw new InvalidInputError('case.bad_publication_time', `发布时间须在审定之后、登记之时以前 / publishedAt must lie between the approval (${c.approved.at}) and now`);
      }
      const first = c.firstPublishedAt && Date.parse(c.firstPublishedAt) <= published ? c.firstPublishedAt : p.publishedAt;
      return { ...c, publicationCount: c.publicationCount + 1, firstPublishedAt: first };
    }
    default:
      return unhandledAction(t);
  }
}
