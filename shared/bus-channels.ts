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

/** A message that passed its channel's schema, with its parsed value. */
interface Delivered<T> {
  value: T;
  message: BusMessage;
}

interface Failure<T> {
  item: Delivered<T>;
  err: unknown;
}

export interface ConsumeOptions<S extends z.ZodType> {
  bus: Bus;
  channel: Channel<S>;
  group: string;
  logger: Logger;
  handler: (values: z.infer<S>[], messages: BusMessage[]) => Promise<void>;
  maxBatch?: number;
  start?: 'earliest' | 'latest';
  /** Attempts before a batch that keeps failing with a non-retriable error is searched for the items to dead-letter. */
  maxAttempts?: number;
}

/**
 * Subscribes with validation: messages that fail the channel's schema go to dead-letters with
 * the reason and the rest of the batch is handled. A handler error that is retriable (a
 * server down) is retried forever with backoff by the bus; one that is not is retried a few
 * times, then the batch is split in halves until the items that fail alone are found: those go
 * to dead-letters, the rest are handled, so one poison message neither stalls a partition nor
 * takes its batch with it. Re-running the good items is safe: delivery is at-least-once and
 * handlers write idempotently.
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
      const valid: Delivered<z.infer<S>>[] = [];
      const rejected = [];
      for (const m of batch) {
        const r = channel.schema.safeParse(m.value);
        if (r.success) valid.push({ value: r.data, message: m });
        else rejected.push(deadLetterFor(m, `message does not match the ${channel.name} schema: ${r.error.message}`));
      }
      if (rejected.length) {
        log.warn({ count: rejected.length }, 'invalid messages sent to dead-letters');
        await publishTo(bus, CHANNELS.deadLetters, rejected);
      }
      if (valid.length === 0) return;
      const batchKey = `${batch[0]!.partition}:${batch[0]!.offset}`;
      try {
        await handle(valid);
        attempts.delete(batchKey);
      } catch (err) {
        const n = (attempts.get(batchKey) ?? 0) + 1;
        if (isRetriable(err) || n < maxAttempts) {
          attempts.set(batchKey, n);
          throw err;
        }
        // A retriable error while isolating throws from here: the bus retries the whole batch,
        // and with its attempts still counted it is split again on the next failure.
        const failures = await failingItems(valid, err);
        attempts.delete(batchKey);
        log.error({ err: failures[0]?.err ?? err, failed: failures.length, batch: valid.length, attempts: n }, 'items keep failing; sent to dead-letters');
        if (failures.length === 0) return;
        await publishTo(
          bus,
          CHANNELS.deadLetters,
          failures.map((f) => deadLetterFor(f.item.message, `处理失败（重试 ${n} 次仍失败）：${errorMessage(f.err)}`)),
        );
      }
    },
  });

  function handle(items: readonly Delivered<z.infer<S>>[]): Promise<void> {
    return opts.handler(
      items.map((i) => i.value),
      items.map((i) => i.message),
    );
  }

  /**
   * The items of a batch that failed with `err` which fail when handled alone, found by handling
   * halves: about 2·log2(n) handler calls for one poison item among n, rather than n.
   */
  async function failingItems(items: readonly Delivered<z.infer<S>>[], err: unknown): Promise<Failure<z.infer<S>>[]> {
    if (items.length === 1) return [{ item: items[0]!, err }];
    const middle = Math.ceil(items.length / 2);
    const failures: Failure<z.infer<S>>[] = [];
    for (const half of [items.slice(0, middle), items.slice(middle)]) {
      try {
        await handle(half);
      } catch (halfErr) {
        if (isRetriable(halfErr)) throw halfErr;
        failures.push(...(await failingItems(half, halfErr)));
      }
    }
    return failures;
  }

  function deadLetterFor(m: BusMessage, reason: string): DeadLetter {
    return makeDeadLetter(`${group}/${channel.name}`, reason, JSON.stringify(m.value) ?? 'undefined', {
      channel: m.channel,
      partition: m.partition,
      offset: m.offset,
      key: m.key,
    });
  }
}
