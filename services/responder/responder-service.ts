import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { Server as SocketServer } from 'socket.io';
import type { DeadLetter } from '../../shared/domain/dead-letter.ts';
import type { Logger } from '../../shared/logger.ts';
import type { AccountStore } from '../../shared/ports/account-store.ts';
import type { EvidenceStore } from '../../shared/ports/evidence-store.ts';
import type { Bus, Subscription } from '../../shared/ports/bus.ts';
import type { LedgerStore } from '../../shared/ports/ledger-store.ts';
import type { SearchIndex } from '../../shared/ports/search-index.ts';
import { consume, CHANNELS } from '../../shared/bus-channels.ts';
import { apiRouter, DEAD_LETTER_ROLES } from './api.ts';
import type { RuleFiles } from './admin/rule-files.ts';
import { ensureDepartments, ensureFirstAdmin } from './admin/first-admin.ts';
import { securityHeaders } from './auth/security-headers.ts';
import { consoleApp } from './console/serve-console.ts';
import { CollectorBoard } from './sources/collector-board.ts';
import type { AuthDeps } from './auth/session.ts';
import { SessionSigner } from './auth/session-token.ts';
import { createLiveAlerts, type LiveRedis, type Notify } from './live/live-alerts.ts';
import { roleRoom } from './live/rooms.ts';
import { loadResponseRules, ResponseRulesInEffect, type ResponseRules } from './cases/response-rules.ts';
import { startSupervisionJobs, type SupervisionJobs } from './supervision/supervision-jobs.ts';
import { DEFAULT_RESPONSE_RULES_PATH } from '../../shared/config.ts';

export interface ResponderDeps {
  bus: Bus;
  index: SearchIndex;
  ledger: LedgerStore;
  accounts: AccountStore;
  /** Signs session cookies; every responder behind one load balancer needs the same. */
  sessionSecret: string;
  logger: Logger;
  host: string;
  port: number;
  /** Express "trust proxy", for the client address (login throttling) and HTTPS detection. */
  trustProxy?: string | number;
  /** Where the first administrator's one-time password is shown; the terminal by default. */
  announce?: (text: string) => void;
  now?: () => number;
  /** Departments an installation starts with when it has none (the gazetteer's). */
  initialDepartments?: readonly string[];
  /** The configuration files shown to administrators in the console. */
  ruleFiles?: RuleFiles;
  /** Set in scaled mode: socket.io rooms shared through Redis, one alert consumer group for all responders. */
  redis?: LiveRedis;
  /** Deadlines and commitment warnings from the file (config/response-rules.json; undefined: the shipped one), until an administrator saves others in the console. */
  rules?: ResponseRules;
  /** Fulfilment evidence files, kept beside the ledger (openEvidenceStore); undefined: uploads and downloads answer 503. */
  evidence?: EvidenceStore;
  /**
   * With it, this responder schedules the commitment reminders (every 15 minutes) and the daily
   * digest at this node-cron time (China time); without (tests), neither runs on its own.
   */
  digestCron?: string;
}

export interface ResponderService {
  /** The address the console listens on, e.g. http://127.0.0.1:8080. */
  url: string;
  /** Pushes a message to socket.io rooms (live/rooms.ts), on every responder when Redis is set. */
  notify: Notify;
  /** Stops taking new console connections and starting jobs; requests in flight finish. */
  stopIntake(): void;
  /** Stops intake if not yet, then the consumers and live sockets, and waits for the server to close. */
  stop(): Promise<void>;
}

/**
 * The console's server: JSON API, static pages, and socket.io pushing each new alert to the
 * consoles allowed to see it (live/live-alerts.ts). A console that reconnects sends `resume`
 * with the newest alert it has and is sent what it missed, so a dropped connection loses nothing.
 */
export async function startResponder(deps: ResponderDeps): Promise<ResponderService> {
  const log = deps.logger.child({ component: 'responder' });
  await ensureFirstAdmin({ ...deps, announce: deps.announce ?? ((text) => process.stdout.write(text)) });
  await ensureDepartments(deps.accounts, deps.initialDepartments ?? []);
  const auth: AuthDeps = { accounts: deps.accounts, signer: new SessionSigner(deps.sessionSecret), now: deps.now ?? Date.now };

  const app = express();
  app.disable('x-powered-by');
  if (deps.trustProxy !== undefined) app.set('trust proxy', deps.trustProxy);
  app.use(securityHeaders());
  let ready = false;
  const server: Server = createServer(app);
  const io = new SocketServer(server, { serveClient: true });
  const live = await createLiveAlerts({ ...deps, io, auth });
  const rules = await ResponseRulesInEffect.start(deps.rules ?? loadResponseRules(DEFAULT_RESPONSE_RULES_PATH), deps.ledger, log);
  const collectors = await CollectorBoard.start({ bus: deps.bus, logger: log, now: auth.now });
  app.use('/api', apiRouter({ ...deps, rules, collectors, auth, isReady: () => ready, notify: live.notify, endLiveSessions: live.endLiveSessions, alertReader: live.reader }));
  app.use(consoleApp());

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(deps.port, deps.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${deps.host.includes(':') ? `[${deps.host}]` : deps.host}:${port}`;

  await live.start(port);
  const subscriptions: Subscription[] = [
    await consume({
      bus: deps.bus,
      channel: CHANNELS.deadLetters,
      group: 'responder-dead-letters',
      logger: log,
      handler: async (letters: DeadLetter[]) => {
        await deps.index.upsertDeadLetters(letters);
        await deps.index.refresh();
        // Those who may read dead letters (GET /api/dead-letters), on every responder.
        live.notify(DEAD_LETTER_ROLES.map(roleRoom), 'dead-letters', { count: letters.length });
      },
    }),
  ];
  // Every responder runs them: the ledger records each reminder and digest once, whoever is first.
  const jobs: SupervisionJobs | undefined = deps.digestCron
    ? startSupervisionJobs({
        ledger: deps.ledger,
        rules,
        notify: live.notify,
        logger: log,
        digestCron: deps.digestCron,
        now: auth.now,
      })
    : undefined;
  ready = true;
  log.info({ url }, 'console listening');

  let serverClosed: Promise<void> | undefined;
  const stopIntake = () => {
    if (serverClosed) return;
    jobs?.stop();
    rules.stop();
    // Resolves once open connections end: the live sockets are closed by stop() below.
    serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
  };
  return {
    url,
    notify: live.notify,
    stopIntake,
    stop: async () => {
      stopIntake();
      await Promise.all([...subscriptions, collectors].map((s) => s.stop()));
      await live.stop();
      await serverClosed;
    },
  };
}
