import type { Bus, OutgoingMessage, SubscribeOptions, Subscription, TopicSpec } from '../ports/bus.ts';

/**
 * Puts every topic of a bus under a prefix, so several installations or test runs share one
 * Kafka cluster without seeing each other's messages. Services keep using the topic names of
 * ARCHITECTURE.md; only the names on the wire change.
 */
export class NamespacedBus implements Bus {
  constructor(
    private readonly inner: Bus,
    private readonly prefix: string,
  ) {}

  ensureTopics(topics: TopicSpec[]): Promise<void> {
    return this.inner.ensureTopics(topics.map((t) => ({ ...t, name: this.prefix + t.name })));
  }

  publish(topic: string, messages: OutgoingMessage[]): Promise<void> {
    return this.inner.publish(this.prefix + topic, messages);
  }

  subscribe(options: SubscribeOptions): Promise<Subscription> {
    return this.inner.subscribe({
      ...options,
      topic: this.prefix + options.topic,
      handler: (batch) => options.handler(batch.map((m) => ({ ...m, topic: m.topic.slice(this.prefix.length) }))),
    });
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
