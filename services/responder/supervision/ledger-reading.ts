import type { LedgerEntry } from '../../../shared/domain/ledger.ts';
import type { EntryQuery, LedgerStore } from '../../../shared/ports/ledger-store.ts';

/** The store pages entries 1000 at a time at most. */
const PAGE = 1000;

/** Every entry after `afterSeq` (of one subject, if given), page by page, in seq order. */
export async function* allEntries(ledger: LedgerStore, query: Omit<EntryQuery, 'limit'> = {}): AsyncGenerator<LedgerEntry[]> {
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

export function matchesAudit(e: LedgerEntry, f: Omit<AuditFilter, 'afterSeq' | 'limit'>): boolean {
  if (f.actor !== undefined && e.actor.id !== f.actor) return false;
  if (f.action !== undefined && e.action !== f.action) return false;
  if (f.subject !== undefined && e.subject !== f.subject) return false;
  const at = Date.parse(e.at);
  if (f.from !== undefined && at < Date.parse(f.from)) return false;
  if (f.to !== undefined && at > Date.parse(f.to)) return false;
  return true;
}

/**
 * One page of the audit chain matching the filter, in seq order. `nextAfterSeq` is where the
 * next page starts (pass it as afterSeq), or null at the end of the chain. The store filters by
 * subject itself; the other filters are applied here while paging, so a rare action costs a
 * scan of the chain, as verifying it does.
 */
export async function auditPage(ledger: LedgerStore, f: AuditFilter): Promise<{ entries: LedgerEntry[]; nextAfterSeq: number | null }> {
  const found: LedgerEntry[] = [];
  const query = { ...(f.afterSeq !== undefined ? { afterSeq: f.afterSeq } : {}), ...(f.subject !== undefined ? { subject: f.subject } : {}) };
  for await (const page of allEntries(ledger, query)) {
    for (const e of page) {
      if (!matchesAudit(e, f)) continue;
      found.push(e);
      if (found.length === f.limit) return { entries: found, nextAfterSeq: e.seq };
    }
  }
  return { entries: found, nextAfterSeq: null };
}

/** The newest entry of `action` on `subject`, or undefined. */
export async function latestEntry(ledger: LedgerStore, subject: string, action: string): Promise<LedgerEntry | undefined> {
  let latest: LedgerEntry | undefined;
  for await (const page of allEntries(ledger, { subject })) {
    for (const e of page) if (e.action === action) latest = e;
  }
  return latest;
}
