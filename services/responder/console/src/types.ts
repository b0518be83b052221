/** Shapes the console reads from the API: the server's own types, imported as types only. */
import type { PublicUser, RoleCode } from '../../../../shared/domain/account.ts';
import type { AlertView as Alert } from '../../../../shared/domain/alert.ts';
import type { AnalyzedItem } from '../../../../shared/domain/analyzed-item.ts';
import type { Event, EventLevel } from '../../../../shared/domain/event.ts';
import type { ChainVerdict, LedgerEntry } from '../../../../shared/domain/ledger.ts';
import type { Approval, CaseDeadline, CaseKind } from '../../../../shared/domain/ledger-projections.ts';
import type { DeadLetter } from '../../../../shared/domain/dead-letter.ts';
import type { SourceKind } from '../../../../shared/domain/raw-item.ts';
import type { SourceStatus } from '../../../../shared/domain/collector-status.ts';
import type { CollectorCondition, CollectorProcessView, SourcesAnswer } from '../../sources/collector-board.ts';
import type { AggregationResult, Hits } from '../../../../shared/ports/search-index.ts';
import type { CaseDeadlineView, CaseView, DeadlineState, DraftView, PublicationView } from '../../cases/case-view.ts';
import type { CommitmentView } from '../../cases/commitment-state.ts';
import type { ResponseRules, SavedRulesRevision } from '../../cases/response-rules.ts';
import type { RuleFileView } from '../../auth/rule-files.ts';
import type { CommitmentLine, DepartmentFigures } from '../../supervision/figures.ts';

export type {
  ResponseRules,
  SavedRulesRevision,
  RuleFileView,
  AggregationResult,
  Alert,
  AnalyzedItem,
  CaseDeadline,
  CaseDeadlineView,
  CaseKind,
  CaseView,
  ChainVerdict,
  CollectorCondition,
  CollectorProcessView,
  DeadLetter,
  DeadlineState,
  CommitmentLine,
  CommitmentView,
  DepartmentFigures,
  DraftView,
  Event,
  EventLevel,
  Hits,
  LedgerEntry,
  PublicationView,
  PublicUser,
  RoleCode,
  SourceKind,
  SourceStatus,
  SourcesAnswer,
};

/** GET /api/cases/:id (docs/responder.md). */
export interface CaseDetail {
  case: CaseView;
  drafts: DraftView[];
  approved?: Approval & { text: string };
  publications: PublicationView[];
  commitments: CommitmentView[];
  entries: LedgerEntry[];
}

export interface EventDetail {
  event: Event;
  items: Hits<AnalyzedItem>;
  alerts: Hits<Alert>;
}

/** GET /api/ledger/verify: the verdict with a sentence for people and, when broken, the entry stored there. */
export type VerifyAnswer = ChainVerdict & { message: string; brokenEntry?: LedgerEntry };

/** The response rules every responder applies now (GET /api/admin/rules): revision 0 is the file's, unsaved. */
export interface RulesInEffectView {
  rules: ResponseRules;
  revision: number;
  saved?: SavedRulesRevision;
}
