import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCollector, type CollectorService } from '../../services/collector/collector-service.ts';
import { CollectorBoard } from '../../services/responder/sources/collector-board.ts';
import { ensureProductChannels } from '../../shared/bus-channels.ts';
import { parseConfig, type Config } from '../../shared/config.ts';
import { isRetriable } from '../../shared/errors.ts';
import type { Bus } from '../../shared/ports/bus.ts';
import { channelPartitions, openBus } from '../../shared/wiring.ts';
import { INFRA, serverAvailable } from '../support/infra.ts';
import { scaledNamespace } from '../support/service-process.ts';
import { testLogger } from '../support/test-logger.ts';
import { waitFor } from '../support/wait-for.ts';

const available = await serverAvailable('Kafka', INFRA.kafkaBrokers[0]!);

/** Collectors and a responder's board on Kafka, each with its own client, as on separate machines. */
describe.skipIf(!available)('collector status over Kafka', () => {
  const buses: Bus[] = [];
  const collectors: CollectorService[] = [];
  let board: CollectorBoard;

  let env: Record<string, string>;

  /** A process's configuration: the run's Kafka namespace, a data directory of its own. */
  function configured(): Config {
    const parsed = parseConfig({ ...env, YUQING_DATA_DIR: mkdtempSync(join(tmpdir(), 'yuqing-status-')) });
    if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
    return parsed.config;
  }

  async function collectorProcess(): Promise<CollectorService> {
    const config = configured();
    const bus = await openBus(config.bus, testLogger);
    buses.push(bus);
    const collector = startCollector({ config, bus, logger: testLogger });
    collectors.push(collector);
    return collector;
  }

  beforeAll(async () => {
    env = (await scaledNamespace('status')).env;
    const config = configured();
    const bus = await openBus(config.bus, testLogger);
    buses.push(bus);
    // As startServices does: a broker under load may answer topic creation with a retriable error.
    await waitFor('the channels', () => ensureProductChannels(bus, channelPartitions(config)).then(() => true, (err: unknown) => (isRetriable(err) ? false : Promise.reject(err))), 60_000);
    board = await CollectorBoard.start({ bus, logger: testLogger, now: Date.now });
  });
  afterAll(async () => {
    for (const c of collectors) await c.stop();
    await board?.stop();
    for (const b of buses) await b.close();
  });

  it('a responder hears two collector processes apart, and one that stopped as stopped', async () => {
    const [first, second] = [await collectorProcess(), await collectorProcess()];
    const conditionOf = (c: CollectorService) => board.view().collectors.find((p) => p.instanceId === c.instanceId)?.condition;
    await waitFor('both processes running', () => conditionOf(first) === 'running' && conditionOf(second) === 'running', 60_000);
    await second.stop();
    await waitFor('the second stopped', () => conditionOf(second) === 'stopped', 30_000);
    expect(conditionOf(first)).toBe('running');
    expect(board.view().collectors.find((p) => p.instanceId === first.instanceId)?.sources.map((s) => s.name)).toEqual(['hotline-inbox']);
  });
});
