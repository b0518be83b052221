import type { Bus, OutgoingMessage, SubscribeOptions, Subscription, ChannelSpec } from '../../../shared/ports/bus.ts';

/** A bus that keeps every message the bus accepted, so tests read them without waiting on a consumer. */
export class RecordingBus implements Bus {
  readonly published: { channel: string; value: unknown }[] = [];

  constructor(
    private readonly inner: Bus,
    /** Also receives every accepted message (a file-wide record for the personal-data scan). */
    private readonly alsoTo?: { channel: string; value: unknown }[],
  ) {}

  ensureChannels(topics: ChannelSpec[]): Promise<void> {
    return this.inner.ensureChannels(topics);
  }

  async publish(channel: string, messages: OutgoingMessage[]): Promise<void> {
    await this.inner.publish(channel, messages);
    for (const m of messages) {
      this.published.push({ channel, value: m.value });
      this.alsoTo?.push({ channel, value: m.value });
    }
  }

  subscribe(options: SubscribeOptions): Promise<Subscription> {
    return this.inner.subscribe(options);
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  values<T>(channel: string): T[] {
    return this.published.filter((m) => m.channel === channel).map((m) => m.value as T);
  }
}
