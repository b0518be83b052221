import express, { type Request, type Response } from 'express';
import type { SessionReply } from './auth-replies.ts';
import { z } from 'zod';
import { publicUser, type User } from '../../../shared/domain/account.ts';
import { InvalidInputError, UnauthenticatedError, YuqingError } from '../../../shared/errors.ts';
import type { LedgerStore } from '../../../shared/ports/ledger-store.ts';
import type { Logger } from '../../../shared/logger.ts';
import { LoginThrottle } from './login-throttle.ts';
import { NewPassword, hashPassword, verifyDecoy, verifyPassword } from './password-hash.ts';
import { actorOf, authOf, requireUser, type AuthDeps } from './session.ts';
import { clearSessionCookie, setSessionCookie } from './session-cookie.ts';
import { parseBody } from '../request-input.ts';

const LoginBody = z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(256) });
const PasswordBody = z.object({ currentPassword: z.string().min(1).max(256), newPassword: NewPassword });

export interface AuthRouterDeps extends AuthDeps {
  ledger: LedgerStore;
  throttle: LoginThrottle;
  logger: Logger;
  /** Closes the user's live sockets once its older sessions end. */
  endLiveSessions: (userId: string) => void;
}

function clientIp(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}

/** POST /login, POST /logout, GET /me, POST /password. Every change is written to the audit chain first. */
export function authRouter(deps: AuthRouterDeps): express.Router {
  const { accounts, ledger, signer, throttle } = deps;
  const r = express.Router();

  r.post('/login', async (req, res: Response<SessionReply>) => {
    const { username, password } = parseBody(LoginBody, req);
    const ip = clientIp(req);
    const wait = await throttle.retryAfterSeconds(username, ip);
    if (wait > 0) {
      deps.logger.warn({ username, ip }, 'login throttled');
      res.set('Retry-After', String(wait));
      throw new YuqingError('auth.throttled', `登录失败次数过多，请${Math.ceil(wait / 60)}分钟后再试 / too many failed logins`, { status: 429 });
    }
    const user = await accounts.findUserByName(username);
    let reason: 'unknown_user' | 'bad_password' | 'disabled' | undefined;
    if (!user) {
      await verifyDecoy(password);
      reason = 'unknown_user';
    } else if (!(await verifyPassword(password, user.passwordHash))) reason = 'bad_password';
    else if (user.disabled) reason = 'disabled';
    if (reason || !user) {
      await throttle.failed(username, ip);
      // Whatever was typed is recorded as typed, minus characters a text column cannot keep.
      const tried = username.replace(/[\p{Cc}\p{Cs}]/gu, '?');
      await ledger.append({
        actor: { id: tried, role: 'anonymous' },
        action: 'session.login_failed',
        subject: user ? `user:${user.id}` : `login:${tried}`,
        payload: { ip, reason },
      });
      // One answer for every reason: the response never says which names exist.
      throw new UnauthenticatedError('auth.bad_credentials', '用户名或密码错误 / wrong user name or password');
    }
    await throttle.succeeded(username);
    await ledger.append({ actor: actorOf(user), action: 'session.login', subject: `user:${user.id}`, payload: { ip } });
    const csrfToken = setSessionCookie(req, res, user, signer, deps.now());
    res.json({ user: publicUser(user), csrfToken });
  });

  const session = requireUser({ allowPendingPasswordChange: true });

  r.get('/me', session, (req, res: Response<SessionReply>) => {
    const auth = authOf(req)!;
    res.json({ user: publicUser(auth.user), csrfToken: auth.csrfToken });
  });

  r.post('/logout', session, async (req, res) => {
    const { user } = authOf(req)!;
    await ledger.append({ actor: actorOf(user), action: 'session.logout', subject: `user:${user.id}`, payload: {} });
    // Stateless cookies cannot be revoked one by one: bumping the version ends every session of the user.
    await accounts.updateUser(user.id, { bumpSessionVersion: true });
    deps.endLiveSessions(user.id);
    clearSessionCookie(req, res);
    res.status(204).end();
  });

  r.post('/password', session, async (req, res: Response<SessionReply>) => {
    const { user } = authOf(req)!;
    const body = parseBody(PasswordBody, req);
    if (!(await verifyPassword(body.currentPassword, user.passwordHash))) {
      throw new InvalidInputError('auth.wrong_password', '当前密码不正确 / the current password is wrong');
    }
    if (body.newPassword === body.currentPassword) throw new InvalidInputError('auth.same_password', '新密码不能与当前密码相同 / choose a different password');
    const passwordHash = await hashPassword(body.newPassword);
    await ledger.append({ actor: actorOf(user), action: 'user.password_changed', subject: `user:${user.id}`, payload: {} });
    const changed: User = await accounts.updateUser(user.id, { passwordHash, mustChangePassword: false, bumpSessionVersion: true });
    deps.endLiveSessions(user.id);
    // Other sessions end; this browser continues on a fresh cookie.
    const csrfToken = setSessionCookie(req, res, changed, signer, deps.now());
    res.json({ user: publicUser(changed), csrfToken });
  });

  return r;
}
