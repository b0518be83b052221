import kafkajs, { type Admin, type Kafka, type Producer } from 'kafkajs';
import { YuqingError } from '../../errors.ts';
import type { Logger } from '../../logger.ts';
import type { Bus, OutgoingMessage, SubscribeOptions, Subscription, ChannelSpec } from '../../ports/bus.ts';
import { kafkaLogCreator } from './kafka-log-creator.ts';
import { KafkaSubscription, type ConsumerTiming } from './kafka-subscription.ts';
import { hasKafkaErrorType, translateKafkaError, unknownTopic } from './translate-kafka-error.ts';

const { Kafka: KafkaClient, Partitioners, logLevel } = kafkajs;

export interface KafkaBusOptions {
  brokers: string[];
  clientId: string;
  /** Partitions for topics created without an explicit count. */
  partitions: number;
  replication: number;
  /** Default 30 s. The broker refuses less than group.min.session.timeout.ms (6 s by default). */
  sessionTimeoutMs?: number;
  logger: Logger;
}

/**
 * The scaled bus: Kafka through kafkajs, with the Bus port's semantics — JSON values, key →
 * partition by Kafka's default (murmur2) partitioner, an idempotent producer writing with
 * acks=all, one consumer per subscription that commits each batch only after its handler
 * resolves (at-least-once), and a consumer group per (group, topic).
 * Topics must be created with ensureChannels; the bus never relies on broker auto-creation.
 */
export class KafkaBus implements Bus {
  private readonly kafka: Kafka;
  private readonly admin: Admin;
  /** Replaced after a failed send, hence held with its connection attempt. */
  private producer: { client: Producer; connected: Promise<void> };
  private readonly log: Logger;
  private readonly brokers: string[];
  private readonly partitions: number;
  private readonly replication: number;
  private readonly timing: ConsumerTiming;
  /** Topics seen to exist, so publish() asks the cluster only once per topic. */
  private readonly knownTopics = new Set<string>();
  private readonly subscriptions = new Set<Subscription>();
  private closed = false;

  private constructor(opts: KafkaBusOptions) {
    this.log = opts.logger.child({ component: 'kafka-bus' });
    this.brokers = opts.brokers;
    this.partitions = opts.partitions;
    this.replication = opts.replication;
    const sessionTimeout = opts.sessionTimeoutMs ?? 30_000;
    // Members notice a rebalance at their next heartbeat, so heartbeat often; fetch long-polls
    // stay shorter than a heartbeat interval because kafkajs heartbeats between fetches.
    const heartbeatInterval = Math.max(100, Math.min(3_000, Math.floor(sessionTimeout / 10)));
    this.timing = { sessionTimeout, heartbeatInterval, rebalanceTimeout: 60_000, maxWaitTimeInMs: Math.min(250, heartbeatInterval) };
    this.kafka = new KafkaClient({
      clientId: opts.clientId,
      brokers: opts.brokers,
      logLevel: logLevel.WARN,
      logCreator: kafkaLogCreator(this.log),
      // About 25 s of attempts (300 ms doubling to 5 s) before an operation gives up; each
      // failed attempt is logged with the broker it could not reach.
      retry: { initialRetryTime: 300, maxRetryTime: 5_000, retries: 8 },
    });
    this.admin = this.kafka.admin();
    this.producer = this.createProducer();
  }

  /** Connects the admin client and the producer; rejects with a retriable UnavailableError if no broker answers. */
  static async connect(opts: KafkaBusOptions): Promise<KafkaBus> {
    const bus = new KafkaBus(opts);
    try {
      await bus.admin.connect();
      await bus.producer.connected;
    } catch (err) {
      await bus.disconnectClients();
      throw translateKafkaError(err, { action: 'be reached', brokers: opts.brokers });
    }
    return bus;
  }

  async ensureChannels(topics: ChannelSpec[]): Promise<void> {
    this.assertOpen();
    await Promise.all(topics.map((t) => this.ensureTopic(t)));
  }

  async publish(topic: string, messages: OutgoingMessage[]): Promise<void> {
    this.assertOpen();
    if (messages.length === 0) return;
    await this.requireTopic(topic);
    const producer = this.producer;
    try {
      await producer.connected;
      await producer.client.send({
        topic,
        acks: -1,
        messages: messages.map((m) => ({ key: m.key, value: JSON.stringify(m.value) ?? 'null' })),
      });
    } catch (err) {
      // The send may have reached the log without an answer; a fresh producer id keeps the
      // next publish from reusing its sequence numbers and being dropped as a duplicate.
      if (this.producer === producer && !this.closed) this.producer = this.createProducer();
      await producer.client.disconnect().catch(() => undefined);
      throw translateKafkaError(err, { action: `publish to ${topic}`, brokers: this.brokers, topic });
    }
  }

  async subscribe(opts: SubscribeOptions): Promise<Subscription> {
    this.assertOpen();
    await this.requireTopic(opts.channel);
    const consumer = new KafkaSubscription(this.kafka, this.admin, opts, this.timing, this.log);
    try {
      await consumer.start();
    } catch (err) {
      throw translateKafkaError(err, { action: `join group ${opts.group} on ${opts.channel}`, brokers: this.brokers, topic: opts.channel });
    }
    const subscription: Subscription = {
      stop: async () => {
        this.subscriptions.delete(subscription);
        await consumer.stop();
      },
    };
    this.subscriptions.add(subscription);
    return subscription;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
    await this.disconnectClients();
  }

  /** A producer and its connection attempt, started now so the first publish does not wait for it. */
  private createProducer(): { client: Producer; connected: Promise<void> } {
    const client = this.kafka.producer({
      idempotent: true,
      // kafkajs's idempotent producer requires a single request in flight per broker.
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      // Java-compatible murmur2 (kafkajs's default since v2); naming it also silences the v2 notice.
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    const connected = client.connect();
    // Observed by whoever publishes next (or by connect()); never an unhandled rejection.
    connected.catch(() => undefined);
    return { client, connected };
  }

  private async ensureTopic(spec: ChannelSpec): Promise<void> {
    if (this.knownTopics.has(spec.name)) return;
    const partitions = spec.partitions ?? this.partitions;
    try {
      const created = await this.admin.createTopics({
        topics: [{ topic: spec.name, numPartitions: partitions, replicationFactor: this.replication, configEntries: retentionConfig(spec) }],
        // Returns once every partition has a leader, so a publish right after does not fail.
        waitForLeaders: true,
      });
      if (!created) {
        // Like the SQLite bus, an existing topic keeps its partitions: adding some would move keys.
        const { topics } = await this.admin.fetchTopicMetadata({ topics: [spec.name] });
        const actual = topics[0]?.partitions.length;
        if (actual !== partitions) this.log.warn({ topic: spec.name, partitions: actual, requested: partitions }, 'topic exists with a different partition count; keeping it');
      }
    } catch (err) {
      throw translateKafkaError(err, { action: `create topic ${spec.name}`, brokers: this.brokers });
    }
    this.knownTopics.add(spec.name);
  }

  /** Rejects with bus.unknown_channel unless the topic exists (asked once per topic, then cached). */
  private async requireTopic(topic: string): Promise<void> {
    if (this.knownTopics.has(topic)) return;
    try {
      const { topics } = await this.admin.fetchTopicMetadata({ topics: [topic] });
      if (!topics.some((t) => t.name === topic && t.partitions.length > 0)) throw unknownTopic(topic);
    } catch (err) {
      if (hasKafkaErrorType(err, 'UNKNOWN_TOPIC_OR_PARTITION')) throw unknownTopic(topic, err);
      throw translateKafkaError(err, { action: `look up topic ${topic}`, brokers: this.brokers, topic });
    }
    this.knownTopics.add(topic);
  }

  private assertOpen(): void {
    if (this.closed) throw new YuqingError('bus.closed', 'the bus is closed');
  }

  private async disconnectClients(): Promise<void> {
    const results = await Promise.allSettled([this.producer.client.disconnect(), this.admin.disconnect()]);
    for (const r of results) {
      if (r.status === 'rejected') this.log.warn({ err: r.reason }, 'Kafka client did not disconnect cleanly');
    }
  }
}

/**
 * Kafka deletes whole closed segments only, and rolls a segment after a week by default: a
 * short retention needs short segments too, or nothing would be deleted for days.
 */
function retentionConfig(spec: ChannelSpec): { name: string; value: string }[] {
  if (!spec.retentionMs) return [];
  return [
    { name: 'retention.ms', value: String(spec.retentionMs) },
    { name: 'segment.ms', value: String(Math.max(60_000, Math.floor(spec.retentionMs / 6))) },
  ];
}
