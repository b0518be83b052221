/** The replies of the login routes (/api/auth), declared once for the router and the console. Types only. */
import type { PublicUser } from '../../../shared/domain/account.ts';

/** POST /auth/login, GET /auth/me, POST /auth/password: who is logged in and the CSRF token for writes. */
export interface SessionReply {
  user: PublicUser;
  csrfToken: string;
}
