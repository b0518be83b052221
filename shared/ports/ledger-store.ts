import type { ChainVerdict, LedgerAppend, LedgerEntry } from '../domain/ledger.ts';
import type { CaseRecord, CommitmentRecord } from '../domain/ledger-projections.ts';

export interface EntryQuery {
  /** Entries with seq greater than this. */
  afterSeq?: number;
  subject?: string;
  action?: string;
  /** The acting user's id. */
  actorId?: string;
  /** Entries whose `at` lies in [from, to], both inclusive; ISO instants with any offset. */
  from?: string;
  to?: string;
  limit?: number;
}

export interface CaseQuery {
  /** Cases led by or shared with this department. */
  department?: string;
  status?: CaseRecord['status'];
}

export interface CommitmentQuery {
  caseId?: string;
  owner?: string;
  status?: CommitmentRecord['status'][];
  /** Commitments due before this instant. */
  dueBefore?: string;
}

/**
 * The response ledger: an append-only chain of audited actions, each carrying the hash of
 * the one before, with projections of cases and commitments kept in step in the same
 * transaction. Appends from any number of processes are serialized. Cases and commitments are
 * read back with every field's default applied (caseRecord, commitmentRecord), so a document
 * stored before a field existed reads like a new one.
 *
 * Time: an entry's `at` is the caller's. When the request has one it is stored as given (the
 * responder passes its injected clock, so deadlines, reminders and entry times agree, and
 * tests fix it); without one it is the appending process's clock at the append, on every
 * store — the PostgreSQL store does not read the database's clock. `seq` is the chain's order;
 * `at` is not promised to grow along it (two machines' clocks may disagree).
 */
export interface LedgerStore {
  /**
   * Validates the entry (one of the LedgerAction union; `ledger.invalid_entry` or
   * `ledger.invalid_payload`, 400, otherwise) and applies it to the projections, then appends.
   * A refusal because of the records' state (a stale draft, a closed case, an alert already
   * acknowledged) is a ConflictError (409) with the domain's `area.reason` code; an entry
   * acting on a case or commitment that does not exist is a NotFoundError (404). A refused
   * entry is never written.
   */
  append(entry: LedgerAppend): Promise<LedgerEntry>;
  /**
   * Appends several entries in order in one transaction: all of them or, when one is refused,
   * none (an approval and the commitments it makes; a case and the tasks it imports).
   */
  appendAll(entries: LedgerAppend[]): Promise<LedgerEntry[]>;
  entries(query?: EntryQuery): Promise<LedgerEntry[]>;
  /** Re-hashes the whole chain and names the first entry that was altered, removed or inserted. */
  verify(): Promise<ChainVerdict>;
  getCase(id: string): Promise<CaseRecord | undefined>;
  listCases(query?: CaseQuery): Promise<CaseRecord[]>;
  getCommitment(id: string): Promise<CommitmentRecord | undefined>;
  listCommitments(query?: CommitmentQuery): Promise<CommitmentRecord[]>;
  close(): Promise<void>;
}
