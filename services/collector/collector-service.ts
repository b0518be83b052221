import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Config } from '../../shared/config.ts';
import type { Logger } from '../../shared/logger.ts';
import type { Bus } from '../../shared/ports/bus.ts';
import { CollectorState } from './collector-state.ts';
import { HotlineInbox } from './hotline-inbox.ts';

export interface CollectorService {
  /** Runs one pass over every source now (tests and the first start use it). */
  runOnce(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The secret for caller keys: from config, or generated once and kept in the data directory
 * (mode 600) so keys stay stable across restarts of an embedded installation.
 */
export function loadHashSecret(config: Config): string {
  if (config.hashSecret) return config.hashSecret;
  const path = join(config.dataDir, 'caller-key.secret');
  if (!existsSync(path)) {
    mkdirSync(config.dataDir, { recursive: true });
    writeFileSync(path, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
  }
  return readFileSync(path, 'utf8').trim();
}

/** Starts the collector's sources; each runs on its own timer and never overlaps itself. */
export function startCollector(deps: { config: Config; bus: Bus; logger: Logger }): CollectorService {
  const { config, bus } = deps;
  const log = deps.logger.child({ component: 'collector' });
  const state = new CollectorState(join(config.collector.stateDir, 'collector.sqlite'));
  const inbox = new HotlineInbox({
    sourceName: 'hotline-inbox',
    inboxDir: config.collector.inboxDir,
    archiveDir: config.collector.archiveDir,
    bus,
    state,
    hashSecret: loadHashSecret(config),
    logger: log,
  });

  let running: Promise<void> | undefined;
  let stopped = false;
  const runOnce = (): Promise<void> => {
    // A pass still in progress is joined, not started again.
    running ??= inbox
      .scan()
      .then(() => undefined)
      .catch((err: unknown) => log.warn({ err }, 'hotline inbox pass failed; will retry'))
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  const timer = setInterval(() => {
    if (!stopped) void runOnce();
  }, config.collector.pollMs);
  void runOnce();
  log.info({ inbox: config.collector.inboxDir }, 'collector watching the 12345 inbox');

  return {
    runOnce,
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await running;
      state.close();
    },
  };
}
