import type { User } from '../../../shared/domain/account.ts';
import type { Alert, AlertView } from '../../../shared/domain/alert.ts';
import type { Logger } from '../../../shared/logger.ts';
import type { LedgerStore } from '../../../shared/ports/ledger-store.ts';
import type { AlertQuery, Hits, SearchIndex } from '../../../shared/ports/search-index.ts';
import { MAX_PAGE } from '../../../shared/ports/search-terms.ts';
import { departmentScope } from '../auth/department-access.ts';
import { EventDepartments } from './event-departments.ts';
import { mayReceiveAlert } from './rooms.ts';

/**
 * Reads alerts as one user may see them: a 承办单位 only those whose event names its department
 * (the rule the live rooms follow), everyone else all of them; each with its acknowledgement.
 */
export class AlertReader {
  readonly departments: EventDepartments;

  constructor(
    private readonly index: SearchIndex,
    private readonly ledger: LedgerStore,
    logger: Logger,
  ) {
    this.departments = new EventDepartments(index, ledger, logger);
  }

  /** The alerts among these that the user may see; an alert whose departments cannot be read is withheld from a department. */
  async visibleTo(user: User, alerts: Alert[]): Promise<Alert[]> {
    if (departmentScope(user) === undefined) return alerts;
    const byEvent = await this.departments.of(alerts.map((a) => a.eventId));
    return alerts.filter((a) => {
      const d = byEvent.get(a.eventId);
      return d !== undefined && mayReceiveAlert(user, d);
    });
  }

  /**
   * One page of alerts, newest first. For a department the newest MAX_PAGE matching alerts are
   * filtered, then paged: its alerts are few, and older ones are reached by narrowing `since`.
   */
  async search(user: User, filter: Omit<AlertQuery, 'page'>, page: { offset: number; limit: number }): Promise<Hits<AlertView>> {
    let found: Hits<Alert>;
    if (departmentScope(user) === undefined) {
      found = await this.index.searchAlerts({ ...filter, page });
    } else {
      const scanned = await this.index.searchAlerts({ ...filter, page: { offset: 0, limit: MAX_PAGE } });
      const visible = await this.visibleTo(user, scanned.hits);
      found = { total: visible.length, hits: visible.slice(page.offset, page.offset + page.limit) };
    }
    return { total: found.total, hits: await Promise.all(found.hits.map((a) => this.withAcknowledgement(a))) };
  }

  private async withAcknowledgement(alert: Alert): Promise<AlertView> {
    const entries = await this.ledger.entries({ subject: `alert:${alert.id}`, limit: 10 });
    const ack = entries.find((e) => e.action === 'alert.acknowledged');
    if (!ack) return alert;
    const note = typeof ack.payload.note === 'string' ? ack.payload.note : undefined;
    return { ...alert, acknowledged: { by: ack.actor, at: ack.at, ...(note ? { note } : {}) } };
  }
}
