import type { Actor, LedgerEntry } from '../../../shared/domain/ledger.ts';
import type { Approval, CaseDeadline, CaseRecord } from '../../../shared/domain/ledger-projections.ts';

/** Where a case stands in drafting, review and publication. */
export type CasePhase = 'awaiting_draft' | 'in_review' | 'approved' | 'published' | 'closed';

export const CASE_PHASE_LABELS: Record<CasePhase, string> = {
  awaiting_draft: '待起草',
  in_review: '审核中',
  approved: '已审定待发布',
  published: '已发布',
  closed: '已办结',
};

/** A deadline measured against the first publication of the approved text. */
export type DeadlineState = 'open' | 'met' | 'late' | 'overdue' | 'unknown';

export const DEADLINE_STATE_LABELS: Record<DeadlineState, string> = {
  open: '未到期',
  met: '按时回应',
  late: '逾期回应',
  overdue: '已超时',
  unknown: '时限未知',
};

export interface CaseDeadlineView extends CaseDeadline {
  state: DeadlineState;
  stateLabel: string;
}

export interface CaseView extends Omit<CaseRecord, 'deadlines'> {
  phase: CasePhase;
  phaseLabel: string;
  deadlines: CaseDeadlineView[];
}

export function caseView(c: CaseRecord, now: number): CaseView {
  const phase: CasePhase =
    c.status === 'closed' ? 'closed' : c.publicationCount > 0 ? 'published' : c.approved ? 'approved' : c.draftVersion > 0 ? 'in_review' : 'awaiting_draft';
  return { ...c, phase, phaseLabel: CASE_PHASE_LABELS[phase], deadlines: c.deadlines.map((d) => deadlineView(d, c.firstPublishedAt, now)) };
}

function deadlineView(d: CaseDeadline, firstPublishedAt: string | undefined, now: number): CaseDeadlineView {
  const state: DeadlineState =
    d.dueAt === undefined
      ? 'unknown'
      : firstPublishedAt !== undefined
        ? Date.parse(firstPublishedAt) <= Date.parse(d.dueAt)
          ? 'met'
          : 'late'
        : now > Date.parse(d.dueAt)
          ? 'overdue'
          : 'open';
  return { ...d, state, stateLabel: DEADLINE_STATE_LABELS[state] };
}

export interface CommentView {
  text: string;
  author: Actor;
  at: string;
}

export interface DraftView {
  version: number;
  text: string;
  hash: string;
  author: Actor;
  at: string;
  comments: CommentView[];
}

export interface PublicationView {
  channel: string;
  url?: string;
  publishedAt: string;
  hash: string;
  by: Actor;
  at: string;
}

export interface CaseHistory {
  drafts: DraftView[];
  approved?: Approval & { text: string };
  publications: PublicationView[];
}

/**
 * Folds a case's ledger entries into its drafts (with their comments), the approved text and
 * the publications. The entries were checked by the projections when appended, so this only
 * reads them in order.
 */
export function foldCaseEntries(entries: readonly LedgerEntry[], record: CaseRecord): CaseHistory {
  const drafts: DraftView[] = [];
  const publications: PublicationView[] = [];
  for (const e of entries) {
    const p = e.payload;
    if (e.action === 'draft.saved') {
      drafts.push({ version: Number(p.version), text: String(p.text), hash: String(p.hash), author: e.actor, at: e.at, comments: [] });
    } else if (e.action === 'draft.commented') {
      drafts.find((d) => d.version === p.version)?.comments.push({ text: String(p.text), author: e.actor, at: e.at });
    } else if (e.action === 'publication.recorded') {
      publications.push({
        channel: String(p.channel),
        ...(typeof p.url === 'string' ? { url: p.url } : {}),
        publishedAt: String(p.publishedAt),
        hash: String(p.hash),
        by: e.actor,
        at: e.at,
      });
    }
  }
  const approvedDraft = record.approved && drafts.find((d) => d.version === record.approved!.version);
  return { drafts, ...(record.approved && approvedDraft ? { approved: { ...record.approved, text: approvedDraft.text } } : {}), publications };
}
