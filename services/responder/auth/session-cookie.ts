import type { Request, Response } from 'express';
import type { User } from '../../../shared/domain/account.ts';
import { SESSION_COOKIE, SESSION_TTL_MS, type SessionSigner } from './session-token.ts';

/** Opens a session for the user's current sessionVersion; returns its CSRF token. */
export function setSessionCookie(req: Request, res: Response, user: User, signer: SessionSigner, now: number): string {
  const expiresAt = now + SESSION_TTL_MS;
  const value = signer.issue({ userId: user.id, version: user.sessionVersion, expiresAt });
  res.cookie(SESSION_COOKIE, value, {
    httpOnly: true,
    sameSite: 'strict',
    // Secure whenever the browser reached us over HTTPS (directly or through a trusted proxy);
    // a county's plain-HTTP intranet console must still be able to log in.
    secure: req.secure,
    path: '/',
    expires: new Date(expiresAt),
  });
  return signer.csrfToken(value);
}

export function clearSessionCookie(req: Request, res: Response): void {
  res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/' });
}
