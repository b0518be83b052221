import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCollector, type CollectorService } from '../../services/collector/collector-service.ts';
import type { CollectorProcessView, SourcesAnswer } from '../../services/responder/sources/collector-board.ts';
import { SqliteBus } from '../../shared/adapters/sqlite/sqlite-bus.ts';
import { parseConfig } from '../../shared/config.ts';
import { COLLECTOR_HEARTBEAT_MS, HEARTBEATS_BEFORE_LOST } from '../../shared/domain/collector-status.ts';
import { login, type ConsoleSession } from '../support/console-session.ts';
import { hotlineExport, wageArrearsRows } from '../support/hotline-export.ts';
import { testLogger } from '../support/test-logger.ts';
import { waitFor } from '../support/wait-for.ts';
import { startResponderFixture, type ResponderFixture } from './responder-fixture.ts';

/**
 * Collector processes and a responder share nothing but one SQLite bus file: the sources
 * page is built from the collectors' status reports alone, as it is across machines.
 */
describe('collector status on the sources page', () => {
  let fixture: ResponderFixture;
  let monitor: ConsoleSession & { password: string };
  const running: { collector: CollectorService; bus: SqliteBus }[] = [];

  /** A collector process of its own: its own data directory and bus connection, the responder's clock. */
  async function collectorProcess(withExport = false): Promise<{ collector: CollectorService; bus: SqliteBus }> {
    const dataDir = mkdtempSync(join(tmpdir(), 'yuqing-collector-status-'));
    const parsed = parseConfig({ YUQING_DATA_DIR: dataDir, YUQING_DEMO: '0', YUQING_HASH_SECRET: 'test-secret-0123456789' });
    if (!parsed.ok) throw new Error(parsed.problems.join('; '));
    if (withExport) {
      mkdirSync(parsed.config.collector.inboxDir, { recursive: true });
      writeFileSync(join(parsed.config.collector.inboxDir, 'export.csv'), hotlineExport(wageArrearsRows(2, '2026-11-24 08')));
    }
    const bus = new SqliteBus({ path: join(fixture.dataDir, 'bus.sqlite'), logger: testLogger, pollMs: 20 });
    const collector = startCollector({ config: parsed.config, bus, logger: testLogger, now: () => fixture.clock.now });
    const started = { collector, bus };
    running.push(started);
    return started;
  }

  async function processes(session: ConsoleSession = monitor): Promise<CollectorProcessView[]> {
    return (await session.api<SourcesAnswer>('/sources')).collectors;
  }

  async function processOf(collector: CollectorService, until: (p: CollectorProcessView) => boolean): Promise<CollectorProcessView> {
    return waitFor(`collector ${collector.instanceId} on the sources page`, async () => (await processes()).find((p) => p.instanceId === collector.instanceId && until(p)));
  }

  beforeAll(async () => {
    fixture = await startResponderFixture();
    monitor = await fixture.loginAs('monitor');
  });
  afterAll(async () => {
    for (const { collector, bus } of running) {
      await collector.stop();
      await bus.close();
    }
    await fixture.stop();
  });

  it('lists a collector process, with its host, pid and state, and its sources after a run', async () => {
    const { collector } = await collectorProcess(true);
    const shown = await processOf(collector, (p) => p.sources[0]?.lastRun?.items === 2);
    expect(shown).toMatchObject({ host: hostname(), pid: process.pid, condition: 'running', startedAt: '2026-11-24T09:00:00.000+08:00' });
    expect(shown.sources).toEqual([
      expect.objectContaining({ name: 'hotline-inbox', kind: 'hotline', schedule: '每 1 秒', lastRunOk: true, totals: expect.objectContaining({ items: 2 }) }),
    ]);
  });

  it('lists every collector process apart, each with its own sources', async () => {
    const { collector: second } = await collectorProcess();
    await processOf(second, (p) => p.sources[0]?.lastRunOk === true);
    const items = new Map((await processes()).map((p) => [p.instanceId, p.sources[0]!.totals.items]));
    expect(items).toEqual(new Map([[running[0]!.collector.instanceId, 2], [second.instanceId, 0]]));
  });

  it('shows a collector that stopped as stopped', async () => {
    const { collector } = running[1]!;
    await collector.stop();
    expect((await processOf(collector, (p) => p.condition === 'stopped')).sources).toHaveLength(1);
  });

  it('a responder started later knows at once the processes heard from within the hour, stopped ones too', async () => {
    const later = await fixture.startAnother();
    const session = await login(later.url, monitor.user.name, monitor.password);
    const shown = await waitFor('the reports read back', async () => {
      const found = await processes(session);
      return found.length === 2 ? found : undefined;
    });
    expect(new Map(shown.map((p) => [p.instanceId, p.condition]))).toEqual(
      new Map([
        [running[0]!.collector.instanceId, 'running'],
        [running[1]!.collector.instanceId, 'stopped'],
      ]),
    );
  });

  it('shows a collector that fell silent as lost once three heartbeats passed without a report; it stops without the bus', async () => {
    const { collector, bus } = running[0]!;
    await processOf(collector, (p) => p.condition === 'running');
    // The process loses the bus: its reports fail and it goes on collecting.
    await bus.close();
    fixture.clock.now += HEARTBEATS_BEFORE_LOST * COLLECTOR_HEARTBEAT_MS - 1_000;
    expect((await processes()).find((p) => p.instanceId === collector.instanceId)?.condition).toBe('running');
    fixture.clock.now += 2_000;
    expect((await processes()).find((p) => p.instanceId === collector.instanceId)?.condition).toBe('lost');
    // The stopped process keeps its state, however long ago it stopped.
    expect((await processes()).find((p) => p.instanceId === running[1]!.collector.instanceId)?.condition).toBe('stopped');
    await expect(collector.stop()).resolves.toBeUndefined();
  });
});
