import type { Logger } from '../../../shared/logger.ts';
import type { LedgerStore } from '../../../shared/ports/ledger-store.ts';
import type { SearchIndex } from '../../../shared/ports/search-index.ts';
import { caseDepartments } from '../auth/department-access.ts';

export interface EventDepartmentsOptions {
  /** How long an event's departments are reused; items and cases keep arriving, so briefly. */
  ttlMs?: number;
  /** Events remembered at most. */
  capacity?: number;
  now?: () => number;
}

/** Departments named by one event's items that a department room is addressed from, at most. */
const MAX_DEPARTMENTS = 100;
/** Events of one department an alert list reaches, at most (those with the most items naming it first). */
const MAX_DEPARTMENT_EVENTS = 10_000;
/** Index queries in flight at once: a replay over many events must not flood the index. */
const CONCURRENCY = 16;

/**
 * The departments an event concerns: those its items name (承办单位 or found in the text by the
 * analyzer) and the lead and co-responsible departments of every case opened for it. Cached
 * per event for a short while, since an alert batch and a replay ask about the same events.
 */
export class EventDepartments {
  private readonly cache = new Map<string, { departments: string[]; at: number }>();
  private readonly ttlMs: number;
  private readonly capacity: number;
  private readonly now: () => number;

  constructor(
    private readonly index: SearchIndex,
    private readonly ledger: LedgerStore,
    private readonly logger: Logger,
    opts: EventDepartmentsOptions = {},
  ) {
    this.ttlMs = opts.ttlMs ?? 30_000;
    this.capacity = opts.capacity ?? 2_000;
    this.now = opts.now ?? Date.now;
  }

  /**
   * Departments per event id. An event whose departments could not be resolved (index or
   * ledger down) is absent from the map, logged, and not cached: the caller decides what
   * an unknown audience means (live delivery still reaches the role rooms).
   */
  async of(eventIds: readonly string[]): Promise<Map<string, string[]>> {
    const result = new Map<string, string[]>();
    const missing: string[] = [];
    for (const id of new Set(eventIds)) {
      const hit = this.cache.get(id);
      if (hit && this.now() - hit.at < this.ttlMs) result.set(id, hit.departments);
      else missing.push(id);
    }
    if (missing.length === 0) return result;

    let caseDepts: Map<string, string[]>;
    try {
      caseDepts = await this.caseDepartmentsOf(new Set(missing));
    } catch (err) {
      this.logger.warn({ err, eventIds: missing.slice(0, 20), failed: missing.length }, 'cases of alerted events could not be read; department rooms skipped');
      return result;
    }
    const failed: string[] = [];
    let lastError: unknown;
    const resolve = async (eventId: string) => {
      try {
        const agg = await this.index.aggregateItems({ eventId }, { terms: ['department'], size: MAX_DEPARTMENTS });
        const named = (agg.terms.department ?? []).map((b) => b.key);
        const departments = [...new Set([...named, ...(caseDepts.get(eventId) ?? [])])];
        this.remember(eventId, departments);
        result.set(eventId, departments);
      } catch (err) {
        failed.push(eventId);
        lastError = err;
      }
    };
    for (let i = 0; i < missing.length; i += CONCURRENCY) await Promise.all(missing.slice(i, i + CONCURRENCY).map(resolve));
    // One line per call, however many events failed: a replay can ask about thousands.
    if (failed.length > 0) this.logger.warn({ err: lastError, eventIds: failed.slice(0, 20), failed: failed.length }, 'departments of alerted events could not be read; department rooms skipped');
    return result;
  }

  /**
   * The events that concern any of these departments, by the same rule as of(): their items
   * name one, or a case opened for them has one as lead or co-responsible department.
   */
  async eventsOf(departments: readonly string[]): Promise<string[]> {
    if (departments.length === 0) return [];
    const [named, cases] = await Promise.all([
      this.index.aggregateItems({ departments: [...departments] }, { terms: ['event'], size: MAX_DEPARTMENT_EVENTS }),
      this.ledger.listCases(),
    ]);
    const events = new Set((named.terms.event ?? []).map((b) => b.key));
    if (events.size === MAX_DEPARTMENT_EVENTS) this.logger.warn({ departments, limit: MAX_DEPARTMENT_EVENTS }, 'department alert list reaches only the events with the most items');
    for (const c of cases) {
      if (c.eventId !== undefined && caseDepartments(c).some((d) => departments.includes(d))) events.add(c.eventId);
    }
    return [...events];
  }

  /** One read of the case projections for all the events asked about. */
  private async caseDepartmentsOf(eventIds: Set<string>): Promise<Map<string, string[]>> {
    const byEvent = new Map<string, string[]>();
    for (const c of await this.ledger.listCases()) {
      if (c.eventId === undefined || !eventIds.has(c.eventId)) continue;
      byEvent.set(c.eventId, [...(byEvent.get(c.eventId) ?? []), ...caseDepartments(c)]);
    }
    return byEvent;
  }

  private remember(eventId: string, departments: string[]): void {
    this.cache.delete(eventId);
    this.cache.set(eventId, { departments, at: this.now() });
    if (this.cache.size > this.capacity) this.cache.delete(this.cache.keys().next().value!);
  }
}
