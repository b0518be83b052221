import { createHash } from 'node:crypto';
import { z } from 'zod';
import { InvalidInputError, type ErrorCode } from '../errors.ts';
import { EventLevel } from './event.ts';
import type { LedgerEntry } from './ledger.ts';
import { Instant } from './time.ts';

/** One time limit of a case. `dueAt` is absent when the calendar cannot tell (working days past its data). */
export const CaseDeadline = z.object({
  code: z.string().min(1),
  label: z.string().min(1),
  dueAt: Instant.optional(),
  /** Why no date could be computed; shown as 时限未知 in the console. */
  unknown: z.string().optional(),
  basis: z.string().optional(),
});
export type CaseDeadline = z.infer<typeof CaseDeadline>;

export const CASE_KINDS = ['public-opinion', 'hotline'] as const;
export const CaseKind = z.enum(CASE_KINDS);
export type CaseKind = z.infer<typeof CaseKind>;

/** The approved unified text (统一口径): which draft, its SHA-256, who approved it and when. */
export const Approval = z.object({ version: z.number().int().positive(), hash: z.string(), by: z.string(), at: Instant });
export type Approval = z.infer<typeof Approval>;

/**
 * A 回应事项: what must be answered, who leads, who shares responsibility, by when. Fields
 * added after the first release have defaults, so documents stored before them still parse.
 */
export const CaseRecord = z.object({
  id: z.string(),
  title: z.string(),
  kind: CaseKind.default('public-opinion'),
  eventId: z.string().optional(),
  /** The item the case answers: a 12345 record, or the policy document whose tasks it tracks. */
  sourceItemId: z.string().optional(),
  /** 12345 诉求类型 (咨询, 求助, 建议, 投诉, 举报) of a hotline case. */
  appealType: z.string().optional(),
  lead: z.string(),
  coResponsible: z.array(z.string()),
  level: EventLevel,
  status: z.enum(['open', 'closed']),
  openedAt: Instant,
  dueAt: Instant.optional(),
  deadlines: z.array(CaseDeadline).default([]),
  /** The latest draft's number (0: none yet) and the hash of its text, which an approval must match. */
  draftVersion: z.number().int().nonnegative().default(0),
  draftHash: z.string().optional(),
  approved: Approval.optional(),
  publicationCount: z.number().int().nonnegative().default(0),
  /** When the approved text first went out: what response deadlines are measured against. */
  firstPublishedAt: Instant.optional(),
  closeReason: z.string().optional(),
  updatedAt: Instant,
  lastSeq: z.number().int(),
});
export type CaseRecord = z.infer<typeof CaseRecord>;

export const EvidenceFile = z.object({ name: z.string().min(1).max(200), sha256: z.string().regex(/^[0-9a-f]{64}$/), size: z.number().int().nonnegative() });
export type EvidenceFile = z.infer<typeof EvidenceFile>;

/** Where the fulfilment was made public (落实情况公开). */
export const PublishedOn = z.object({ channel: z.string().min(1), url: z.string().optional() });

const Evidence = z.object({
  text: z.string().optional(),
  url: z.string().optional(),
  file: EvidenceFile.optional(),
  publishedOn: PublishedOn.optional(),
  at: Instant,
  by: z.string().optional(),
});

export const COMMITMENT_SOURCES = ['response', 'policy', 'manual'] as const;

/** A promise made in a response, tracked until it is kept and verified, broken or cancelled. */
export const CommitmentRecord = z.object({
  id: z.string(),
  caseId: z.string(),
  text: z.string(),
  owner: z.string(),
  /** True when no owner was named and the case lead was put in charge. */
  ownerInferred: z.boolean().optional(),
  /** Absent when the promise names no date. */
  dueAt: Instant.optional(),
  /** The time limit as written, kept when no date could be computed from it ("汛期前"). */
  dueText: z.string().optional(),
  vague: z.boolean(),
  vagueWords: z.array(z.string()).optional(),
  source: z.enum(COMMITMENT_SOURCES).default('manual'),
  status: z.enum(['pending', 'fulfilled', 'verified', 'broken', 'cancelled']),
  evidence: z.array(Evidence),
  reason: z.string().optional(),
  verifiedBy: z.string().optional(),
  verifiedAt: Instant.optional(),
  note: z.string().optional(),
  remindedDueSoonAt: Instant.optional(),
  remindedOverdueAt: Instant.optional(),
  updatedAt: Instant,
  lastSeq: z.number().int(),
});
export type CommitmentRecord = z.infer<typeof CommitmentRecord>;

/** A stored case document with the defaults of fields it predates filled in. */
export function caseRecord(doc: unknown): CaseRecord {
  return CaseRecord.parse(doc);
}

export function commitmentRecord(doc: unknown): CommitmentRecord {
  return CommitmentRecord.parse(doc);
}

/**
 * The SHA-256 (hex) of a response text, as drafts, approvals and publications carry it. Line
 * endings and surrounding white space do not count: a text pasted back from a Windows editor
 * is the same text.
 */
export function responseTextHash(text: string): string {
  return createHash('sha256').update(normalizeResponseText(text)).digest('hex');
}

export function normalizeResponseText(text: string): string {
  return text.replace(/\r\n?/g, '\n').trim();
}

const CaseOpened = z.object({
  id: z.string().min(1),
  title: z.string().min(1),
  kind: CaseKind.default('public-opinion'),
  eventId: z.string().optional(),
  sourceItemId: z.string().optional(),
  appealType: z.string().optional(),
  lead: z.string().min(1),
  coResponsible: z.array(z.string()).default([]),
  level: EventLevel,
  dueAt: Instant.optional(),
  deadlines: z.array(CaseDeadline).default([]),
});
// A change of level brings the deadlines of the new level (counted from the opening) with it.
const CaseUpdated = z
  .object({ title: z.string().min(1), lead: z.string().min(1), coResponsible: z.array(z.string()), level: EventLevel, deadlines: z.array(CaseDeadline), dueAt: Instant })
  .partial();
const OptionalReason = z.object({ reason: z.string().optional() });
const DraftSaved = z.object({ version: z.number().int().positive(), text: z.string().min(1), hash: z.string() });
const DraftCommented = z.object({ version: z.number().int().positive(), text: z.string().min(1) });
const DraftApproved = z.object({ version: z.number().int().positive(), hash: z.string() });
const PublicationRecorded = z.object({ channel: z.string().min(1), url: z.string().optional(), publishedAt: Instant, hash: z.string() });
const CommitmentAdded = z.object({
  id: z.string().min(1),
  caseId: z.string().min(1),
  text: z.string().min(1),
  owner: z.string().min(1),
  ownerInferred: z.boolean().optional(),
  dueAt: Instant.optional(),
  dueText: z.string().optional(),
  vague: z.boolean().default(false),
  vagueWords: z.array(z.string()).optional(),
  source: z.enum(COMMITMENT_SOURCES).default('manual'),
});
const WithReason = z.object({ reason: z.string().min(1) });
const Fulfilled = z.object({ text: z.string().optional(), url: z.string().optional(), file: EvidenceFile.optional(), publishedOn: PublishedOn.optional() });
const Verified = z.object({ note: z.string().optional() });
const Reminded = z.object({ kind: z.enum(['due_soon', 'overdue']) });

/** The records an entry reads and changes; the store loads them before calling `project`. */
export interface ProjectionState {
  case?: CaseRecord;
  commitment?: CommitmentRecord;
  /** The newest entry of the same subject, for entries that must not repeat (one digest a day). */
  latestOfSubject?: { action: string; payload: Record<string, unknown> };
}

/** Entries checked against the newest entry of their subject: one digest per date, one acknowledgement per alert, rule revisions in order. */
const AGAINST_LATEST_OF_SUBJECT = new Set(['digest.daily', 'alert.acknowledged', 'rules.saved']);

/** Which records an entry touches, from its subject ("case:ID" or "commitment:ID") and payload. */
export function projectionKeys(
  action: string,
  subject: string,
  payload: Record<string, unknown>,
): { caseId?: string; commitmentId?: string; latestOfSubject?: boolean } {
  if (AGAINST_LATEST_OF_SUBJECT.has(action)) return { latestOfSubject: true };
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

/** A refusal a client can act on (a stale draft, a text that differs from the approved one); the API answers 409. */
function conflict(code: ErrorCode, message: string): never {
  throw new InvalidInputError(code, message);
}

/** Refusal codes that mean "the case has moved on", as opposed to a malformed entry. */
export const CASE_CONFLICT_CODES: ReadonlySet<string> = new Set([
  'case.closed',
  'case.already_approved',
  'case.not_latest_draft',
  'case.unknown_draft',
  'case.not_approved',
  'case.text_mismatch',
  'case.already_open',
  'commitment.already_reminded',
  'alert.already_acknowledged',
]);

/**
 * Applies one entry to the case and commitment projections. Pure: the same entries in the
 * same order give the same projections on every store. Throws for entries that would make
 * the projections inconsistent (unknown case, a second opening, fulfilling a cancelled
 * commitment, approving a stale draft, publishing a text other than the approved one), so
 * such an entry is never written to the chain. Entries on other subjects change no projection;
 * alert.acknowledged, digest.daily and rules.saved are checked against the newest entry of their
 * subject (one per alert, one per date, revisions in order); actions it does not know are
 * recorded as they are.
 */
export function project(entry: Omit<LedgerEntry, 'hash' | 'prevHash'>, state: ProjectionState): ProjectionState {
  const { action, at, seq } = entry;
  const [, subjectId] = splitSubject(entry.subject);
  // Documents stored before a field existed get its default here, before any rule reads them.
  const stored = state.case ? caseRecord(state.case) : undefined;
  switch (action) {
    case 'case.opened': {
      const p = parse(CaseOpened, entry.payload, action);
      if (p.id !== subjectId) refuse(`case.opened: subject case:${subjectId} does not match id ${p.id}`);
      if (stored) conflict('case.already_open', `case ${p.id} is already open`);
      return { case: { ...p, status: 'open', draftVersion: 0, publicationCount: 0, openedAt: at, updatedAt: at, lastSeq: seq } };
    }
    case 'case.updated':
    case 'case.closed':
    case 'case.reopened':
    case 'draft.saved':
    case 'draft.commented':
    case 'draft.approved':
    case 'publication.recorded': {
      const current = stored ?? refuse(`${action}: case ${subjectId} does not exist`);
      return { case: { ...caseTransition(action, entry.payload, current, entry.actor.id, at), updatedAt: at, lastSeq: seq } };
    }
    case 'commitment.added': {
      const p = parse(CommitmentAdded, entry.payload, action);
      if (p.id !== subjectId) refuse(`commitment.added: subject commitment:${subjectId} does not match id ${p.id}`);
      if (!stored) refuse(`commitment.added: case ${p.caseId} does not exist`);
      if (stored.status === 'closed') conflict('case.closed', `commitment.added: case ${p.caseId} is closed`);
      if (state.commitment) refuse(`commitment ${p.id} already exists`);
      return { commitment: { ...p, status: 'pending', evidence: [], updatedAt: at, lastSeq: seq } };
    }
    case 'commitment.fulfilled':
    case 'commitment.verified':
    case 'commitment.broken':
    case 'commitment.cancelled':
    case 'commitment.reminded': {
      const current = state.commitment ? commitmentRecord(state.commitment) : undefined;
      return { commitment: transition(action, entry.payload, current, subjectId, entry.actor.id, at, seq) };
    }
    case 'alert.acknowledged':
      // Acknowledging is the only entry on an alert's subject: any earlier one is an acknowledgement.
      if (state.latestOfSubject) conflict('alert.already_acknowledged', `${entry.subject} is already acknowledged`);
      return {};
    case 'digest.daily': {
      const { date } = parse(z.object({ date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) }), entry.payload, action);
      const latest = state.latestOfSubject;
      if (latest?.action === action && latest.payload.date === date) refuse(`${action}: ${entry.subject} already has ${date}`);
      return {};
    }
    case 'rules.saved': {
      // Revisions count from 1; saving revision n replaces n − 1, so of two administrators
      // editing the same revision at once, the second is refused instead of silently undoing the first.
      const { revision } = parse(z.object({ revision: z.number().int().positive() }), entry.payload, action);
      const latest = state.latestOfSubject;
      const current = latest?.action === action ? Number(latest.payload.revision) : 0;
      if (revision !== current + 1) conflict('rules.changed_meanwhile', `${entry.subject} is at revision ${current}, not ${revision - 1}`);
      return {};
    }
    default:
      return {};
  }
}

function caseTransition(action: string, payload: Record<string, unknown>, c: CaseRecord, actorId: string, at: string): CaseRecord {
  if (action === 'case.reopened') {
    if (c.status === 'open') refuse(`case.reopened: case ${c.id} is open`);
    const { closeReason: _, ...rest } = c;
    return { ...rest, status: 'open' };
  }
  if (c.status === 'closed') conflict('case.closed', `${action}: case ${c.id} is closed`);
  switch (action) {
    case 'case.updated':
      return { ...c, ...parse(CaseUpdated, payload, action) };
    case 'case.closed': {
      const { reason } = parse(OptionalReason, payload, action);
      return { ...c, status: 'closed', ...(reason ? { closeReason: reason } : {}) };
    }
    case 'draft.saved': {
      const p = parse(DraftSaved, payload, action);
      if (c.approved) conflict('case.already_approved', `draft.saved: case ${c.id} already has an approved text (version ${c.approved.version})`);
      if (p.version !== c.draftVersion + 1) conflict('case.not_latest_draft', `draft.saved: the next draft of case ${c.id} is version ${c.draftVersion + 1}, not ${p.version}`);
      if (p.hash !== responseTextHash(p.text)) refuse('draft.saved: hash is not the SHA-256 of the text');
      return { ...c, draftVersion: p.version, draftHash: p.hash };
    }
    case 'draft.commented': {
      const p = parse(DraftCommented, payload, action);
      if (p.version > c.draftVersion) conflict('case.unknown_draft', `draft.commented: case ${c.id} has no draft version ${p.version}`);
      return c;
    }
    case 'draft.approved': {
      const p = parse(DraftApproved, payload, action);
      if (c.approved) conflict('case.already_approved', `draft.approved: version ${c.approved.version} of case ${c.id} is already approved`);
      if (p.version > c.draftVersion) conflict('case.unknown_draft', `draft.approved: case ${c.id} has no draft version ${p.version}`);
      if (p.version !== c.draftVersion) conflict('case.not_latest_draft', `draft.approved: version ${p.version} is not the latest draft (${c.draftVersion})`);
      if (p.hash !== c.draftHash) conflict('case.text_mismatch', `draft.approved: hash does not match draft version ${p.version}`);
      return { ...c, approved: { version: p.version, hash: p.hash, by: actorId, at } };
    }
    default: {
      const p = parse(PublicationRecorded, payload, action);
      if (!c.approved) conflict('case.not_approved', `publication.recorded: case ${c.id} has no approved text yet`);
      if (p.hash !== c.approved.hash) conflict('case.text_mismatch', '发布文本与审定的统一口径不一致 / the published text differs from the approved text');
      // The on-time figures read firstPublishedAt: a publication cannot predate its approval, nor lie ahead of its recording.
      const published = Date.parse(p.publishedAt);
      if (published < Date.parse(c.approved.at) || published > Date.parse(at) + PUBLICATION_CLOCK_SKEW_MS) {
        throw new InvalidInputError('case.bad_publication_time', `发布时间须在审定之后、登记之时以前 / publishedAt must lie between the approval (${c.approved.at}) and now`);
      }
      const first = c.firstPublishedAt && Date.parse(c.firstPublishedAt) <= Date.parse(p.publishedAt) ? c.firstPublishedAt : p.publishedAt;
      return { ...c, publicationCount: c.publicationCount + 1, firstPublishedAt: first };
    }
  }
}

/** How far ahead of the recording a publication time may lie: clocks of the people's devices. */
const PUBLICATION_CLOCK_SKEW_MS = 5 * 60_000;

/**
 * A broken commitment stays on record: it can still be fulfilled late, not cancelled away.
 * Reminders go only to commitments still pending.
 */
const ALLOWED_FROM: Record<string, CommitmentRecord['status'][]> = {
  'commitment.fulfilled': ['pending', 'fulfilled', 'broken'],
  'commitment.verified': ['fulfilled'],
  'commitment.broken': ['pending', 'fulfilled'],
  'commitment.cancelled': ['pending', 'fulfilled'],
  'commitment.reminded': ['pending'],
};

/** Whether a commitment in this status takes this action (what the projection will accept). */
export function commitmentMay(action: string, status: CommitmentRecord['status']): boolean {
  return ALLOWED_FROM[action]?.includes(status) ?? false;
}

function transition(
  action: string,
  payload: Record<string, unknown>,
  current: CommitmentRecord | undefined,
  id: string,
  actorId: string,
  at: string,
  seq: number,
): CommitmentRecord {
  if (!current) refuse(`${action}: commitment ${id} does not exist`);
  if (!commitmentMay(action, current.status)) refuse(`${action}: commitment ${id} is ${current.status}`);
  const base = { ...current, updatedAt: at, lastSeq: seq };
  switch (action) {
    case 'commitment.fulfilled': {
      const ev = parse(Fulfilled, payload, action);
      return { ...base, status: 'fulfilled', evidence: [...current.evidence, { ...ev, at, by: actorId }] };
    }
    case 'commitment.verified': {
      const { note } = parse(Verified, payload, action);
      return { ...base, status: 'verified', verifiedBy: actorId, verifiedAt: at, ...(note ? { note } : {}) };
    }
    case 'commitment.broken':
      return { ...base, status: 'broken', reason: parse(WithReason, payload, action).reason };
    case 'commitment.reminded': {
      const { kind } = parse(Reminded, payload, action);
      const field = kind === 'due_soon' ? 'remindedDueSoonAt' : 'remindedOverdueAt';
      if (current[field]) conflict('commitment.already_reminded', `commitment ${id} was already reminded (${kind}) at ${current[field]}`);
      return { ...base, [field]: at };
    }
    default:
      return { ...base, status: 'cancelled', reason: parse(WithReason, payload, action).reason };
  }
}
