import { randomUUID } from 'node:crypto';
import kafkajs from 'kafkajs';
import { describe, expect, it } from 'vitest';
import type { BusConfig } from '../../shared/config.ts';
import { openBus } from '../../shared/wiring.ts';
import { INFRA, serverAvailable } from '../support/infra.ts';
import { testLogger } from '../support/test-logger.ts';
import { waitFor } from '../support/wait-for.ts';
import { busContract } from './bus-contract.ts';

const available = await serverAvailable('Kafka', INFRA.kafkaBrokers[0]!);
// Unique per run, so the broker's logs and group member ids tell runs apart.
const clientId = `yuqing-test-${randomUUID().slice(0, 8)}`;

/** Deletes the run's topics and the consumer groups KafkaBus made for them ("group:topic"). */
async function dropTopics(names: string[]): Promise<void> {
  if (names.length === 0) return;
  const admin = new kafkajs.Kafka({ clientId, brokers: INFRA.kafkaBrokers, logLevel: kafkajs.logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const { groups } = await admin.listGroups();
    const ours = groups.map((g) => g.groupId).filter((id) => names.some((t) => id.endsWith(`:${t}`)));
    if (ours.length > 0) await admin.deleteGroups(ours);
    await admin.deleteTopics({ topics: names });
  } finally {
    await admin.disconnect();
  }
}

const config: BusConfig = {
  kind: 'kafka',
  brokers: INFRA.kafkaBrokers,
  partitions: 1,
  replication: 1,
  clientId,
  // The broker's minimum (group.min.session.timeout.ms), so a killed member is noticed fast.
  sessionTimeoutMs: 6_000,
};

describe.skipIf(!available)('KafkaBus', () => {
  busContract({ name: 'KafkaBus', config, memberTimeoutMs: 6_000, dropTopics });

  describe('beyond the contract', () => {
    it('a publish the broker refuses fails with a non-retriable error, and the next publish still goes through', async () => {
      const bus = await openBus(config, testLogger);
      const topic = `t-${randomUUID().slice(0, 8)}`;
      try {
        await bus.ensureChannels([{ name: topic }]);
        // Over the broker's message.max.bytes (1 MiB by default).
        await expect(bus.publish(topic, [{ key: 'k', value: 'x'.repeat(2_000_000) }])).rejects.toMatchObject({
          code: 'bus.failed',
          retriable: false,
        });
        await bus.publish(topic, [{ key: 'k', value: 'after' }]);
        const got: unknown[] = [];
        const sub = await bus.subscribe({ channel: topic, group: 'g', handler: async (batch) => void got.push(...batch.map((m) => m.value)) });
        await waitFor('the message published after the failure', () => got.length >= 1);
        expect(got).toEqual(['after']);
        await sub.stop();
      } finally {
        await bus.close();
        await dropTopics([topic]);
      }
    });

    it('a channel with a retention is created with it, and with segments short enough for Kafka to delete on time', async () => {
      const bus = await openBus(config, testLogger);
      const topic = `t-${randomUUID().slice(0, 8)}`;
      const admin = new kafkajs.Kafka({ clientId, brokers: INFRA.kafkaBrokers, logLevel: kafkajs.logLevel.NOTHING }).admin();
      try {
        await bus.ensureChannels([{ name: topic, retentionMs: 3_600_000 }]);
        await admin.connect();
        const { resources } = await admin.describeConfigs({
          resources: [{ type: kafkajs.ConfigResourceTypes.TOPIC, name: topic, configNames: ['retention.ms', 'segment.ms'] }],
          includeSynonyms: false,
        });
        const entries = Object.fromEntries(resources[0]!.configEntries.map((e) => [e.configName, e.configValue]));
        expect(entries).toEqual({ 'retention.ms': '3600000', 'segment.ms': '600000' });
      } finally {
        await admin.disconnect();
        await bus.close();
        await dropTopics([topic]);
      }
    });
  });
});
