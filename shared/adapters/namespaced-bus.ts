import type { Bus, OutgoingMessage, SubscribeOptions, Subscription, ChannelSpec } from '../ports/bus.ts';

/**
 * Puts every channel of a bus under a prefix, so several installations or test runs share one
 * Kafka cluster without seeing each other's messages. Services keep using the channel names of
 * ARCHITECTURE.md; only the names on the wire change.
 */
export class NamespacedBus implements Bus {
  constructor(
    private readonly inner: Bus,
    private readonly prefix: string,
  ) {}

  ensureChannels(channels: ChannelSpec[]): Promise<void> {
    return this.inner.ensureChannels(channels.map((t) => ({ ...t, name: this.prefix + t.name })));
  }

  publish(channel: string, messages: OutgoingMessage[]): Promise<void> {
    return this.inner.publish(this.prefix + channel, messages);
  }

  subscribe(options: SubscribeOptions): Promise<Subscription> {
    return this.inner.subscribe({
      ...options,
      channel: this.prefix + options.channel,
      handler: (batch) => options.handler(batch.map((m) => ({ ...m, channel: m.channel.slice(this.prefix.length) }))),
    });
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
