import type { Admin, Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import { UnavailableError } from '../../errors.ts';
import type { Logger } from '../../logger.ts';
import type { BusMessage, SubscribeOptions, Subscription } from '../../ports/bus.ts';

/** Consumer-group timing shared by every subscription of one bus. */
export interface ConsumerTiming {
  sessionTimeout: number;
  heartbeatInterval: number;
  /** How long the group waits for busy members to rejoin during a rebalance. */
  rebalanceTimeout: number;
  /** Longest fetch long-poll; bounds how late a heartbeat and stop() can be. */
  maxWaitTimeInMs: number;
}

/**
 * The Kafka consumer group behind (group, topic). The port's groups are per topic (the SQLite
 * bus keys every offset and member by group and topic), and kafkajs's assigner hands a group's
 * partitions to members whatever topic each subscribed to, so one Kafka group per topic keeps
 * the semantics and keeps a rebalance on one topic from pausing the group's other topics.
 * ':' cannot occur in a topic name, so the id splits back unambiguously.
 */
export function kafkaGroupId(group: string, topic: string): string {
  return `${group}:${topic}`;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** One kafkajs consumer working for one subscribe() call. */
export class KafkaSubscription implements Subscription {
  private consumer: Consumer;
  private readonly groupId: string;
  private readonly log: Logger;
  private stopped: Promise<void> | undefined;
  private rebuilding = false;

  constructor(
    private readonly kafka: Kafka,
    private readonly admin: Admin,
    private readonly opts: SubscribeOptions,
    private readonly timing: ConsumerTiming,
    logger: Logger,
  ) {
    this.groupId = kafkaGroupId(opts.group, opts.channel);
    this.log = logger.child({ group: opts.group, topic: opts.channel });
    this.consumer = this.newConsumer();
  }

  private newConsumer(): Consumer {
    const consumer = this.kafka.consumer({
      groupId: this.groupId,
      sessionTimeout: this.timing.sessionTimeout,
      heartbeatInterval: this.timing.heartbeatInterval,
      rebalanceTimeout: this.timing.rebalanceTimeout,
      maxWaitTimeInMs: this.timing.maxWaitTimeInMs,
      allowAutoTopicCreation: false,
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      // kafkajs restarts itself after retriable crashes only. Others happen too when the broker
      // restarts ("Failed to find group coordinator"); a consumer that stayed down would lose
      // every later message for this subscription, so it is rebuilt and rejoins the group.
      if (payload.restart || this.stopped || this.rebuilding || consumer !== this.consumer) return;
      this.log.warn({ err: payload.error }, 'Kafka consumer crashed; rebuilding it');
      void this.rebuild();
    });
    return consumer;
  }

  /** Replaces a crashed consumer with a new member, retrying with backoff until it joins or stop() is called. */
  private async rebuild(): Promise<void> {
    this.rebuilding = true;
    try {
      await this.consumer.disconnect().catch(() => undefined);
      for (let attempt = 1; !this.stopped; attempt++) {
        this.consumer = this.newConsumer();
        try {
          await this.join(undefined);
          this.log.info({ attempt }, 'Kafka consumer rejoined its group after a crash');
          return;
        } catch (err) {
          const backoff = Math.min(500 * 2 ** attempt, 30_000);
          this.log.warn({ err, attempt, backoff }, 'Kafka consumer could not rejoin yet; retrying');
          await sleep(backoff);
        }
      }
    } finally {
      this.rebuilding = false;
    }
  }

  /** Joins the group; resolves once this member holds its partitions and knows where to start. */
  async start(): Promise<void> {
    // Read before joining: "latest" means the end of the topic when subscribe() was called.
    await this.join(this.opts.start === 'latest' ? await this.endOffsets() : undefined);
  }

  /** Connects the current consumer and joins; `ends` makes partitions without a committed offset start there. */
  private async join(ends: Map<number, string> | undefined): Promise<void> {
    const { channel: topic } = this.opts;
    try {
      await this.consumer.connect();
      await this.consumer.subscribe({ topics: [topic], fromBeginning: this.opts.start !== 'latest' });
      const joined = this.firstJoin();
      const running = this.consumer.run({ autoCommit: false, eachBatchAutoResolve: false, eachBatch: (p) => this.eachBatch(p) });
      // run() creates the group synchronously, so this pause comes before the first fetch.
      if (ends) this.consumer.pause([{ topic }]);
      await running;
      await this.withinJoinDeadline(joined);
      if (ends) {
        try {
          await this.commitStartPositions(ends);
        } finally {
          this.consumer.resume([{ topic }]);
        }
      }
    } catch (err) {
      await this.consumer.disconnect().catch(() => undefined);
      throw err;
    }
  }

  /** Stops fetching, waits for the batch in flight (kafkajs waits for eachBatch) and leaves the group. */
  stop(): Promise<void> {
    // Deferred a tick so a rebuild in progress sees `stopped` before this disconnects its consumer.
    this.stopped ??= Promise.resolve()
      .then(() => this.consumer.disconnect())
      .catch((err: unknown) => {
        this.log.warn({ err }, 'Kafka consumer did not disconnect cleanly');
      });
    return this.stopped;
  }

  private firstJoin(): Promise<void> {
    return new Promise((resolve, reject) => {
      const done = () => {
        offJoin();
        offCrash();
      };
      const offJoin = this.consumer.on(this.consumer.events.GROUP_JOIN, () => {
        done();
        resolve();
      });
      const offCrash = this.consumer.on(this.consumer.events.CRASH, ({ payload }) => {
        if (payload.restart) return; // kafkajs tries again; the next join resolves.
        done();
        reject(payload.error);
      });
    });
  }

  /**
   * A join may rightly wait a rebalance timeout for busy members and a session for dead ones;
   * past that the cluster is not answering, and the caller gets an error instead of a hang.
   */
  private async withinJoinDeadline(joined: Promise<void>): Promise<void> {
    const ms = this.timing.rebalanceTimeout + this.timing.sessionTimeout + 30_000;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new UnavailableError('bus.unavailable', `could not join consumer group ${this.groupId} within ${ms} ms`)), ms);
    });
    try {
      await Promise.race([joined, deadline]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async endOffsets(): Promise<Map<number, string>> {
    const offsets = await this.admin.fetchTopicOffsets(this.opts.channel);
    return new Map(offsets.map((o) => [o.partition, o.high]));
  }

  /**
   * A group's first "latest" subscription commits the end of each partition it has no offset
   * for, like the SQLite bus: what is published after subscribe() returns is never skipped, and
   * a member that restarts before its first message does not jump ahead.
   */
  private async commitStartPositions(ends: Map<number, string>): Promise<void> {
    const { channel: topic } = this.opts;
    try {
      const [committed] = await this.admin.fetchOffsets({ groupId: this.groupId, topics: [topic] });
      const missing = (committed?.partitions ?? []).filter((p) => Number(p.offset) < 0 && ends.has(p.partition));
      if (missing.length === 0) return;
      await this.consumer.commitOffsets(missing.map((p) => ({ topic, partition: p.partition, offset: ends.get(p.partition)! })));
    } catch (err) {
      this.log.warn({ err }, 'could not record start positions; partitions start wherever Kafka finds the end');
    }
  }

  /**
   * Delivers one fetched batch in chunks of maxBatch, committing each chunk (offset + 1) only
   * after the handler resolves. A failing handler gets the same chunk again after a backoff,
   * so nothing after it is skipped. Returning without committing (stop, revoked partition)
   * leaves the rest for whoever fetches the partition next.
   */
  private async eachBatch({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale }: EachBatchPayload): Promise<void> {
    const { topic, partition } = batch;
    const max = this.opts.maxBatch ?? 100;
    for (let i = 0; i < batch.messages.length; i += max) {
      if (!isRunning() || isStale()) return;
      const chunk = batch.messages.slice(i, i + max).map((m) => toBusMessage(topic, partition, m));
      if (!(await this.deliver(chunk, heartbeat, isRunning))) return;
      const last = chunk[chunk.length - 1]!.offset;
      await commitOffsetsIfNecessary({ topics: [{ topic, partitions: [{ partition, offset: (BigInt(last) + 1n).toString() }] }] });
      // The next fetch starts after the committed chunk, not where this batch began.
      resolveOffset(last);
      // Throws when the group is rebalancing; kafkajs then rejoins, and what is left is fetched again.
      await heartbeat();
    }
  }

  /** True once the handler accepted the chunk; false if the consumer stopped while retrying. */
  private async deliver(chunk: BusMessage[], heartbeat: () => Promise<void>, isRunning: () => boolean): Promise<boolean> {
    for (let failures = 1; ; failures++) {
      try {
        await this.whileHeartbeating(heartbeat, () => this.opts.handler(chunk));
        return true;
      } catch (err) {
        const backoff = Math.min(100 * 2 ** failures, 5_000);
        this.log.warn({ err, partition: chunk[0]!.partition, offset: chunk[0]!.offset, backoff }, 'handler failed; batch will be redelivered');
        const until = Date.now() + backoff;
        while (Date.now() < until) {
          if (!isRunning()) return false;
          // Stay in the group while waiting; a rebalance error propagates and kafkajs rejoins.
          await heartbeat();
          await sleep(Math.min(100, until - Date.now()));
        }
      }
    }
  }

  /**
   * kafkajs heartbeats only between batches; a slow handler would otherwise lose its session
   * and see its partitions (and this batch) handed to another member.
   */
  private async whileHeartbeating<T>(heartbeat: () => Promise<void>, work: () => Promise<T>): Promise<T> {
    const timer = setInterval(() => {
      heartbeat().catch((err: unknown) => this.log.debug({ err }, 'heartbeat during a slow handler failed'));
    }, this.timing.heartbeatInterval);
    try {
      return await work();
    } finally {
      clearInterval(timer);
    }
  }
}

function toBusMessage(topic: string, partition: number, m: KafkaMessage): BusMessage {
  return {
    channel: topic,
    partition,
    offset: m.offset,
    key: m.key?.toString('utf8') ?? '',
    value: parseValue(m.value),
    timestamp: Number(m.timestamp),
  };
}

/**
 * KafkaBus writes JSON; a value someone else wrote that is not JSON is passed on as text, so the
 * topic's schema rejects it and the consumer dead-letters it with the raw content.
 */
function parseValue(value: Buffer | null): unknown {
  if (value === null) return null;
  const text = value.toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
