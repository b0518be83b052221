#!/usr/bin/env node
// Readiness / compatibility check for the local Kafka broker, using the same
// client library as the application (kafkajs from the repo's node_modules).
//
//   node infra/check-kafka.mjs [brokers] [--transactions]
//
// Creates a throw-away topic, produces with an idempotent producer, consumes
// it with a consumer group, commits and reads back the group's offsets, then
// deletes the group and the topic. --transactions also runs a transactional
// producer (commit + abort) and a read_committed consumer.
// Exit 0 on success; on failure prints the failing step and the error.

import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';

const require = createRequire(import.meta.url);
let kafkajs;
try {
  kafkajs = require('kafkajs');
} catch {
  console.error('check-kafka: kafkajs is not installed in node_modules (run npm ci)');
  process.exit(2);
}
const { Kafka, logLevel } = kafkajs;

const args = process.argv.slice(2);
const brokers = (args.find((a) => !a.startsWith('--')) ?? '127.0.0.1:9092').split(',');
const withTransactions = args.includes('--transactions');

const suffix = `${Date.now()}-${randomBytes(3).toString('hex')}`;
const topic = `yuqing-infra-check-${suffix}`;
const groupId = `yuqing-infra-check-${suffix}`;
const messages = [
  { key: 'a', value: 'hello' },
  { key: 'b', value: '舆情' },
  { key: 'c', value: JSON.stringify({ n: 3 }) },
];

const kafka = new Kafka({
  clientId: 'yuqing-infra-check',
  brokers,
  connectionTimeout: 3000,
  requestTimeout: 15000,
  logLevel: logLevel.ERROR,
  retry: { retries: 4, initialRetryTime: 300 },
});

let step = 'init';
const t0 = Date.now();
const say = (msg) => console.log(`check-kafka [${Date.now() - t0}ms] ${msg}`);

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms}ms: ${what}`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

async function consumeAll(consumerConfig, expected) {
  const consumer = kafka.consumer(consumerConfig);
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const received = [];
  let done;
  const finished = new Promise((resolve) => (done = resolve));
  await consumer.run({
    autoCommit: false,
    eachMessage: async ({ partition, message }) => {
      received.push(message.value.toString());
      await consumer.commitOffsets([
        { topic, partition, offset: (BigInt(message.offset) + 1n).toString() },
      ]);
      if (received.length >= expected) done();
    },
  });
  await withTimeout(finished, 30000, `waiting for ${expected} messages (got ${received.length})`);
  await consumer.disconnect();
  return received;
}

const admin = kafka.admin();
try {
  step = 'admin connect';
  await admin.connect();
  const cluster = await admin.describeCluster();
  say(`connected: cluster ${cluster.clusterId}, controller ${cluster.controller}, brokers ${cluster.brokers.map((b) => `${b.host}:${b.port}`).join(',')}`);

  step = 'create topic';
  const created = await admin.createTopics({
    topics: [{ topic, numPartitions: 2, replicationFactor: 1 }],
    waitForLeaders: true,
  });
  if (!created) throw new Error(`topic ${topic} already existed`);
  say(`created topic ${topic}`);

  step = 'idempotent produce';
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const res = await producer.send({ topic, acks: -1, messages });
  await producer.disconnect();
  say(`produced ${messages.length} messages (idempotent): ${JSON.stringify(res)}`);

  step = 'consume with consumer group + commit offsets';
  const received = await consumeAll({ groupId, sessionTimeout: 10000, heartbeatInterval: 1000 }, messages.length);
  const want = messages.map((m) => m.value).sort();
  if (JSON.stringify(received.sort()) !== JSON.stringify(want)) {
    throw new Error(`consumed ${JSON.stringify(received)}, expected ${JSON.stringify(want)}`);
  }
  say(`consumed ${received.length} messages in group ${groupId}`);

  step = 'fetch committed offsets';
  const offsets = await admin.fetchOffsets({ groupId, topics: [topic] });
  const committed = offsets[0].partitions.reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
  if (committed !== messages.length) {
    throw new Error(`committed offsets sum to ${committed}, expected ${messages.length}: ${JSON.stringify(offsets)}`);
  }
  say(`committed offsets OK: ${JSON.stringify(offsets[0].partitions)}`);

  step = 'admin metadata calls';
  const topicOffsets = await admin.fetchTopicOffsets(topic);
  const groups = await admin.describeGroups([groupId]);
  const configs = await admin.describeConfigs({ resources: [{ type: 2, name: topic }], includeSynonyms: false });
  const listed = await admin.listGroups();
  say(
    `admin OK: high watermarks ${topicOffsets.map((p) => p.high).join(',')}, group state ${groups.groups[0].state}, ` +
      `${configs.resources[0].configEntries.length} topic configs, ${listed.groups.length} groups listed`,
  );

  if (withTransactions) {
    step = 'transactional produce';
    const tx = kafka.producer({ transactionalId: `yuqing-infra-check-tx-${suffix}`, idempotent: true, maxInFlightRequests: 1 });
    await tx.connect();
    const t1 = await tx.transaction();
    await t1.send({ topic, messages: [{ key: 'tx', value: 'committed' }] });
    await t1.commit();
    const t2 = await tx.transaction();
    await t2.send({ topic, messages: [{ key: 'tx', value: 'aborted' }] });
    await t2.abort();
    await tx.disconnect();
    say('transactional producer: commit + abort OK');

    step = 'read_committed consume';
    const got = await consumeAll({ groupId: `${groupId}-tx`, readUncommitted: false }, messages.length + 1);
    if (got.includes('aborted') || !got.includes('committed')) {
      throw new Error(`read_committed consumer saw ${JSON.stringify(got)}`);
    }
    say('read_committed consumer skipped the aborted record');
  }

  step = 'delete consumer group';
  await admin.deleteGroups(withTransactions ? [groupId, `${groupId}-tx`] : [groupId]);
  step = 'delete topic';
  await admin.deleteTopics({ topics: [topic], timeout: 10000 });
  await admin.disconnect();
  say('OK');
  process.exit(0);
} catch (e) {
  console.error(`check-kafka: FAILED at step "${step}": ${e?.name ?? 'Error'}: ${e?.message ?? e}`);
  if (e?.type) console.error(`  kafka error type: ${e.type} (code ${e.code})`);
  if (e?.cause) console.error(`  cause: ${e.cause?.name}: ${e.cause?.message} ${e.cause?.type ?? ''}`);
  try {
    await admin.deleteGroups([groupId]);
  } catch {
    /* best effort */
  }
  try {
    await admin.deleteTopics({ topics: [topic], timeout: 5000 });
  } catch {
    /* best effort */
  }
  process.exit(1);
}
