import type { Bus, OutgoingMessage, SubscribeOptions, Subscription, TopicSpec } from '../../../shared/ports/bus.ts';

/** A bus that keeps every message the bus accepted, so tests read them without waiting on a consumer. */
export class RecordingBus implements Bus {
  readonly published: { topic: string; value: unknown }[] = [];

  constructor(
    private readonly inner: Bus,
    /** Also receives every accepted message (a file-wide record for the personal-data scan). */
    private readonly alsoTo?: { topic: string; value: unknown }[],
  ) {}

  ensureTopics(topics: TopicSpec[]): Promise<void> {
    return this.inner.ensureTopics(topics);
  }

  async publish(topic: string, messages: OutgoingMessage[]): Promise<void> {
    await this.inner.publish(topic, messages);
    for (const m of messages) {
      this.published.push({ topic, value: m.value });
      this.alsoTo?.push({ topic, value: m.value });
    }
  }

  subscribe(options: SubscribeOptions): Promise<Subscription> {
    return this.inner.subscribe(options);
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  values<T>(topic: string): T[] {
    return this.published.filter((m) => m.topic === topic).map((m) => m.value as T);
  }
}
