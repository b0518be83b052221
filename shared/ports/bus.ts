/** A message as a consumer receives it. `value` is parsed JSON; channels validate it. */
export interface BusMessage {
  channel: string;
  partition: number;
  /** Position in the partition; decimal string because Kafka offsets are 64-bit. */
  offset: string;
  key: string;
  value: unknown;
  /** Epoch milliseconds when the bus accepted the message. */
  timestamp: number;
}

export interface OutgoingMessage {
  /** Messages with the same key keep their order for every consumer group. */
  key: string;
  value: unknown;
}

export interface ChannelSpec {
  name: string;
  partitions?: number;
  /**
   * Messages older than this may be deleted, so a group that starts at `earliest` reads about
   * this much at most. A bound on what is kept, never a promise to delete on time. Default:
   * kept (SQLite) or the cluster's retention (Kafka).
   */
  retentionMs?: number;
}

export interface SubscribeOptions {
  channel: string;
  /** Consumer group: members of one group share the partitions, each group sees every message. */
  group: string;
  /**
   * Called with one batch at a time, from one partition, in offset order. The batch is
   * committed only when the promise resolves; if it rejects, or the process dies first, the
   * same messages are delivered again (at-least-once).
   */
  handler: (batch: BusMessage[]) => Promise<void>;
  /** Upper bound on batch size. */
  maxBatch?: number;
  /** Where a group with no committed offset starts. Default: earliest. */
  start?: 'earliest' | 'latest';
}

export interface Subscription {
  /** Stops fetching, waits for the batch in flight and leaves the group. */
  stop(): Promise<void>;
}

/**
 * Named channels (Kafka topics; "topic" in this code base means an opinion topic), consumer
 * groups and at-least-once delivery: Kafka semantics, in our own words.
 */
export interface Bus {
  ensureChannels(channels: ChannelSpec[]): Promise<void>;
  publish(channel: string, messages: OutgoingMessage[]): Promise<void>;
  subscribe(options: SubscribeOptions): Promise<Subscription>;
  close(): Promise<void>;
}
