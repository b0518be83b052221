/**
 * Shapes the console reads from the API: the server's own types, imported as types only (erased
 * from the bundle). Each reply is declared once, beside its router (`*-replies.ts`).
 */
import type { PublicUser, RoleCode } from '../../../../shared/domain/account.ts';
import type { AlertView as Alert } from '../../../../shared/domain/alert.ts';
import type { AnalyzedItem } from '../../../../shared/domain/analyzed-item.ts';
import type { Event, EventLevel } from '../../../../shared/domain/event.ts';
import type { ChainVerdict, LedgerEntry } from '../../../../shared/domain/ledger.ts';
import type { CaseDeadline, CaseKind } from '../../../../shared/domain/ledger-projections.ts';
import type { DeadLetter } from '../../../../shared/domain/dead-letter.ts';
import type { SourceKind } from '../../../../shared/domain/raw-item.ts';
import type { SourceStatus } from '../../../../shared/domain/collector-status.ts';
import type { CollectorCondition, CollectorProcessView, SourcesAnswer } from '../../sources/collector-board.ts';
import type { AggregationResult, Hits } from '../../../../shared/ports/search-index.ts';
import type { CaseDeadlineView, CaseView, DeadlineState, DraftView, PublicationView } from '../../cases/case-view.ts';
import type { CommitmentView } from '../../commitments/commitment-state.ts';
import type { ResponseRules, SavedRulesRevision } from '../../cases/response-rules.ts';
import type { RuleFileView } from '../../admin/rule-files.ts';
import type { CommitmentLine, DepartmentFigures } from '../../supervision/figures.ts';
export type { DepartmentNamesReply, EventDetailReply } from '../../api-replies.ts';
export type { SessionReply } from '../../auth/auth-replies.ts';
export type * from '../../admin/admin-replies.ts';
export type * from '../../cases/case-replies.ts';
export type { CommitmentListReply } from '../../commitments/commitment-replies.ts';
export type * from '../../supervision/supervision-replies.ts';

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
