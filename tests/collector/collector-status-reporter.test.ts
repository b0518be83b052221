import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CollectorStatusReporter } from '../../services/collector/collector-status-reporter.ts';
import { CHANNELS } from '../../shared/bus-channels.ts';
import type { CollectorStatus, SourceStatus } from '../../shared/domain/collector-status.ts';
import { createLogger } from '../../shared/logger.ts';
import { waitFor } from '../support/wait-for.ts';
import { CollectorHarness } from './support/collector-harness.ts';

const SOURCES: SourceStatus[] = [
  { name: 'county-12345', kind: 'hotline', schedule: '每 1 秒', running: false, totals: { runs: 0, failures: 0, items: 0, deadLetters: 0, overlapsSkipped: 0 } },
];

describe('collector status reporter', () => {
  let h: CollectorHarness;
  let reporter: CollectorStatusReporter | undefined;
  const reports = () => h.bus.values<CollectorStatus>(CHANNELS.collectorStatus.name);

  beforeEach(async () => {
    h = await CollectorHarness.create();
  });
  afterEach(async () => {
    await reporter?.stop();
    reporter = undefined;
    await h.close();
  });

  it('reports at once, then at every heartbeat while nothing happens, each report numbered', async () => {
    reporter = new CollectorStatusReporter({ bus: h.bus, logger: h.deps.logger, sources: () => SOURCES, now: () => h.clock, heartbeatMs: 30, minIntervalMs: 10 });
    reporter.start();
    await waitFor('three reports', () => reports().length >= 3);
    expect(reports()[0]).toEqual({
      instanceId: reporter.instanceId,
      host: expect.any(String),
      pid: process.pid,
      startedAt: '2026-11-24T10:00:00.000+08:00',
      at: '2026-11-24T10:00:00.000+08:00',
      seq: 0,
      heartbeatMs: 30,
      state: 'running',
      sources: SOURCES,
    });
    expect(reports().slice(0, 3).map((r) => r.seq)).toEqual([0, 1, 2]);
  });

  it('a burst of news makes one report at once and one when the cool-down ends; stopping says stopping, then stopped', async () => {
    reporter = new CollectorStatusReporter({ bus: h.bus, logger: h.deps.logger, sources: () => SOURCES, heartbeatMs: 3_600_000, minIntervalMs: 100 });
    reporter.start();
    for (let i = 0; i < 5; i++) reporter.changed();
    await waitFor('the report after the cool-down', () => reports().length === 2);
    reporter.stopping();
    await waitFor('the stopping report', () => reports().length === 3);
    await reporter.stop();
    expect(reports().map((r) => r.state)).toEqual(['running', 'running', 'stopping', 'stopped']);
  });

  it('a bus that is down never reaches the collector: the failure is logged once, and stop still resolves', async () => {
    const logged: string[] = [];
    const logger = createLogger('warn', { write: (line: string) => void logged.push(line) });
    await h.bus.close();
    let made = 0;
    const sources = () => ((made += 1), SOURCES);
    reporter = new CollectorStatusReporter({ bus: h.bus, logger, sources, heartbeatMs: 20, minIntervalMs: 5 });
    reporter.start();
    await waitFor('a few reports made', () => made >= 3);
    await expect(reporter.stop()).resolves.toBeUndefined();
    expect(logged.map((l) => JSON.parse(l).msg as string)).toEqual(['could not publish the collector status; collection continues']);
    expect(reports()).toEqual([]);
  });
});
