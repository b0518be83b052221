import type { NextFunction, Request, Response } from 'express';
import type { RoleCode, User } from '../../../shared/domain/account.ts';
import type { Actor } from '../../../shared/domain/ledger.ts';
import { ForbiddenError, UnauthenticatedError } from '../../../shared/errors.ts';
import type { AccountStore } from '../../../shared/ports/account-store.ts';
import { readCookie, SESSION_COOKIE, type SessionClaims, type SessionSigner } from './session-token.ts';

export interface AuthDeps {
  accounts: AccountStore;
  signer: SessionSigner;
  now: () => number;
}

/** The logged-in user of a request, as read from the store on this request. */
export interface AuthContext {
  user: User;
  claims: SessionClaims;
  /** The raw cookie value, to which the CSRF token is bound. */
  cookie: string;
  csrfToken: string;
}

/**
 * Resolves a Cookie header to a session: signed by us, not expired, for a user who exists,
 * is not disabled and whose sessionVersion still matches. Shared by HTTP and socket.io.
 */
export async function resolveSession(cookieHeader: string | undefined, deps: AuthDeps): Promise<AuthContext | undefined> {
  const cookie = readCookie(cookieHeader, SESSION_COOKIE);
  if (!cookie) return undefined;
  const claims = deps.signer.read(cookie, deps.now());
  if (!claims) return undefined;
  const user = await deps.accounts.getUser(claims.userId);
  if (!user || user.disabled || user.sessionVersion !== claims.version) return undefined;
  return { user, claims, cookie, csrfToken: deps.signer.csrfToken(cookie) };
}

// A WeakMap rather than a property on Request: typed without augmenting express's types.
const sessions = new WeakMap<Request, AuthContext>();

export function authOf(req: Request): AuthContext | undefined {
  return sessions.get(req);
}

/** The user of a request that passed requireUser(); a programming error otherwise. */
export function userOf(req: Request): User {
  const auth = sessions.get(req);
  if (!auth) throw new UnauthenticatedError();
  return auth.user;
}

/** Attaches the session, if any, to every request; never refuses one itself. */
export function sessionMiddleware(deps: AuthDeps) {
  return async (req: Request, _res: Response, next: NextFunction): Promise<void> => {
    const auth = await resolveSession(req.headers.cookie, deps);
    if (auth) sessions.set(req, auth);
    next();
  };
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Every state-changing request of a session must echo its CSRF token in X-CSRF-Token. A
 * request without a session passes here and is refused (401) by the route's own guard; login
 * needs no token (there is no session yet, and a JSON body cannot be sent cross-site without
 * a CORS preflight we never grant).
 */
export function requireCsrf(deps: Pick<AuthDeps, 'signer'>) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    const auth = sessions.get(req);
    if (!auth || SAFE_METHODS.has(req.method)) return next();
    if (!deps.signer.checkCsrf(auth.cookie, req.get('x-csrf-token'))) {
      return next(new ForbiddenError('auth.csrf', 'missing or wrong X-CSRF-Token header'));
    }
    next();
  };
}

/**
 * Refuses a request without a session (401). A session opened with a one-time password may
 * only change it (403 auth.password_change_required) unless the route allows it.
 */
export function requireUser(opts: { allowPendingPasswordChange?: boolean } = {}) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    const auth = sessions.get(req);
    if (!auth) return next(new UnauthenticatedError());
    if (auth.user.mustChangePassword && !opts.allowPendingPasswordChange) {
      return next(new ForbiddenError('auth.password_change_required', '请先修改一次性密码 / the one-time password must be changed first'));
    }
    next();
  };
}

/** Refuses anyone but a logged-in user holding one of `roles` (401 without a session, 403 with another role). */
export function requireRole(...roles: RoleCode[]) {
  const login = requireUser();
  return (req: Request, res: Response, next: NextFunction): void => {
    login(req, res, (err?: unknown) => {
      if (err) return next(err);
      const { role } = sessions.get(req)!.user;
      next(roles.includes(role) ? undefined : new ForbiddenError('auth.forbidden', `requires role ${roles.join(' or ')}`));
    });
  };
}

/**
 * How a user appears in the audit chain: stable id and role code, the name people read (as it
 * was at the time of the action), department when there is one.
 */
export function actorOf(user: User): Actor {
  return { id: user.id, name: user.displayName, role: user.role, ...(user.department ? { department: user.department } : {}) };
}
