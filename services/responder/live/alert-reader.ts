import type { User } from '../../../shared/domain/account.ts';
import type { Alert, AlertView } from '../../../shared/domain/alert.ts';
import type { Logger } from '../../../shared/logger.ts';
import type { LedgerStore } from '../../../shared/ports/ledger-store.ts';
import type { AlertQuery, Hits, SearchIndex } from '../../../shared/ports/search-index.ts';
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

  /** One page of alerts, newest first; for a department, those of the events that concern it. */
  async search(user: User, filter: Omit<AlertQuery, 'page'>, page: { offset: number; limit: number }): Promise<Hits<AlertView>> {
    const scope = departmentScope(user);
    let query: AlertQuery = { ...filter, page };
    if (scope !== undefined) {
      const own = await this.departments.eventsOf(scope);
      const eventIds = filter.eventIds ? own.filter((id) => filter.eventIds!.includes(id)) : own;
      if (eventIds.length === 0) return { total: 0, hits: [] };
      query = { ...query, eventIds };
    }
    const found = await this.index.searchAlerts(query);
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
