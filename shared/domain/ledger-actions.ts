import { z } from 'zod';
import { InvalidInputError } from '../errors.ts';
import { EventLevel } from './event.ts';
import { CaseDeadline, CaseKind, COMMITMENT_PROMISERS, COMMITMENT_SOURCES, EvidenceFile, PublishedOn } from './ledger-projections.ts';
import { Instant } from './time.ts';

// One payload schema per action. Entries already in the chain were written with the shapes of
// their day and are hashed as written: a field added later is optional or has a default, and
// keys a schema does not name are accepted (zod objects ignore them), never rewritten.

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
const Version = z.number().int().positive();
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
  // Who promised: entries written before the field existed are the government's own promises.
  promiser: z.enum(COMMITMENT_PROMISERS).default('government'),
  party: z.string().min(1).optional(),
});
const WithReason = z.object({ reason: z.string().min(1) });
const JsonObject = z.record(z.string(), z.unknown());
const Empty = z.object({});

/** Every action the ledger records, each with the payload it carries. */
export const LedgerAction = z.discriminatedUnion('action', [
  // Cases and their unified response text (统一口径).
  z.object({ action: z.literal('case.opened'), payload: CaseOpened }),
  z.object({ action: z.literal('case.updated'), payload: CaseUpdated }),
  z.object({ action: z.literal('case.closed'), payload: OptionalReason }),
  z.object({ action: z.literal('case.reopened'), payload: OptionalReason }),
  z.object({ action: z.literal('draft.saved'), payload: z.object({ version: Version, text: z.string().min(1), hash: z.string() }) }),
  z.object({ action: z.literal('draft.commented'), payload: z.object({ version: Version, text: z.string().min(1) }) }),
  z.object({ action: z.literal('draft.approved'), payload: z.object({ version: Version, hash: z.string() }) }),
  z.object({
    action: z.literal('publication.recorded'),
    payload: z.object({ channel: z.string().min(1), url: z.string().optional(), publishedAt: Instant, hash: z.string() }),
  }),
  // Commitments (承诺) made in responses.
  z.object({ action: z.literal('commitment.added'), payload: CommitmentAdded }),
  z.object({
    action: z.literal('commitment.fulfilled'),
    payload: z.object({ text: z.string().optional(), url: z.string().optional(), file: EvidenceFile.optional(), publishedOn: PublishedOn.optional() }),
  }),
  z.object({ action: z.literal('commitment.verified'), payload: z.object({ note: z.string().optional() }) }),
  z.object({ action: z.literal('commitment.broken'), payload: WithReason }),
  z.object({ action: z.literal('commitment.cancelled'), payload: WithReason }),
  z.object({ action: z.literal('commitment.reminded'), payload: z.object({ kind: z.enum(['due_soon', 'overdue']) }) }),
  // Checked against the newest entry of their subject: once per alert, once per date, revisions in order.
  z.object({ action: z.literal('alert.acknowledged'), payload: z.object({ note: z.string().optional() }) }),
  z.object({ action: z.literal('digest.daily'), payload: z.object({ date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), figures: JsonObject.optional() }) }),
  z.object({ action: z.literal('rules.saved'), payload: z.object({ revision: Version, reason: z.string().optional(), rules: JsonObject.optional() }) }),
  // Accounts and sessions: recorded for the audit, no projection.
  z.object({
    action: z.literal('user.created'),
    payload: z.object({ name: z.string().min(1), displayName: z.string().optional(), role: z.string().min(1), department: z.string().optional() }),
  }),
  z.object({ action: z.literal('user.updated'), payload: z.object({ changes: JsonObject }) }),
  z.object({ action: z.literal('user.password_reset'), payload: Empty }),
  z.object({ action: z.literal('user.password_changed'), payload: Empty }),
  z.object({ action: z.literal('department.created'), payload: z.object({ name: z.string().min(1) }) }),
  z.object({ action: z.literal('session.login'), payload: z.object({ ip: z.string().optional() }) }),
  z.object({ action: z.literal('session.logout'), payload: Empty }),
  z.object({ action: z.literal('session.login_failed'), payload: z.object({ ip: z.string().optional(), reason: z.string().optional() }) }),
]);
/** An action with its payload as the projections read it (defaults of later fields filled in). */
export type LedgerAction = z.infer<typeof LedgerAction>;
export type LedgerActionName = LedgerAction['action'];
/** The payload of one action, as the projections read it. */
export type PayloadOf<A extends LedgerActionName> = Extract<LedgerAction, { action: A }>['payload'];

/** Every action name the ledger records. */
export const LEDGER_ACTIONS: readonly LedgerActionName[] = LedgerAction.options.map((o) => o.shape.action.value);
const KNOWN: ReadonlySet<string> = new Set(LEDGER_ACTIONS);

/**
 * Reads an action and its payload as the closed set above: `ledger.invalid_entry` for an action
 * the ledger does not know, `ledger.invalid_payload` for a payload of the wrong shape. The
 * caller keeps the payload as written; the result is only for reading it.
 */
export function parseLedgerAction(action: string, payload: unknown): LedgerAction {
  if (!KNOWN.has(action)) throw new InvalidInputError('ledger.invalid_entry', `台账不认识的动作：${JSON.stringify(action)} / unknown ledger action`);
  const parsed = LedgerAction.safeParse({ action, payload });
  if (!parsed.success) throw new InvalidInputError('ledger.invalid_payload', `台账动作 ${action} 的内容不合格式 / invalid payload: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/** The end of an exhaustive switch over actions: TypeScript refuses to compile when one is left out. */
export function unhandledAction(action: never): never {
  throw new InvalidInputError('ledger.invalid_entry', `台账不认识的动作：${JSON.stringify(action)} / unhandled ledger action`);
}

export function isLedgerActionName(action: string): action is LedgerActionName {
  return KNOWN.has(action);
}
