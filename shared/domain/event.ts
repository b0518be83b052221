import { z } from 'zod';
import { Instant } from './time.ts';

/** Levels of 政务舆情 in rising order of gravity. */
export const EVENT_LEVELS = ['一般', '较大', '重大', '特别重大'] as const;
export const EventLevel = z.enum(EVENT_LEVELS);
export type EventLevel = z.infer<typeof EventLevel>;

export function levelRank(level: EventLevel): number {
  return EVENT_LEVELS.indexOf(level);
}

export const Event = z.object({
  id: z.string(),
  title: z.string(),
  topics: z.array(z.string()),
  places: z.array(z.string()),
  firstSeen: Instant,
  lastSeen: Instant,
  /** Every item, copies included. */
  itemCount: z.number().int().nonnegative(),
  /** Distinct texts and near-duplicate copies of them (itemCount = distinct + copies). */
  distinctCount: z.number().int().nonnegative().optional(),
  copyCount: z.number().int().nonnegative().optional(),
  /** The item the title comes from: the most copied, then the nearest the event's centroid. */
  representativeItemId: z.string().optional(),
  counts: z.object({ hotline: z.number().int(), comment: z.number().int(), page: z.number().int() }),
  /** Items per hour, oldest first; hour is the start of the hour. */
  hourly: z.array(z.object({ hour: Instant, count: z.number().int() })),
  heat: z.number(),
  level: EventLevel,
  /** closed: 已平息 (quiet for the configured period); merged: found to be part of `mergedInto`, kept as the record of the merge. */
  status: z.enum(['active', 'closed', 'merged']),
  /** The older event this one was merged into: its items and alerts now belong there. */
  mergedInto: z.string().optional(),
  mergedAt: Instant.optional(),
});
export type Event = z.infer<typeof Event>;
