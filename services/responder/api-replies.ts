/**
 * The replies of the index routes in api.ts, declared once for the API and the console. Types only.
 */
import type { AlertView } from '../../shared/domain/alert.ts';
import type { AnalyzedItem } from '../../shared/domain/analyzed-item.ts';
import type { Event } from '../../shared/domain/event.ts';
import type { Hits } from '../../shared/ports/search-index.ts';

/** GET /events/:id: the event, its newest items and the alerts the user may see. */
export interface EventDetailReply {
  event: Event;
  items: Hits<AnalyzedItem>;
  alerts: Hits<AlertView>;
}

/** GET /departments: the names for the case forms. */
export interface DepartmentNamesReply {
  departments: string[];
}
