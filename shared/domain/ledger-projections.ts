import { createHash } from 'node:crypto';
import { z } from 'zod';
import { EventLevel } from './event.ts';
import { Instant } from './time.ts';

// The records the ledger keeps in step with its chain (projections): cases and commitments.
// `project` (ledger-project.ts) makes them from entries; stores persist and read them back.

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
/** Who makes a promise: the government (the replying unit or a body acting for it), or a named third party whose promise a reply relays. */
export const COMMITMENT_PROMISERS = ['government', 'third-party'] as const;

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
  /** Records kept before the field existed are the government's own promises. */
  promiser: z.enum(COMMITMENT_PROMISERS).default('government'),
  /** The third party as the reply names it ("物业公司"); the owner answers for following it up. */
  party: z.string().optional(),
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

