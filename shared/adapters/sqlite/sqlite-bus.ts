import { createHash, randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { resolve } from 'node:path';
import { BroadcastChannel } from 'node:worker_threads';
import { errorMessage, YuqingError } from '../../errors.ts';
import type { Logger } from '../../logger.ts';
import type { Bus, BusMessage, OutgoingMessage, SubscribeOptions, Subscription, ChannelSpec } from '../../ports/bus.ts';
import { openSqlite, type SqliteDatabase } from './open-sqlite.ts';

export interface SqliteBusOptions {
  path: string;
  logger: Logger;
  /** How often an idle consumer looks for messages written by other processes. */
  pollMs?: number;
  /** A member that has not renewed its partition leases for this long is taken to be dead. */
  leaseMs?: number;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS topics (name TEXT PRIMARY KEY, partitions INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS partition_heads (
  topic TEXT NOT NULL, partition INTEGER NOT NULL, next_offset INTEGER NOT NULL,
  PRIMARY KEY (topic, partition)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS messages (
  topic TEXT NOT NULL, partition INTEGER NOT NULL, offset INTEGER NOT NULL,
  key TEXT NOT NULL, value TEXT NOT NULL, ts INTEGER NOT NULL,
  PRIMARY KEY (topic, partition, offset)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS group_offsets (
  grp TEXT NOT NULL, topic TEXT NOT NULL, partition INTEGER NOT NULL, committed INTEGER NOT NULL,
  PRIMARY KEY (grp, topic, partition)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS group_members (
  grp TEXT NOT NULL, topic TEXT NOT NULL, member TEXT NOT NULL, expires_at INTEGER NOT NULL,
  PRIMARY KEY (grp, topic, member)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS partition_leases (
  grp TEXT NOT NULL, topic TEXT NOT NULL, partition INTEGER NOT NULL,
  member TEXT NOT NULL, expires_at INTEGER NOT NULL,
  PRIMARY KEY (grp, topic, partition)) WITHOUT ROWID;
`;

/** Stable key → partition mapping, the same in every process. */
export function partitionFor(key: string, partitions: number): number {
  return createHash('md5').update(key).digest().readUInt32BE(0) % partitions;
}

/**
 * The embedded bus: an append-only message log in one SQLite file with Kafka's model —
 * topics split into partitions by key, consumer groups with committed offsets, and
 * partitions shared among the live members of a group through leases that expire when a
 * member dies. Several processes can use the same file.
 */
export class SqliteBus implements Bus {
  private readonly db: SqliteDatabase;
  private readonly log: Logger;
  private readonly pollMs: number;
  private readonly leaseMs: number;
  /** Wakes this process's consumers as soon as it publishes, instead of at the next poll. */
  private readonly published = new EventEmitter();
  /** The same for the other threads of this process that use the file (the analyzer's thread in `npm start`). */
  private readonly threads: BroadcastChannel;
  private readonly subscriptions = new Set<Subscription>();
  /** Channels ensured with a retention, and when this process last pruned each. */
  private readonly retention = new Map<string, { ms: number; prunedAt: number }>();
  private closed = false;

  constructor(opts: SqliteBusOptions) {
    this.db = openSqlite(opts.path, { durable: true });
    this.db.exec(SCHEMA);
    this.log = opts.logger.child({ component: 'sqlite-bus' });
    this.pollMs = opts.pollMs ?? 200;
    this.leaseMs = opts.leaseMs ?? 10_000;
    this.published.setMaxListeners(0);
    this.threads = new BroadcastChannel(`yuqing-sqlite-bus:${resolve(opts.path)}`);
    this.threads.onmessage = (event) => this.published.emit('published', (event as { data: string }).data);
    this.threads.unref();
  }

  async ensureChannels(topics: ChannelSpec[]): Promise<void> {
    const insertTopic = this.db.prepare('INSERT OR IGNORE INTO topics (name, partitions) VALUES (?, ?)');
    const insertHead = this.db.prepare('INSERT OR IGNORE INTO partition_heads (topic, partition, next_offset) VALUES (?, ?, 0)');
    this.db
      .transaction(() => {
        for (const t of topics) {
          if (t.retentionMs) this.retention.set(t.name, { ms: t.retentionMs, prunedAt: 0 });
          const partitions = t.partitions ?? 1;
          insertTopic.run(t.name, partitions);
          const actual = this.partitionCount(t.name);
          for (let p = 0; p < actual; p++) insertHead.run(t.name, p);
        }
      })
      .immediate();
  }

  async publish(topic: string, messages: OutgoingMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const partitions = this.partitionCount(topic);
    const nextOffset = this.db.prepare(
      'UPDATE partition_heads SET next_offset = next_offset + 1 WHERE topic = ? AND partition = ? RETURNING next_offset - 1 AS offset',
    );
    const insert = this.db.prepare('INSERT INTO messages (topic, partition, offset, key, value, ts) VALUES (?, ?, ?, ?, ?, ?)');
    const now = Date.now();
    this.db
      .transaction(() => {
        for (const m of messages) {
          const partition = partitionFor(m.key, partitions);
          const { offset } = nextOffset.get(topic, partition) as { offset: number };
          insert.run(topic, partition, offset, m.key, JSON.stringify(m.value), now);
        }
      })
      .immediate();
    this.published.emit('published', topic);
    this.threads.postMessage(topic);
    this.prune(topic, now);
  }

  /**
   * Deletes a channel's messages older than its retention, at most ten times per retention
   * period. Kept in this process's memory, not the file: every process ensures the product's
   * channels at start, so each publisher knows the retention of what it publishes.
   */
  private prune(topic: string, now: number): void {
    const retention = this.retention.get(topic);
    if (!retention || now - retention.prunedAt < retention.ms / 10) return;
    retention.prunedAt = now;
    // Consumers fetch from their committed offset onwards, so a gap below it is simply skipped.
    this.db.prepare('DELETE FROM messages WHERE topic = ? AND ts < ?').run(topic, now - retention.ms);
  }

  async subscribe(opts: SubscribeOptions): Promise<Subscription> {
    if (this.closed) throw new YuqingError('bus.closed', 'the bus is closed');
    const partitions = this.partitionCount(opts.channel);
    if (opts.start === 'latest') {
      // A new group starts at the current end; a group that has committed keeps its place.
      this.db
        .prepare(
          `INSERT OR IGNORE INTO group_offsets (grp, topic, partition, committed)
           SELECT ?, topic, partition, next_offset FROM partition_heads WHERE topic = ?`,
        )
        .run(opts.group, opts.channel);
    }
    const consumer = new GroupConsumer(this.db, this.log, opts, partitions, this.pollMs, this.leaseMs, this.published);
    const subscription: Subscription = {
      stop: async () => {
        this.subscriptions.delete(subscription);
        await consumer.stop();
      },
    };
    this.subscriptions.add(subscription);
    consumer.start();
    return subscription;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.threads.close();
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
    this.db.close();
  }

  private partitionCount(topic: string): number {
    const row = this.db.prepare('SELECT partitions FROM topics WHERE name = ?').get(topic) as { partitions: number } | undefined;
    if (!row) throw new YuqingError('bus.unknown_channel', `topic ${topic} does not exist; create it with ensureChannels`);
    return row.partitions;
  }
}

interface MessageRow {
  partition: number;
  offset: number;
  key: string;
  value: string;
  ts: number;
}

/** One member of a consumer group: claims its share of partitions and works through them. */
class GroupConsumer {
  private readonly member = randomUUID();
  private running = false;
  private loop: Promise<void> = Promise.resolve();
  private wake: (() => void) | undefined;
  private readonly onPublished = (topic: string): void => {
    if (topic === this.opts.channel) this.wake?.();
  };

  constructor(
    private readonly db: SqliteDatabase,
    private readonly log: Logger,
    private readonly opts: SubscribeOptions,
    private readonly partitions: number,
    private readonly pollMs: number,
    private readonly leaseMs: number,
    private readonly published: EventEmitter,
  ) {}

  start(): void {
    this.running = true;
    this.published.on('published', this.onPublished);
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    if (!this.running) return this.loop;
    this.running = false;
    this.published.off('published', this.onPublished);
    this.wake?.();
    await this.loop;
    const { group, channel: topic } = this.opts;
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM partition_leases WHERE grp = ? AND topic = ? AND member = ?').run(group, topic, this.member);
      this.db.prepare('DELETE FROM group_members WHERE grp = ? AND topic = ? AND member = ?').run(group, topic, this.member);
    })();
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      let delivered = false;
      try {
        for (const partition of this.claimPartitions()) {
          if (!this.running) break;
          const batch = this.fetch(partition);
          if (batch.length === 0) continue;
          delivered = true;
          await this.deliver(partition, batch);
        }
        failures = 0;
      } catch (err) {
        failures += 1;
        const backoff = Math.min(100 * 2 ** failures, 5_000);
        this.log.warn({ err, group: this.opts.group, topic: this.opts.channel, backoff }, 'handler failed; batch will be redelivered');
        await this.sleep(backoff);
        continue;
      }
      if (!delivered) await this.sleep(this.pollMs);
    }
  }

  private async deliver(partition: number, batch: BusMessage[]): Promise<void> {
    // Keep the lease alive while a slow handler works, so no other member takes the partition.
    const renew = setInterval(() => this.renewLeases(), Math.max(50, Math.floor(this.leaseMs / 3)));
    try {
      await this.opts.handler(batch);
    } finally {
      clearInterval(renew);
    }
    const last = Number(batch[batch.length - 1]!.offset);
    this.db
      .prepare(
        `INSERT INTO group_offsets (grp, topic, partition, committed) VALUES (?, ?, ?, ?)
         ON CONFLICT (grp, topic, partition) DO UPDATE SET committed = MAX(committed, excluded.committed)`,
      )
      .run(this.opts.group, this.opts.channel, partition, last + 1);
  }

  private fetch(partition: number): BusMessage[] {
    const { group, channel: topic } = this.opts;
    const rows = this.db
      .prepare(
        `SELECT partition, offset, key, value, ts FROM messages
         WHERE topic = ? AND partition = ? AND offset >= COALESCE(
           (SELECT committed FROM group_offsets WHERE grp = ? AND topic = ? AND partition = ?), 0)
         ORDER BY offset LIMIT ?`,
      )
      .all(topic, partition, group, topic, partition, this.opts.maxBatch ?? 100) as MessageRow[];
    return rows.map((r) => ({
      channel: topic,
      partition: r.partition,
      offset: String(r.offset),
      key: r.key,
      value: JSON.parse(r.value) as unknown,
      timestamp: r.ts,
    }));
  }

  /**
   * Registers this member, then keeps or takes partitions up to its fair share
   * (partitions / live members, rounded up), releasing any above it so a newcomer gets work.
   */
  private claimPartitions(): number[] {
    const { group, channel: topic } = this.opts;
    const now = Date.now();
    const expires = now + this.leaseMs;
    return this.db
      .transaction(() => {
        this.db.prepare('DELETE FROM group_members WHERE grp = ? AND topic = ? AND expires_at < ?').run(group, topic, now);
        this.db
          .prepare('INSERT OR REPLACE INTO group_members (grp, topic, member, expires_at) VALUES (?, ?, ?, ?)')
          .run(group, topic, this.member, expires);
        const { members } = this.db
          .prepare('SELECT COUNT(*) AS members FROM group_members WHERE grp = ? AND topic = ?')
          .get(group, topic) as { members: number };
        const share = Math.ceil(this.partitions / members);
        const leases = this.db
          .prepare('SELECT partition, member, expires_at FROM partition_leases WHERE grp = ? AND topic = ?')
          .all(group, topic) as { partition: number; member: string; expires_at: number }[];
        const byPartition = new Map(leases.map((l) => [l.partition, l]));
        const mine: number[] = [];
        for (let p = 0; p < this.partitions; p++) {
          const lease = byPartition.get(p);
          if (lease?.member === this.member) mine.push(p);
        }
        for (let p = 0; p < this.partitions && mine.length < share; p++) {
          const lease = byPartition.get(p);
          if (!lease || (lease.member !== this.member && lease.expires_at < now)) mine.push(p);
        }
        const keep = mine.sort((a, b) => a - b).slice(0, share);
        const release = this.db.prepare('DELETE FROM partition_leases WHERE grp = ? AND topic = ? AND partition = ? AND member = ?');
        for (const p of mine.slice(share)) release.run(group, topic, p, this.member);
        const take = this.db.prepare('INSERT OR REPLACE INTO partition_leases (grp, topic, partition, member, expires_at) VALUES (?, ?, ?, ?, ?)');
        for (const p of keep) take.run(group, topic, p, this.member, expires);
        return keep;
      })
      .immediate();
  }

  private renewLeases(): void {
    const { group, channel: topic } = this.opts;
    const expires = Date.now() + this.leaseMs;
    try {
      this.db.prepare('UPDATE partition_leases SET expires_at = ? WHERE grp = ? AND topic = ? AND member = ?').run(expires, group, topic, this.member);
      this.db.prepare('UPDATE group_members SET expires_at = ? WHERE grp = ? AND topic = ? AND member = ?').run(expires, group, topic, this.member);
    } catch (err) {
      this.log.warn({ err: errorMessage(err) }, 'could not renew partition leases');
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}
