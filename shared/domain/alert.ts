import { createHash } from 'node:crypto';
import { z } from 'zod';
import { EventLevel } from './event.ts';
import { Instant } from './time.ts';

/** Payload of topic alerts. */
export const Alert = z.object({
  id: z.string(),
  eventId: z.string(),
  rule: z.string(),
  level: EventLevel,
  message: z.string(),
  createdAt: Instant,
  sampleItemIds: z.array(z.string()),
});
export type Alert = z.infer<typeof Alert>;

/** One alert per event, rule and level: a redelivered or re-analyzed item cannot double it. */
export function alertId(eventId: string, rule: string, level: EventLevel): string {
  return createHash('sha256').update(`${eventId}\u0000${rule}\u0000${level}`).digest('hex').slice(0, 24);
}
