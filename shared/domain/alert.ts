import { createHash } from 'node:crypto';
import { z } from 'zod';
import { EventLevel } from './event.ts';
import type { Actor } from './ledger.ts';
import { Instant } from './time.ts';

/** One rule that fired for an alert, with its figures in Chinese. */
export const AlertFinding = z.object({
  rule: z.string(),
  level: EventLevel,
  reason: z.string(),
  /** What the finding is about when a rule counts across events, e.g. 办事事项「不动产登记」. */
  subject: z.string().optional(),
});
export type AlertFinding = z.infer<typeof AlertFinding>;

/** Payload of topic alerts. */
export const Alert = z.object({
  id: z.string(),
  eventId: z.string(),
  rule: z.string(),
  level: EventLevel,
  /** The event's title when the alert was raised: what the alert is about, in a line (absent on older alerts). */
  title: z.string().optional(),
  /** Title, level and grounds as one text, for notifications and logs. */
  message: z.string(),
  createdAt: Instant,
  sampleItemIds: z.array(z.string()),
  /** Every rule that fired (absent on alerts raised before alerts recorded their findings). */
  findings: z.array(AlertFinding).optional(),
});
export type Alert = z.infer<typeof Alert>;

/** An alert as the console lists it: with who acknowledged it (alert.acknowledged in the ledger), if anyone did. */
export interface AlertView extends Alert {
  acknowledged?: { by: Actor; at: string; note?: string };
}

/** One alert per event, rule and level: a redelivered or re-analyzed item cannot double it. */
export function alertId(eventId: string, rule: string, level: EventLevel): string {
  return createHash('sha256').update(`${eventId}\u0000${rule}\u0000${level}`).digest('hex').slice(0, 24);
}
