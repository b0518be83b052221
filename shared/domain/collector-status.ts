import { z } from 'zod';
import { SourceKind } from './raw-item.ts';
import { Instant } from './time.ts';

/** How often a collector process reports while nothing happens, so a silent one can be told from an idle one. */
export const COLLECTOR_HEARTBEAT_MS = 15_000;

/** A process whose last report is older than this many heartbeats is taken to be lost (失联). */
export const HEARTBEATS_BEFORE_LOST = 3;

const RunCounts = z.object({ items: z.number().int(), unchanged: z.number().int(), deadLetters: z.number().int() });

/** What the console shows about one source of a collector process. */
export const SourceStatus = z.object({
  name: z.string().min(1),
  kind: SourceKind,
  /** The cron expression, "every N ms", or "push" for the webhook. */
  schedule: z.string(),
  running: z.boolean(),
  lastRunStartedAt: Instant.optional(),
  lastRunEndedAt: Instant.optional(),
  lastRunOk: z.boolean().optional(),
  /** Counts of the last finished run. */
  lastRun: RunCounts.optional(),
  lastError: z.object({ at: Instant, message: z.string() }).optional(),
  nextRunAt: Instant.optional(),
  totals: z.object({
    runs: z.number().int(),
    failures: z.number().int(),
    items: z.number().int(),
    deadLetters: z.number().int(),
    overlapsSkipped: z.number().int(),
  }),
});
export type SourceStatus = z.infer<typeof SourceStatus>;

export const CollectorProcessState = z.enum(['running', 'stopping', 'stopped']);
export type CollectorProcessState = z.infer<typeof CollectorProcessState>;

/**
 * One collector process's report of itself, the payload of bus channel collector-status
 * (key = instanceId). Each report is whole, so the newest one is all a reader needs.
 */
export const CollectorStatus = z.object({
  /** Unique per process: a restarted collector is a new instance. */
  instanceId: z.string().min(1),
  host: z.string(),
  pid: z.number().int(),
  startedAt: Instant,
  /** When this report was made, by the collector's clock. */
  at: Instant,
  /** Counts up per report of one instance, so a reader keeps the newest even if one arrives twice. */
  seq: z.number().int().nonnegative(),
  /** The interval this process promises to report at while idle; readers judge it lost by it. */
  heartbeatMs: z.number().int().positive(),
  state: CollectorProcessState,
  sources: z.array(SourceStatus),
});
export type CollectorStatus = z.infer<typeof CollectorStatus>;

/**
 * How long the bus keeps collector reports (the channel's retention) and a responder keeps
 * showing a process it no longer hears from, so a fresh responder and an old one agree.
 */
export const COLLECTOR_STATUS_KEPT_MS = 3_600_000;
