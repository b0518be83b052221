import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { Server as SocketServer } from 'socket.io';
import type { Alert } from '../../shared/domain/alert.ts';
import type { DeadLetter } from '../../shared/domain/dead-letter.ts';
import type { Logger } from '../../shared/logger.ts';
import type { AccountStore } from '../../shared/ports/account-store.ts';
import type { Bus, Subscription } from '../../shared/ports/bus.ts';
import type { LedgerStore } from '../../shared/ports/ledger-store.ts';
import type { SearchIndex } from '../../shared/ports/search-index.ts';
import { consume, TOPICS } from '../../shared/topics.ts';
import type { CollectorStatusSnapshot } from '../collector/source-status.ts';
import { apiRouter } from './api.ts';
import { ensureFirstAdmin } from './auth/first-admin.ts';
import { securityHeaders } from './auth/security-headers.ts';
import type { AuthDeps } from './auth/session.ts';
import { SessionSigner } from './auth/session-token.ts';
import { socketAuth } from './auth/socket-auth.ts';

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
  /** Per-source status of the collector, shown in the console (GET /api/sources). */
  sourceStatus?: () => CollectorStatusSnapshot | undefined;
}

export interface ResponderService {
  /** The address the console listens on, e.g. http://127.0.0.1:8080. */
  url: string;
  stop(): Promise<void>;
}

/** Remembers recently pushed alert ids so an alert published twice reaches the console once. */
class RecentIds {
  private readonly ids = new Set<string>();
  constructor(private readonly capacity: number) {}
  /** True the first time an id is seen. */
  add(id: string): boolean {
    if (this.ids.has(id)) return false;
    this.ids.add(id);
    if (this.ids.size > this.capacity) this.ids.delete(this.ids.values().next().value!);
    return true;
  }
}

/**
 * The console's server: JSON API, static pages, and socket.io pushing each new alert to every
 * open console. A console that reconnects asks the API for what it missed (alerts since the
 * newest it has), so a dropped connection loses nothing.
 */
export async function startResponder(deps: ResponderDeps): Promise<ResponderService> {
  const log = deps.logger.child({ component: 'responder' });
  await ensureFirstAdmin({ ...deps, announce: deps.announce ?? ((text) => process.stdout.write(text)) });
  const auth: AuthDeps = { accounts: deps.accounts, signer: new SessionSigner(deps.sessionSecret), now: deps.now ?? Date.now };

  const app = express();
  app.disable('x-powered-by');
  if (deps.trustProxy !== undefined) app.set('trust proxy', deps.trustProxy);
  app.use(securityHeaders());
  let ready = false;
  app.use('/api', apiRouter({ ...deps, auth, isReady: () => ready }));
  app.use(express.static(join(import.meta.dirname, 'public')));
  const server: Server = createServer(app);
  const io = new SocketServer(server, { serveClient: true });
  io.use(socketAuth(auth));

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(deps.port, deps.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${deps.host.includes(':') ? `[${deps.host}]` : deps.host}:${port}`;

  const pushed = new RecentIds(10_000);
  const subscriptions: Subscription[] = [
    await consume({
      bus: deps.bus,
      topic: TOPICS.alerts,
      // Every responder process pushes every alert to its own sockets: one group per process.
      group: `responder-live-${hostname()}-${port}`,
      start: 'latest',
      logger: log,
      handler: async (alerts: Alert[]) => {
        for (const a of alerts) if (pushed.add(a.id)) io.emit('alert', a);
      },
    }),
    await consume({
      bus: deps.bus,
      topic: TOPICS.deadLetters,
      group: 'responder-dead-letters',
      logger: log,
      handler: async (letters: DeadLetter[]) => {
        await deps.index.upsertDeadLetters(letters);
        await deps.index.refresh();
        io.emit('dead-letters', { count: letters.length });
      },
    }),
  ];
  ready = true;
  log.info({ url }, 'console listening');

  return {
    url,
    stop: async () => {
      await Promise.all(subscriptions.map((s) => s.stop()));
      io.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
