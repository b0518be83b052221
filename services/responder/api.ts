import express, { type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import type { RoleCode } from '../../shared/domain/account.ts';
import { EventLevel } from '../../shared/domain/event.ts';
import { SourceKind } from '../../shared/domain/raw-item.ts';
import { Instant } from '../../shared/domain/time.ts';
import { NotFoundError, YuqingError } from '../../shared/errors.ts';
import type { Logger } from '../../shared/logger.ts';
import type { AccountStore } from '../../shared/ports/account-store.ts';
import type { EvidenceStore } from '../../shared/ports/evidence-store.ts';
import type { LedgerStore } from '../../shared/ports/ledger-store.ts';
import type { SearchIndex } from '../../shared/ports/search-index.ts';
import type { CollectorBoard, SourcesAnswer } from './sources/collector-board.ts';
import type { Notify } from './live/live-alerts.ts';
import { MAX_PAGE } from '../../shared/ports/search-terms.ts';
import { parseQuery, queryList } from './request-input.ts';
import type { DepartmentNamesReply, EventDetailReply } from './api-replies.ts';
import { AlertReader } from './live/alert-reader.ts';
import { adminRouter } from './admin/admin-router.ts';
import { createAdminService } from './admin/admin-service.ts';
import type { RuleFiles } from './admin/rule-files.ts';
import { authRouter } from './auth/auth-router.ts';
import { LoginThrottle } from './auth/login-throttle.ts';
import { requireCsrf, requireRole, requireUser, sessionMiddleware, userOf, type AuthDeps } from './auth/session.ts';
import { createCaseService } from './cases/case-service.ts';
import { casesRouter } from './cases/cases-router.ts';
import { createCommitmentService } from './commitments/commitment-service.ts';
import { commitmentsRouter, largeBodyRoute } from './commitments/commitments-router.ts';
import type { ResponseRulesInEffect } from './cases/response-rules.ts';
import { supervisionRouter } from './supervision/supervision-router.ts';
import { createSupervisionService } from './supervision/supervision-service.ts';


const paging = {
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(0).max(MAX_PAGE).default(20),
};

const ItemsQuery = z.object({
  q: z.string().optional(),
  topic: queryList(z.string()),
  place: queryList(z.string()),
  department: queryList(z.string()),
  kind: queryList(SourceKind),
  event: z.string().optional(),
  from: Instant.optional(),
  to: Instant.optional(),
  sort: z.enum(['relevance', 'newest', 'oldest', 'risk']).default('relevance'),
  ...paging,
});

const EventsQuery = z.object({
  q: z.string().optional(),
  topic: queryList(z.string()),
  place: queryList(z.string()),
  level: queryList(EventLevel),
  from: Instant.optional(),
  to: Instant.optional(),
  sort: z.enum(['heat', 'latest']).default('heat'),
  ...paging,
});

const AlertsQuery = z.object({ since: Instant.optional(), level: queryList(EventLevel), event: z.string().optional(), ...paging });
const DeadLettersQuery = z.object({ origin: z.string().optional(), ...paging });
const StatsQuery = ItemsQuery.omit({ sort: true, offset: true, limit: true }).extend({ interval: z.enum(['hour', 'day']).default('day') });


type ItemsFilter = Omit<z.infer<typeof ItemsQuery>, 'sort' | 'offset' | 'limit'>;

function itemQuery(q: ItemsFilter) {
  return {
    ...(q.q !== undefined ? { text: q.q } : {}),
    ...(q.topic ? { topics: q.topic } : {}),
    ...(q.place ? { places: q.place } : {}),
    ...(q.department ? { departments: q.department } : {}),
    ...(q.kind ? { sourceKinds: q.kind } : {}),
    ...(q.event !== undefined ? { eventId: q.event } : {}),
    ...(q.from ? { from: q.from } : {}),
    ...(q.to ? { to: q.to } : {}),
  };
}

/** Who reads dead letters: rows that could not be read carry raw text of every source. */
export const DEAD_LETTER_ROLES: RoleCode[] = ['monitor', 'supervisor', 'admin'];

export interface ApiDeps {
  index: SearchIndex;
  ledger: LedgerStore;
  accounts: AccountStore;
  auth: AuthDeps;
  logger: Logger;
  isReady: () => boolean;
  /** Every collector process's status and its sources' last runs, as heard on the bus. */
  collectors?: Pick<CollectorBoard, 'view'>;
  /** Pushes to socket.io rooms (services/responder/live/rooms.ts), e.g. a `case` message to its departments. */
  notify?: Notify;
  /** Closes a user's live sockets when its session or access changes (LiveAlerts.endLiveSessions). */
  endLiveSessions?: (userId: string) => void;
  /** The configuration files shown to administrators (GET /api/admin/rules). */
  ruleFiles?: RuleFiles;
  /** The live module's alert reader, so the API and the sockets share one department cache. */
  alertReader?: AlertReader;
  /** Deadlines and commitment warnings in effect (config/response-rules.json, or as saved in the console). */
  rules: ResponseRulesInEffect;
  /** Fulfilment evidence files, kept beside the ledger; undefined: uploads and downloads answer 503. */
  evidence?: EvidenceStore;
}

/**
 * The JSON API over the index, the ledger and the accounts. /health is public; /auth logs
 * in and out; everything else needs a session, and /admin the 管理员 role. Every route is
 * listed in tests/responder/authorization.test.ts with the roles it admits.
 */
export function apiRouter(deps: ApiDeps): express.Router {
  const { index, ledger } = deps;
  const { rules } = deps;
  const r = express.Router();

  // Ready once the live-alert subscription is in place: a load balancer (or a test) that
  // waits for 200 here never sends work to a responder that would miss alerts.
  r.get('/health', async (_req, res) => {
    const ready = deps.isReady();
    res.status(ready ? 200 : 503).json({ ok: ready });
  });

  // Evidence uploads (base64, up to 5 MB) are parsed by their own route, after the session checks.
  const json = express.json({ limit: '64kb' });
  r.use((req, res, next) => (largeBodyRoute(req) ? next() : json(req, res, next)));
  r.use(sessionMiddleware(deps.auth));
  r.use(requireCsrf(deps.auth));
  const endLiveSessions = deps.endLiveSessions ?? (() => {});
  r.use('/auth', authRouter({ ...deps.auth, ledger, logger: deps.logger, throttle: new LoginThrottle(deps.accounts, deps.auth.now), endLiveSessions }));
  r.use('/admin', adminRouter(createAdminService({ accounts: deps.accounts, ledger, endLiveSessions, ruleFiles: deps.ruleFiles ?? {}, responseRules: rules })));
  // Every route below reads data: any logged-in role may (departments are narrowed per route as cases arrive).
  r.use(requireUser());
  // Alerts as each user may see them: a 承办单位 only those naming its department, as on the live wall.
  const alertReader = deps.alertReader ?? new AlertReader(index, ledger, deps.logger);

  r.get('/items', async (req, res) => {
    const q = parseQuery(ItemsQuery, req);
    res.json(await index.searchItems({ ...itemQuery(q), sort: q.sort, page: { offset: q.offset, limit: q.limit } }));
  });

  r.get('/items/:id', async (req, res) => {
    const item = await index.getItem(req.params.id);
    if (!item) throw new NotFoundError(`item ${req.params.id}`);
    res.json(item);
  });

  r.get('/stats', async (req, res) => {
    const q = parseQuery(StatsQuery, req);
    res.json(await index.aggregateItems(itemQuery(q), { terms: ['topic', 'place', 'sourceKind', 'department'], histogram: q.interval }));
  });

  r.get('/events', async (req, res) => {
    const q = parseQuery(EventsQuery, req);
    res.json(
      await index.searchEvents({
        ...(q.q !== undefined ? { text: q.q } : {}),
        ...(q.topic ? { topics: q.topic } : {}),
        ...(q.place ? { places: q.place } : {}),
        ...(q.level ? { levels: q.level } : {}),
        ...(q.from ? { from: q.from } : {}),
        ...(q.to ? { to: q.to } : {}),
        sort: q.sort,
        page: { offset: q.offset, limit: q.limit },
      }),
    );
  });

  r.get('/events/:id', async (req, res: Response<EventDetailReply>) => {
    const event = await index.getEvent(req.params.id);
    if (!event) throw new NotFoundError(`event ${req.params.id}`);
    const [items, alerts] = await Promise.all([
      index.searchItems({ eventId: event.id, sort: 'newest', page: { limit: 50 } }),
      alertReader.search(userOf(req), { eventIds: [event.id] }, { offset: 0, limit: MAX_PAGE }),
    ]);
    res.json({ event, items, alerts });
  });

  r.get('/alerts', async (req, res) => {
    const q = parseQuery(AlertsQuery, req);
    const filter = {
      ...(q.since ? { since: q.since } : {}),
      ...(q.level ? { levels: q.level } : {}),
      ...(q.event !== undefined ? { eventIds: [q.event] } : {}),
    };
    res.json(await alertReader.search(userOf(req), filter, { offset: q.offset, limit: q.limit }));
  });

  // Department names for the case forms; the list itself is managed under /admin.
  r.get('/departments', async (_req, res: Response<DepartmentNamesReply>) => {
    res.json({ departments: (await deps.accounts.listDepartments()).map((d) => d.name) });
  });

  r.get('/dead-letters', requireRole(...DEAD_LETTER_ROLES), async (req, res) => {
    const q = parseQuery(DeadLettersQuery, req);
    res.json(await index.searchDeadLetters({ ...(q.origin !== undefined ? { origin: q.origin } : {}), page: { offset: q.offset, limit: q.limit } }));
  });

  r.get('/sources', requireRole('monitor', 'supervisor', 'admin'), async (_req, res) => {
    const answer: SourcesAnswer = deps.collectors?.view() ?? { collectors: [] };
    res.json(answer);
  });

  // Cases, drafts → approval → publication, commitments and their evidence; each route names its roles.
  const caseRules = { ledger, accounts: deps.accounts, rules, now: deps.auth.now, logger: deps.logger, ...(deps.notify ? { notify: deps.notify } : {}) };
  r.use(casesRouter(createCaseService({ ...caseRules, index })));
  r.use(commitmentsRouter(createCommitmentService({ ...caseRules, ...(deps.evidence ? { evidence: deps.evidence } : {}) })));
  // Supervision figures, audit (incl. /ledger/verify), exports and the digest; each route names its roles.
  r.use(supervisionRouter(createSupervisionService({ ledger, accounts: deps.accounts, rules, now: deps.auth.now }), deps.auth.now));

  r.use((_req, _res, next) => next(new NotFoundError('该接口')));
  r.use(errorHandler(deps.logger));
  return r;
}

/** One error middleware: our errors answer with their status and code; anything else is a 500 logged as an error. */
export function errorHandler(logger: Logger) {
  return (err: unknown, req: Request, res: Response, _next: NextFunction): void => {
    if (err instanceof YuqingError) {
      if (err.status >= 500) logger.warn({ err, path: req.path }, 'request failed');
      res.status(err.status).json({ error: { code: err.code, message: err.message } });
      return;
    }
    // body-parser's errors (malformed JSON, too large) carry their own 4xx status.
    if (isClientHttpError(err)) {
      res.status(err.status).json({ error: { code: 'api.bad_request', message: `请求无法解析：${err.message}` } });
      return;
    }
    logger.error({ err, path: req.path }, 'unexpected error');
    res.status(500).json({ error: { code: 'api.internal', message: '服务器内部错误，请稍后重试' } });
  };
}

function isClientHttpError(err: unknown): err is Error & { status: number } {
  if (!(err instanceof Error) || !('status' in err) || !('expose' in err)) return false;
  return typeof err.status === 'number' && err.status >= 400 && err.status < 500 && err.expose === true;
}
