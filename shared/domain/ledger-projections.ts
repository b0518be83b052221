import { z } from 'zod';
import { InvalidInputError } from '../errors.ts';
import { EventLevel } from './event.ts';
import type { LedgerEntry } from './ledger.ts';
import { Instant } from './time.ts';

/** A 回应事项: what must be answered, who leads, who shares responsibility, by when. */
export const CaseRecord = z.object({
  id: z.string(),
  title: z.string(),
  eventId: z.string().optional(),
  lead: z.string(),
  coResponsible: z.array(z.string()),
  level: EventLevel,
  status: z.enum(['open', 'closed']),
  openedAt: Instant,
  dueAt: Instant.optional(),
  updatedAt: Instant,
  lastSeq: z.number().int(),
});
export type CaseRecord = z.infer<typeof CaseRecord>;

const Evidence = z.object({ text: z.string().optional(), url: z.string().optional(), at: Instant });

/** A promise made in a response, tracked until it is kept and verified, broken or cancelled. */
export const CommitmentRecord = z.object({
  id: z.string(),
  caseId: z.string(),
  text: z.string(),
  owner: z.string(),
  /** Absent when the promise names no date. */
  dueAt: Instant.optional(),
  vague: z.boolean(),
  status: z.enum(['pending', 'fulfilled', 'verified', 'broken', 'cancelled']),
  evidence: z.array(Evidence),
  reason: z.string().optional(),
  updatedAt: Instant,
  lastSeq: z.number().int(),
});
export type CommitmentRecord = z.infer<typeof CommitmentRecord>;

const CaseOpened = z.object({
  id: z.string().min(1),
  title: z.string().min(1),
  eventId: z.string().optional(),
  lead: z.string().min(1),
  coResponsible: z.array(z.string()).default([]),
  level: EventLevel,
  dueAt: Instant.optional(),
});
const CaseUpdated = CaseOpened.omit({ id: true }).partial();
const CommitmentAdded = z.object({
  id: z.string().min(1),
  caseId: z.string().min(1),
  text: z.string().min(1),
  owner: z.string().min(1),
  dueAt: Instant.optional(),
  vague: z.boolean().default(false),
});
const WithReason = z.object({ reason: z.string().min(1) });
const Fulfilled = z.object({ text: z.string().optional(), url: z.string().optional() });

/** The records an entry reads and changes; the store loads them before calling `project`. */
export interface ProjectionState {
  case?: CaseRecord;
  commitment?: CommitmentRecord;
}

/** Which records an entry touches, from its subject ("case:ID" or "commitment:ID") and payload. */
export function projectionKeys(action: string, subject: string, payload: Record<string, unknown>): { caseId?: string; commitmentId?: string } {
  const [kind, id] = splitSubject(subject);
  if (kind === 'case') return { caseId: id };
  if (kind === 'commitment') {
    const caseId = action === 'commitment.added' && typeof payload.caseId === 'string' ? payload.caseId : undefined;
    return { commitmentId: id, ...(caseId ? { caseId } : {}) };
  }
  return {};
}

function splitSubject(subject: string): [string, string] {
  const i = subject.indexOf(':');
  return i < 0 ? [subject, ''] : [subject.slice(0, i), subject.slice(i + 1)];
}

function parse<T>(schema: z.ZodType<T>, payload: unknown, action: string): T {
  const r = schema.safeParse(payload);
  if (!r.success) throw new InvalidInputError('ledger.invalid_payload', `${action}: ${z.prettifyError(r.error)}`);
  return r.data;
}

function refuse(message: string): never {
  throw new InvalidInputError('ledger.invalid_transition', message);
}

/**
 * Applies one entry to the case and commitment projections. Pure: the same entries in the
 * same order give the same projections on every store. Throws for entries that would make
 * the projections inconsistent (unknown case, a second opening, fulfilling a cancelled
 * commitment), so such an entry is never written to the chain. Actions it does not know
 * are recorded in the chain and change no projection.
 */
export function project(entry: Omit<LedgerEntry, 'hash' | 'prevHash'>, state: ProjectionState): ProjectionState {
  const { action, at, seq } = entry;
  const [, subjectId] = splitSubject(entry.subject);
  switch (action) {
    case 'case.opened': {
      const p = parse(CaseOpened, entry.payload, action);
      if (p.id !== subjectId) refuse(`case.opened: subject case:${subjectId} does not match id ${p.id}`);
      if (state.case) refuse(`case ${p.id} is already open`);
      return { case: { ...p, status: 'open', openedAt: at, updatedAt: at, lastSeq: seq } };
    }
    case 'case.updated':
    case 'case.closed':
    case 'case.reopened': {
      const current = state.case ?? refuse(`${action}: case ${subjectId} does not exist`);
      const changes = action === 'case.updated' ? parse(CaseUpdated, entry.payload, action) : {};
      const status = action === 'case.closed' ? 'closed' : action === 'case.reopened' ? 'open' : current.status;
      return { case: { ...current, ...changes, status, updatedAt: at, lastSeq: seq } };
    }
    case 'commitment.added': {
      const p = parse(CommitmentAdded, entry.payload, action);
      if (p.id !== subjectId) refuse(`commitment.added: subject commitment:${subjectId} does not match id ${p.id}`);
      if (!state.case) refuse(`commitment.added: case ${p.caseId} does not exist`);
      if (state.commitment) refuse(`commitment ${p.id} already exists`);
      return { commitment: { ...p, status: 'pending', evidence: [], updatedAt: at, lastSeq: seq } };
    }
    case 'commitment.fulfilled':
    case 'commitment.verified':
    case 'commitment.broken':
    case 'commitment.cancelled':
      return { commitment: transition(action, entry.payload, state.commitment, subjectId, at, seq) };
    default:
      return {};
  }
}

const ALLOWED_FROM: Record<string, CommitmentRecord['status'][]> = {
  'commitment.fulfilled': ['pending', 'fulfilled', 'broken'],
  'commitment.verified': ['fulfilled'],
  'commitment.broken': ['pending', 'fulfilled'],
  'commitment.cancelled': ['pending', 'fulfilled', 'broken'],
};

function transition(
  action: string,
  payload: Record<string, unknown>,
  current: CommitmentRecord | undefined,
  id: string,
  at: string,
  seq: number,
): CommitmentRecord {
  if (!current) refuse(`${action}: commitment ${id} does not exist`);
  if (!ALLOWED_FROM[action]!.includes(current.status)) refuse(`${action}: commitment ${id} is ${current.status}`);
  const base = { ...current, updatedAt: at, lastSeq: seq };
  switch (action) {
    case 'commitment.fulfilled': {
      const ev = parse(Fulfilled, payload, action);
      return { ...base, status: 'fulfilled', evidence: [...current.evidence, { ...ev, at }] };
    }
    case 'commitment.verified':
      return { ...base, status: 'verified' };
    case 'commitment.broken':
      return { ...base, status: 'broken', reason: parse(WithReason, payload, action).reason };
    default:
      return { ...base, status: 'cancelled', reason: parse(WithReason, payload, action).reason };
  }
}
