import { createHash } from 'node:crypto';
import { z } from 'zod';
import { InvalidInputError } from '../errors.ts';
import { parseLedgerAction } from './ledger-actions.ts';
import { Instant, toChinaIso } from './time.ts';

export const Actor = z.object({
  id: z.string().min(1),
  /** The display name when the action was taken; the id stays the stable reference. */
  name: z.string().optional(),
  role: z.string().min(1),
  department: z.string().optional(),
});
export type Actor = z.infer<typeof Actor>;

/**
 * What a caller asks to append; seq and hashes are the store's. `action` and `payload` must be
 * one of the LedgerAction union (ledger-actions.ts). `at` is when the action happened by the
 * caller's clock (the responder passes its injected clock, which tests fix); omitted, it is the
 * appending process's clock at the append.
 */
export const LedgerAppend = z.object({
  at: Instant.optional(),
  actor: Actor,
  action: z.string(),
  subject: z.string().min(1),
  payload: z.record(z.string(), z.unknown()),
});
export type LedgerAppend = z.infer<typeof LedgerAppend>;

/** One link of the append-only audit chain. */
export const LedgerEntry = z.object({
  seq: z.number().int().positive(),
  at: Instant,
  actor: Actor,
  action: z.string(),
  subject: z.string(),
  payload: z.record(z.string(), z.unknown()),
  prevHash: z.string(),
  hash: z.string(),
});
export type LedgerEntry = z.infer<typeof LedgerEntry>;

/** The hash the chain starts from. */
export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted, so a hash never depends on key order. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function entryHash(entry: Omit<LedgerEntry, 'hash'>): string {
  return createHash('sha256').update(canonicalJson(entry)).digest('hex');
}

export type ChainVerdict =
  | { ok: true; entries: number; headHash: string }
  | { ok: false; entries: number; brokenAt: number; reason: string };

/**
 * Checks entries in seq order. Stops at the first entry whose seq, link or hash is wrong:
 * that is where someone altered, removed or inserted a row. Takes an async source too, so a
 * server-backed store can stream a long chain page by page.
 */
export async function verifyChain(entries: Iterable<LedgerEntry> | AsyncIterable<LedgerEntry>): Promise<ChainVerdict> {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let count = 0;
  for await (const entry of entries) {
    count += 1;
    const { hash, ...rest } = entry;
    if (entry.seq !== expectedSeq) {
      return { ok: false, entries: count, brokenAt: expectedSeq, reason: `entry ${expectedSeq} is missing (found ${entry.seq})` };
    }
    if (entry.prevHash !== prevHash) {
      return { ok: false, entries: count, brokenAt: entry.seq, reason: 'prevHash does not match the hash of the entry before' };
    }
    if (entryHash(rest) !== hash) {
      return { ok: false, entries: count, brokenAt: entry.seq, reason: 'content does not match its hash' };
    }
    prevHash = hash;
    expectedSeq += 1;
  }
  return { ok: true, entries: count, headHash: prevHash };
}

/** An append request as stores write it: validated, its time settled, its JSON as it will read back. */
export type NormalizedAppend = LedgerAppend & { at: string };

/**
 * Validates an append request (the envelope, then the action and its payload against the
 * closed set of actions) and returns it as its stored JSON will read back, so the hash
 * made now verifies later on every store (a Date or class instance would hash differently
 * from the JSON it is stored as). The subject goes into a text column, where NUL cannot be
 * stored and a lone surrogate comes back altered.
 */
export function normalizeAppend(request: LedgerAppend): NormalizedAppend {
  const parsed = LedgerAppend.safeParse(request);
  const refuse = (message: string): never => {
    throw new InvalidInputError('ledger.invalid_entry', `台账条目不合格式 / invalid ledger entry: ${message}`);
  };
  if (!parsed.success) return refuse(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  if (parsed.data.subject.includes('\u0000') || /\p{Cs}/u.test(parsed.data.subject)) refuse('subject: contains NUL or an unpaired surrogate');
  let normalized: NormalizedAppend;
  try {
    normalized = JSON.parse(JSON.stringify({ ...parsed.data, at: parsed.data.at ?? toChinaIso(Date.now()) })) as NormalizedAppend;
  } catch (err) {
    return refuse(`payload is not JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  // Validated only: what is stored and hashed is the payload as given, never zod's output with defaults filled in.
  parseLedgerAction(normalized.action, normalized.payload);
  return normalized;
}
