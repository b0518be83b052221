import { hostname } from 'node:os';
import { createAdapter } from '@socket.io/redis-adapter';
import { createClient } from 'redis';
import type { Server as SocketServer, Socket } from 'socket.io';
import { z } from 'zod';
import type { User } from '../../../shared/domain/account.ts';
import type { Alert } from '../../../shared/domain/alert.ts';
import { Instant } from '../../../shared/domain/time.ts';
import type { Logger } from '../../../shared/logger.ts';
import type { AccountStore } from '../../../shared/ports/account-store.ts';
import type { Bus, Subscription } from '../../../shared/ports/bus.ts';
import type { LedgerStore } from '../../../shared/ports/ledger-store.ts';
import type { SearchIndex } from '../../../shared/ports/search-index.ts';
import { consume, CHANNELS } from '../../../shared/bus-channels.ts';
import type { AuthDeps } from '../auth/session.ts';
import { socketAuth } from '../auth/socket-auth.ts';
import { AlertReader } from './alert-reader.ts';
import { RecentIds } from './recent-ids.ts';
import { alertRooms, roomsOfUser, userRoom } from './rooms.ts';

/**
 * Sends a message to every socket in any of `rooms` (roleRoom, deptRoom, userRoom), on every
 * responder process when Redis is configured. Case notifications (`case`, `reminder`) use it.
 */
export type Notify = (rooms: string[], event: string, payload: unknown) => void;

export interface LiveRedis {
  /** redis:// URL. */
  url: string;
  /** Prefix of the adapter's pub/sub channels, so installations sharing one Redis stay apart. */
  key: string;
}

/** The adapter's channel prefix: the topic prefix that keeps installations apart on one Kafka keeps them apart on one Redis. */
export function liveRedisKey(topicPrefix = ''): string {
  return `${topicPrefix}yuqing-live`;
}

export interface LiveAlertsDeps {
  io: SocketServer;
  auth: AuthDeps;
  bus: Bus;
  index: SearchIndex;
  ledger: LedgerStore;
  accounts: AccountStore;
  logger: Logger;
  /** Share rooms across responder processes, and take each alert in only one of them. */
  redis?: LiveRedis;
}

export interface LiveAlerts {
  /** Alerts as each user may see them; the API lists them through the same reader (one cache). */
  reader: AlertReader;
  notify: Notify;
  /**
   * Closes every live socket of a user, on every responder: after logout, a password change or
   * reset, or an administrator's change of role, department or access, a socket must not go on
   * receiving what the old session could see. A browser still logged in reconnects with its
   * new cookie and joins its new rooms.
   */
  endLiveSessions(userId: string): void;
  /** Starts taking alerts off the bus; `port` names this process's own group when there is no Redis. */
  start(port: number): Promise<void>;
  /** Stops consuming, closes every socket, then the Redis clients. */
  stop(): Promise<void>;
}

/** The consumer group all responders share when Redis carries their broadcasts. */
export const LIVE_GROUP = 'responder-live';
const REPLAY_PAGE = 500;
/** Alerts a resume looks back over at most; the client reads older ones from GET /api/alerts. */
const REPLAY_MAX = 2_000;
/**
 * How long a replayed alert keeps a socket out of its live broadcast. Alerts are published
 * before they are indexed, so a replay can find an alert whose live delivery is still on its way.
 */
const REPLAY_GUARD_MS = 10 * 60_000;

/** A room a socket is in while a replayed alert must not reach it again live. */
const replayedRoom = (alertId: string): string => `replayed:${alertId}`;

const ResumeRequest = z.object({ since: Instant });

type ResumeAnswer = { replayed: number; truncated: boolean } | { error: { code: string; message: string } };

/**
 * Live alerts over socket.io. Sockets join rooms by role, user and department; each alert from
 * the bus goes to the watching roles' rooms and the rooms of the departments its event
 * concerns; `resume {since}` replays what a reconnecting console missed from the index.
 */
export async function createLiveAlerts(deps: LiveAlertsDeps): Promise<LiveAlerts> {
  const { io } = deps;
  const log = deps.logger.child({ component: 'live' });
  const closeRedis = deps.redis ? await useRedisAdapter(io, deps.redis, log) : undefined;
  const reader = new AlertReader(deps.index, deps.ledger, log);

  io.use(socketAuth(deps.auth));
  // The handshake proved the session; the socket keeps the user to choose its rooms and replay.
  io.use((socket, next) => {
    deps.accounts.getUser(socket.data.userId as string).then(
      (user) => {
        if (!user) return next(new Error('unauthorized'));
        socket.data.user = user;
        next();
      },
      (err: unknown) => next(err instanceof Error ? err : new Error(String(err))),
    );
  });
  io.on('connection', (socket) => onConnection(socket, socket.data.user as User));

  function onConnection(socket: Socket, user: User): void {
    void socket.join(roomsOfUser(user));
    // What this socket was sent in this session, live or replayed, so a replay skips it.
    const sent = new RecentIds(REPLAY_MAX * 2);
    socket.onAnyOutgoing((event: string, payload: unknown) => {
      if (event === 'alert') sent.add((payload as Alert).id);
    });
    let replaying = false;
    socket.on('resume', (body: unknown, ack?: unknown) => {
      const answer = (a: ResumeAnswer) => {
        if (typeof ack === 'function') ack(a);
        else if ('error' in a) socket.emit('resume-error', a.error);
      };
      const r = ResumeRequest.safeParse(body);
      if (!r.success) {
        answer({ error: { code: 'live.invalid_resume', message: `resume needs {since: ISO instant}: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}` } });
        return;
      }
      if (replaying) {
        answer({ error: { code: 'live.resume_in_progress', message: 'a resume is still being answered' } });
        return;
      }
      replaying = true;
      replay(socket, user, sent, r.data.since)
        .then(answer, (err: unknown) => {
          log.warn({ err, userId: user.id }, 'alerts to replay could not be read');
          answer({ error: { code: 'live.replay_failed', message: '暂时无法补发错过的预警，请稍后重试' } });
        })
        .finally(() => {
          replaying = false;
        });
    });
  }

  async function replay(socket: Socket, user: User, sent: RecentIds, since: string): Promise<ResumeAnswer> {
    const found = new Map<string, Alert>();
    let total = 0;
    for (let offset = 0; offset < REPLAY_MAX; offset += REPLAY_PAGE) {
      const page = await deps.index.searchAlerts({ since, page: { offset, limit: REPLAY_PAGE } });
      total = page.total;
      for (const a of page.hits) found.set(a.id, a);
      if (page.hits.length < REPLAY_PAGE) break;
    }
    const visible = await reader.visibleTo(user, [...found.values()]);
    visible.sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt) || a.id.localeCompare(b.id));
    const guarded: string[] = [];
    for (const a of visible) {
      if (!socket.connected) break;
      if (sent.has(a.id)) continue;
      socket.emit('alert', a);
      guarded.push(replayedRoom(a.id));
    }
    if (guarded.length > 0) {
      void socket.join(guarded);
      const timer = setTimeout(() => guarded.forEach((room) => void socket.leave(room)), REPLAY_GUARD_MS);
      timer.unref();
      socket.once('disconnect', () => clearTimeout(timer));
    }
    return { replayed: guarded.length, truncated: total > found.size };
  }

  // The bus may deliver an alert twice (the analyzer republishes after a crash): push it once.
  const pushed = new RecentIds(10_000);
  const broadcast = async (alerts: Alert[]) => {
    const fresh = alerts.filter((a) => pushed.add(a.id));
    if (fresh.length === 0) return;
    const byEvent = await reader.departments.of(fresh.map((a) => a.eventId));
    for (const a of fresh) io.to(alertRooms(byEvent.get(a.eventId) ?? [])).except(replayedRoom(a.id)).emit('alert', a);
  };

  let subscription: Subscription | undefined;
  return {
    reader,
    notify: (rooms, event, payload) => {
      // io.to([]) would mean every socket.
      if (rooms.length > 0) io.to(rooms).emit(event, payload);
    },
    endLiveSessions: (userId) => io.in(userRoom(userId)).disconnectSockets(true),
    start: async (port) => {
      subscription = await consume({
        bus: deps.bus,
        channel: CHANNELS.alerts,
        // With Redis, one group: each alert is taken by one responder and the adapter carries it
        // to every process's sockets. Without, each process pushes every alert to its own sockets.
        group: deps.redis ? LIVE_GROUP : `${LIVE_GROUP}-${hostname()}-${port}`,
        start: 'latest',
        logger: log,
        handler: broadcast,
      });
    },
    stop: async () => {
      await subscription?.stop();
      await io.close();
      await closeRedis?.();
    },
  };
}

/** Puts io on @socket.io/redis-adapter with a publishing and a subscribed node-redis client. */
async function useRedisAdapter(io: SocketServer, redis: LiveRedis, log: Logger): Promise<() => Promise<void>> {
  const pub = createClient({ url: redis.url });
  const sub = pub.duplicate();
  // node-redis reconnects by itself; without a listener an 'error' event would end the process.
  pub.on('error', (err: unknown) => log.warn({ err }, 'Redis (publish) connection error; reconnecting'));
  sub.on('error', (err: unknown) => log.warn({ err }, 'Redis (subscribe) connection error; reconnecting'));
  await Promise.all([pub.connect(), sub.connect()]);
  io.adapter(createAdapter(pub, sub, { key: redis.key }));
  log.info({ key: redis.key }, 'socket.io rooms shared through Redis');
  return async () => {
    await Promise.allSettled([pub.close(), sub.close()]);
  };
}
