import type { z } from 'zod';
import { Alert } from './domain/alert.ts';
import { COLLECTOR_STATUS_KEPT_MS, CollectorStatus } from './domain/collector-status.ts';
import { DEAD_LETTER_RAW_LIMIT, DeadLetter, deadLetterId } from './domain/dead-letter.ts';
import { RawItem } from './domain/raw-item.ts';
import { toChinaIso } from './domain/time.ts';
import { errorMessage, InvalidInputError, isRetriable } from './errors.ts';
import type { Logger } from './logger.ts';
import type { Bus, BusMessage, Subscription } from './ports/bus.ts';

/** A bus channel's name bound to the schema every message on it must satisfy, on both sides. */
export interface Channel<S extends z.ZodType> {
  name: string;
  schema: S;
  key: (value: z.infer<S>) => string;
  /** Set for channels whose old messages are worthless (ChannelSpec.retentionMs). */
  retentionMs?: number;
}

export const CHANNELS = {
  rawItems: { name: 'raw-items', schema: RawItem, key: (v: RawItem) => v.id },
  alerts: { name: 'alerts', schema: Alert, key: (v: Alert) => v.eventId },
  deadLetters: { name: 'dead-letters', schema: DeadLetter, key: (v: DeadLetter) => v.id },
  // Only the newest report of each process matters: kept an hour, so the log stays small.
  collectorStatus: { name: 'collector-status', schema: CollectorStatus, key: (v: CollectorStatus) => v.instanceId, retentionMs: COLLECTOR_STATUS_KEPT_MS },
} as const;

/** Creates every channel of the product (idempotent). */
export async function ensureProductChannels(bus: Bus, partitions: number): Promise<void> {
  await bus.ensureChannels(Object.values(CHANNELS).map((c) => ({ name: c.name, partitions, ...('retentionMs' in c ? { retentionMs: c.retentionMs } : {}) })));
}

/** Validates, then publishes; a value that fails its schema is a programming error and throws. */
export async function publishTo<S extends z.ZodType>(bus: Bus, channel: Channel<S>, values: z.infer<S>[]): Promise<void> {
  const messages = values.map((v) => {
    const r = channel.schema.safeParse(v);
    if (!r.success) throw new InvalidInputError('bus.invalid_message', `refusing to publish to ${channel.name}: ${r.error.message}`);
    return { key: channel.key(r.data), value: r.data };
  });
  await bus.publish(channel.name, messages);
}

/** Builds a dead letter, keeping at most DEAD_LETTER_RAW_LIMIT characters of the raw input. */
export function makeDeadLetter(
  origin: string,
  reason: string,
  raw: string | Buffer,
  context: Record<string, string | number>,
  at = Date.now(),
): DeadLetter {
  const isText = typeof raw === 'string';
  const encoded = isText ? raw : raw.toString('base64');
  const kept = encoded.length > DEAD_LETTER_RAW_LIMIT ? encoded.slice(0, DEAD_LETTER_RAW_LIMIT) : encoded;
  return {
    id: deadLetterId(origin, context, encoded),
    at: toChinaIso(at),
    origin,
    reason,
    raw: kept,
    rawEncoding: isText ? 'utf8' : 'base64',
    context: encoded.length > kept.length ? { ...context, truncatedFrom: encoded.length } : context,
  };
}

export interface ConsumeOptions<S extends z.ZodType> {
  bus: Bus;
  channel: Channel<S>;
  group: string;
  logger: Logger;
  handler: (values: z.infer<S>[], messages: BusMessage[]) => Promise<void>;
  maxBatch?: number;
  start?: 'earliest' | 'latest';
  /** Attempts before a batch that keeps failing with a non-retriable error is dead-lettered. */
  maxAttempts?: number;
}

/**
 * Subscribes with validation: messages that fail the channel's schema go to dead-letters with
 * the reason and the rest of the batch is handled. A handler error that is retriable (a
 * server down) is retried forever with backoff by the bus; one that is not is retried a few
 * times, then the batch is dead-lettered so one poison message cannot stall a partition.
 */
export async function consume<S extends z.ZodType>(opts: ConsumeOptions<S>): Promise<Subscription> {
  const { bus, channel, group, logger } = opts;
  const log = logger.child({ component: 'consumer', channel: channel.name, group });
  const maxAttempts = opts.maxAttempts ?? 5;
  const attempts = new Map<string, number>();
  return bus.subscribe({
    channel: channel.name,
    group,
    ...(opts.maxBatch ? { maxBatch: opts.maxBatch } : {}),
    ...(opts.start ? { start: opts.start } : {}),
    handler: async (batch) => {
      const valid: z.infer<S>[] = [];
      const validMessages: BusMessage[] = [];
      const rejected = [];
      for (const m of batch) {
        const r = channel.schema.safeParse(m.value);
        if (r.success) {
          valid.push(r.data);
          validMessages.push(m);
        } else {
          rejected.push(deadLetterFor(m, `message does not match the ${channel.name} schema: ${r.error.message}`));
        }
      }
      if (rejected.length) {
        log.warn({ count: rejected.length }, 'invalid messages sent to dead-letters');
        await publishTo(bus, CHANNELS.deadLetters, rejected);
      }
      if (valid.length === 0) return;
      const batchKey = `${batch[0]!.partition}:${batch[0]!.offset}`;
      try {
        await opts.handler(valid, validMessages);
        attempts.delete(batchKey);
      } catch (err) {
        const n = (attempts.get(batchKey) ?? 0) + 1;
        if (isRetriable(err) || n < maxAttempts) {
          attempts.set(batchKey, n);
          throw err;
        }
        attempts.delete(batchKey);
        log.error({ err, attempts: n }, 'batch keeps failing; sent to dead-letters');
        await publishTo(
          bus,
          CHANNELS.deadLetters,
          validMessages.map((m) => deadLetterFor(m, `handler failed ${n} times: ${errorMessage(err)}`)),
        );
      }
    },
  });

  function deadLetterFor(m: BusMessage, reason: string): DeadLetter {
    return makeDeadLetter(`${group}/${channel.name}`, reason, JSON.stringify(m.value) ?? 'undefined', {
      channel: m.channel,
      partition: m.partition,
      offset: m.offset,
      key: m.key,
    });
  }
}
