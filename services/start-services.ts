import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Config } from '../shared/config.ts';
import { isRetriable } from '../shared/errors.ts';
import type { Logger } from '../shared/logger.ts';
import { segmentForSearch } from '../shared/text/segmenter.ts';
import { ensureProductChannels } from '../shared/bus-channels.ts';
import { loadOrCreateSecret } from '../shared/secret-file.ts';
import { ShutdownSequence, type ShutdownResult } from '../shared/shutdown.ts';
import { openAccountStore, openBus, openEvidenceStore, openLedgerStore, openSearchIndex, channelPartitions } from '../shared/wiring.ts';
import { generateDemoExport } from './collector/demo/demo-export.ts';
import { readJson } from '../shared/read-json.ts';
import { Gazetteer } from '../shared/domain/gazetteer.ts';
import { loadAnalyzerRules } from './analyzer/analyzer-config.ts';
import { startAnalyzer } from './analyzer/analyzer-service.ts';
import { serveIngest, startCollector } from './collector/collector-service.ts';
import { liveRedisKey } from './responder/live/live-alerts.ts';
import { loadResponseRules } from './responder/cases/response-rules.ts';
import { startResponder } from './responder/responder-service.ts';

export const ROLES = ['collector', 'analyzer', 'responder'] as const;
export type Role = (typeof ROLES)[number];

export interface RunningServices {
  /** The console's address when the responder runs. */
  consoleUrl?: string;
  /** Where webhook sources accept pushes, when the collector runs and has any. */
  ingestUrl?: string;
  /** Stops everything in order (shared/shutdown.ts); says which steps failed or hung. */
  stop(): Promise<ShutdownResult>;
}

/** Opens a port, retrying with backoff while its server is down, saying which one. */
async function withRetry<T>(what: string, log: Logger, open: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await open();
    } catch (err) {
      if (!isRetriable(err)) throw err;
      const delay = Math.min(500 * 2 ** attempt, 30_000);
      log.warn({ err, attempt, retryInMs: delay }, `${what} is unavailable; retrying`);
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}

/** How long the analyzer's thread may take to finish its batch and stop before it is ended; the bus hands an unfinished batch out again. */
const ANALYZER_THREAD_STOP_MS = 8_000;

type ThreadMessage = { kind: 'ready' } | { kind: 'stopped'; ok: boolean } | { kind: 'failed'; message: string };

/**
 * Starts services/analyzer-thread.ts in a worker thread and waits until it consumes. A thread
 * that dies later is started again, after a pause that doubles up to a minute.
 */
async function startAnalyzerThread(config: Config, log: Logger): Promise<{ stop: () => Promise<void> }> {
  const entry = new URL('./analyzer-thread.ts', import.meta.url).href;
  // The thread loads TypeScript the way this process does (tsx), whatever started it.
  const boot = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); })`;
  let stopping = false;
  let restartDelay = 1_000;
  const spawn = (): Promise<Worker> =>
    new Promise((resolve, reject) => {
      const worker = new Worker(boot, { eval: true, workerData: { config } });
      let ready = false;
      worker.on('message', (m: ThreadMessage) => {
        if (m.kind === 'ready') {
          ready = true;
          restartDelay = 1_000;
          resolve(worker);
        } else if (m.kind === 'failed') reject(new Error(`analyzer thread: ${m.message}`));
      });
      worker.on('error', (err) => (ready ? log.error({ err }, 'the analyzer thread failed') : reject(err)));
      worker.on('exit', (code) => {
        if (!ready || stopping) return;
        log.error({ code, restartInMs: restartDelay }, 'the analyzer thread ended; starting it again');
        setTimeout(() => void spawn().then((w) => (current = w), (err: unknown) => log.error({ err }, 'the analyzer thread did not start again')), restartDelay).unref();
        restartDelay = Math.min(restartDelay * 2, 60_000);
      });
    });
  let current = await spawn();
  return {
    stop: () => {
      stopping = true;
      const worker = current;
      return new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          log.warn({ afterMs: ANALYZER_THREAD_STOP_MS }, 'the analyzer thread did not stop in time; ending it');
          void worker.terminate();
        }, ANALYZER_THREAD_STOP_MS);
        worker.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        worker.postMessage({ kind: 'stop' });
      });
    },
  };
}

/** On the first start of an installation, drops a demo 12345 export into the inbox. */
function seedDemo(config: Config, log: Logger): void {
  const marker = join(config.dataDir, '.demo-loaded');
  if (!config.demo || existsSync(marker)) return;
  const demo = generateDemoExport({ now: Date.now() });
  mkdirSync(config.collector.inboxDir, { recursive: true });
  writeFileSync(join(config.collector.inboxDir, demo.fileName), demo.csv);
  writeFileSync(marker, `${new Date().toISOString()} ${demo.fileName}\n`);
  log.info({ file: demo.fileName, rows: demo.rows.length }, 'demo 12345 export placed in the inbox');
}

/**
 * The one wiring point: opens the adapters the configuration names (only those the roles
 * need) and starts the chosen services on them. Stops in phases: intake, consumers, bus,
 * storage, each step time-limited and isolated from the others' failures.
 */
export async function startServices(
  config: Config,
  roles: readonly Role[],
  logger: Logger,
  opts: { announce?: (text: string) => void } = {},
): Promise<RunningServices> {
  const log = logger.child({ component: 'services', roles });
  mkdirSync(config.dataDir, { recursive: true });

  const bus = await withRetry(`bus (${config.bus.kind})`, log, () => openBus(config.bus, logger));
  await withRetry('bus topics', log, () => ensureProductChannels(bus, channelPartitions(config)));
  // Beside other services the analyzer runs in a thread of its own, with its own connections.
  const analyzerThread = roles.includes('analyzer') && roles.length > 1;
  const needsIndex = (roles.includes('analyzer') && !analyzerThread) || roles.includes('responder');
  const index = needsIndex
    ? await withRetry(`search index (${config.index.kind})`, log, () => openSearchIndex(config.index, segmentForSearch, logger))
    : undefined;
  const ledger = roles.includes('responder')
    ? await withRetry(`ledger (${config.ledger.kind})`, log, () => openLedgerStore(config.ledger, logger))
    : undefined;

  const accounts = roles.includes('responder')
    ? await withRetry(`accounts (${config.ledger.kind})`, log, () => openAccountStore(config.ledger, logger))
    : undefined;
  // Evidence files live beside the ledger too, so every responder serves every upload.
  const evidence = roles.includes('responder')
    ? await withRetry(`evidence files (${config.ledger.kind})`, log, () => openEvidenceStore(config.ledger, logger))
    : undefined;

  const shutdown = new ShutdownSequence({ logger });
  let consoleUrl: string | undefined;
  let ingestUrl: string | undefined;
  if (index && ledger && accounts) {
    if (!config.sessionSecret && config.ledger.kind === 'postgres') {
      log.warn('YUQING_SESSION_SECRET is unset: the session key is kept in this data directory, so responders on other machines will not accept these sessions');
    }
    const sessionSecret = loadOrCreateSecret(config.dataDir, 'session-key.secret', config.sessionSecret);
    const responder = await startResponder({
      bus,
      index,
      ledger,
      accounts,
      sessionSecret,
      logger,
      ...config.http,
      ...(config.trustProxy !== undefined ? { trustProxy: config.trustProxy } : {}),
      ...(opts.announce ? { announce: opts.announce } : {}),
      rules: loadResponseRules(config.responder.rulesPath),
      ruleFiles: {
        responseRules: config.responder.rulesPath,
        alertRules: config.analyzer.alertRulesPath,
        ...(config.collector.sourcesPath ? { sources: config.collector.sourcesPath } : {}),
      },
      initialDepartments: readJson(config.analyzer.gazetteerPath, Gazetteer).departments.map((d) => d.name),
      ...(evidence ? { evidence } : {}),
      digestCron: config.responder.digestCron,
      ...(config.redisUrl ? { redis: { url: config.redisUrl, key: liveRedisKey(config.bus.topicPrefix) } } : {}),
    });
    // One step for the console's server, live alerts and the dead-letter consumer: the responder stops them in its own order.
    shutdown.add('intake', { name: 'console server', run: responder.stopIntake });
    shutdown.add('consumers', { name: 'responder', run: responder.stop });
    consoleUrl = responder.url;
  }
  if (analyzerThread) {
    shutdown.add('consumers', { name: 'analyzer thread', run: (await startAnalyzerThread(config, log)).stop, timeoutMs: ANALYZER_THREAD_STOP_MS + 1_000 });
  } else if (index && roles.includes('analyzer')) {
    const rules = loadAnalyzerRules(config.analyzer);
    shutdown.add('consumers', { name: 'analyzer', run: (await startAnalyzer({ bus, index, rules, logger })).stop });
  }
  if (roles.includes('collector')) {
    seedDemo(config, log);
    const collector = startCollector({ config, bus, logger });
    const ingest = await serveIngest(collector, config, logger);
    if (ingest) {
      // Pushes stop first; the collector then finishes the runs already under way.
      shutdown.add('intake', { name: 'webhook server', run: ingest.close });
      ingestUrl = ingest.url;
    }
    shutdown.add('intake', { name: 'collector sources', run: collector.stop });
  }

  shutdown.add('bus', { name: 'bus', run: () => bus.close() });
  for (const [name, store] of [
    ['search index', index],
    ['evidence files', evidence],
    ['accounts', accounts],
    ['ledger', ledger],
  ] as const) {
    if (store) shutdown.add('storage', { name, run: () => store.close() });
  }
  return {
    ...(consoleUrl ? { consoleUrl } : {}),
    ...(ingestUrl ? { ingestUrl } : {}),
    stop: () => shutdown.run(),
  };
}
