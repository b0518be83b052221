import { join } from 'node:path';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Router } from 'express';
import type { Config } from '../../shared/config.ts';
import { loadOrCreateSecret } from '../../shared/secret-file.ts';
import type { Logger } from '../../shared/logger.ts';
import type { Bus } from '../../shared/ports/bus.ts';
import type { SourceStatus } from '../../shared/domain/collector-status.ts';
import { buildSources, DEFAULT_SOURCES, type BuildContext } from './build-sources.ts';
import { CollectorState } from './collector-state.ts';
import { CollectorStatusReporter } from './collector-status-reporter.ts';
import { SourceScheduler } from './source-scheduler.ts';
import { loadSourcesFile } from './sources-file.ts';
import { createIngestRouter } from './webhook-source.ts';

export interface CollectorService {
  /** Runs one pass over every scheduled source now (tests and the first start use it). */
  runOnce(): Promise<void>;
  stop(): Promise<void>;
  /** This process's name in its collector-status reports. */
  instanceId: string;
  /** Every source's last run, counts, last error and next run. */
  status(): SourceStatus[];
  /** POST /api/ingest/:source for the webhook sources; mount it on an express app. */
  ingestRouter: Router;
  hasWebhooks: boolean;
}

/**
 * Serves the webhook sources on their own port, apart from the console: partners that push
 * comments reach the collector, never the staff console. Nothing listens when no webhook
 * source is configured.
 */
export async function serveIngest(collector: CollectorService, config: Config, logger: Logger): Promise<{ url: string; close(): Promise<void> } | undefined> {
  if (!collector.hasWebhooks) return undefined;
  const app = express();
  app.disable('x-powered-by');
  app.use(collector.ingestRouter);
  const server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.collector.ingestPort, config.http.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.http.host}:${port}/api/ingest`;
  logger.child({ component: 'collector' }).info({ url }, 'webhook ingest listening');
  return { url, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** The secret for caller keys: from config, or generated once and kept in the data directory, so keys stay stable across restarts. */
export function loadHashSecret(config: Config): string {
  return loadOrCreateSecret(config.dataDir, 'caller-key.secret', config.hashSecret);
}

/**
 * Starts the collector: the sources named in the sources file (or the 12345 inbox alone), each
 * on its own schedule, all through one scheduler that keeps a failing source from stopping
 * the others. A bad sources file throws here, before anything runs.
 */
export function startCollector(deps: {
  config: Config;
  bus: Bus;
  logger: Logger;
  now?: () => number;
  fetch?: BuildContext['fetch'];
}): CollectorService {
  const { config, bus } = deps;
  const log = deps.logger.child({ component: 'collector' });
  const settings = config.collector.sourcesPath ? loadSourcesFile(config.collector.sourcesPath).sources : DEFAULT_SOURCES;
  const { sources, webhooks } = buildSources(settings, {
    dataDir: config.dataDir,
    inboxDir: config.collector.inboxDir,
    archiveDir: config.collector.archiveDir,
    pollMs: config.collector.pollMs,
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
  });
  const state = new CollectorState(join(config.collector.stateDir, 'collector.sqlite'));
  // The console learns of this process through the bus, wherever the responders run.
  const reporter = new CollectorStatusReporter({ bus, logger: deps.logger, sources: () => scheduler.status(), ...(deps.now ? { now: deps.now } : {}) });
  const scheduler = new SourceScheduler({
    sources,
    deps: { bus, state, hashSecret: loadHashSecret(config), logger: deps.logger, ...(deps.now ? { now: deps.now } : {}) },
    onNews: () => reporter.changed(),
  });
  scheduler.start();
  reporter.start();
  void scheduler.runAll();
  log.info({ sources: sources.map((s) => `${s.name} (${s.constructor.name})`) }, 'collector started');

  return {
    runOnce: () => scheduler.runAll(),
    instanceId: reporter.instanceId,
    status: () => scheduler.status(),
    ingestRouter: createIngestRouter({ webhooks, target: scheduler }),
    hasWebhooks: webhooks.length > 0,
    stop: async () => {
      reporter.stopping();
      await scheduler.stop();
      await reporter.stop();
      state.close();
    },
  };
}
