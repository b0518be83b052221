/**
 * The replies of the case routes, declared once: the router types its `res.json` with them and
 * the console imports them (console/src/types.ts). Types only, so the console's bundle pulls
 * no server code.
 */
import type { Actor, LedgerEntry } from '../../../shared/domain/ledger.ts';
import type { CommitmentView } from '../commitments/commitment-state.ts';
import type { CaseHistory, CaseView, DraftView, PublicationView } from './case-view.ts';

/** GET /cases */
export interface CaseListReply {
  cases: CaseView[];
}

/** GET /cases/:id: the case folded from its ledger entries. */
export interface CaseDetailReply extends CaseHistory {
  case: CaseView;
  commitments: CommitmentView[];
  entries: LedgerEntry[];
}

/** POST /cases/from-policy: the case, its tasks as commitments, and units nobody is set up as. */
export interface PolicyCaseReply {
  case: CaseView;
  commitments: CommitmentView[];
  unknownDepartments: string[];
}

/** POST /cases/:id/drafts */
export type DraftReply = DraftView;

/** POST /cases/:id/drafts/:version/comments */
export interface CommentReply {
  version: number;
  text: string;
  author: Actor;
  at: string;
}

/** POST /cases/:id/drafts/:version/approve: the case, the approved text and the commitments it makes. */
export interface ApprovalReply {
  case: CaseView;
  approved: NonNullable<CaseHistory['approved']>;
  commitments: CommitmentView[];
}

/** POST /cases/:id/publications */
export type PublicationReply = PublicationView;

/** POST /alerts/:id/acknowledge */
export interface AcknowledgementReply {
  alertId: string;
  by: Actor;
  at: string;
  note?: string;
}
