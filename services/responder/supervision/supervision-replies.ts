/**
 * The replies of the supervision routes, declared once for the router and the console. Types
 * only. Exports answer files (xlsx, csv), not JSON.
 */
import type { ChainVerdict, LedgerEntry } from '../../../shared/domain/ledger.ts';
import type { CommitmentLine, DepartmentFigures } from './figures.ts';
import type { Digest } from './supervision-jobs.ts';

/** GET /supervision/departments: the figures for the period (null: unbounded), as of `at`. */
export interface DepartmentFiguresReply {
  from: string | null;
  to: string | null;
  at: string;
  departments: DepartmentFigures[];
}

/** GET /supervision/review and /supervision/overdue */
export interface CommitmentLinesReply {
  commitments: CommitmentLine[];
}

/** GET /digest/latest */
export interface DigestReply {
  digest: Digest | null;
}

/** GET /audit: one page; pass `nextAfterSeq` as afterSeq for the next (null: the end). `people`: names of the users entries are about, by id. */
export interface AuditPageReply {
  entries: LedgerEntry[];
  nextAfterSeq: number | null;
  people: Record<string, string>;
}

/** GET /audit/actors: whom the audit can be filtered by. */
export interface AuditActorsReply {
  actors: { id: string; label: string }[];
}

/** GET /ledger/verify: the verdict with a sentence for people and, when broken, the entry stored there. */
export type VerifyReply = ChainVerdict & { message: string; brokenEntry?: LedgerEntry };
