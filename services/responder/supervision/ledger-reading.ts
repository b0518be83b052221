import type { LedgerEntry } from '../../../shared/domain/ledger.ts';
import type { EntryQuery, LedgerStore } from '../../../shared/ports/ledger-store.ts';

/** The store pages entries 1000 at a time at most. */
const PAGE = 1000;

/** Every entry matching the query after `afterSeq`, page by page, in seq order. */
export async function* allEntries(ledger: Pick<LedgerStore, 'entries'>, query: Omit<EntryQuery, 'limit'> = {}): AsyncGenerator<LedgerEntry[]> {
  for (let after = query.afterSeq ?? 0; ; ) {
    const page = await ledger.entries({ ...query, afterSeq: after, limit: PAGE });
    if (page.length) yield page;
    if (page.length < PAGE) return;
    after = page[page.length - 1]!.seq;
  }
}

export interface AuditFilter {
  afterSeq?: number | undefined;
  /** Actor id. */
  actor?: string | undefined;
  action?: string | undefined;
  subject?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  limit: number;
}

/**
 * One page of the audit chain matching the filter, in seq order, filtered by the store.
 * `nextAfterSeq` is where the next page starts (pass it as afterSeq), or null at the end.
 */
export async function auditPage(ledger: Pick<LedgerStore, 'entries'>, f: AuditFilter): Promise<{ entries: LedgerEntry[]; nextAfterSeq: number | null }> {
  const query: Omit<EntryQuery, 'limit'> = {
    ...(f.afterSeq !== undefined ? { afterSeq: f.afterSeq } : {}),
    ...(f.subject !== undefined ? { subject: f.subject } : {}),
    ...(f.action !== undefined ? { action: f.action } : {}),
    ...(f.actor !== undefined ? { actorId: f.actor } : {}),
    ...(f.from !== undefined ? { from: f.from } : {}),
    ...(f.to !== undefined ? { to: f.to } : {}),
  };
  const found: LedgerEntry[] = [];
  for await (const page of allEntries(ledger, query)) {
    found.push(...page.slice(0, f.limit - found.length));
    if (found.length === f.limit) return { entries: found, nextAfterSeq: found[found.length - 1]!.seq };
  }
  return { entries: found, nextAfterSeq: null };
}

/** The newest entry of `action` on `subject`, or undefined. */
export async function latestEntry(ledger: Pick<LedgerStore, 'entries'>, subject: string, action: string): Promise<LedgerEntry | undefined> {
  let latest: LedgerEntry | undefined;
  for await (const page of allEntries(ledger, { subject, action })) latest = page[page.length - 1];
  return latest;
}
