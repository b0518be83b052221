import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

export const SESSION_COOKIE = 'yuqing_session';
/** A working day and a half: a shift at the alert wall never ends in a surprise logout. */
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

/** What a session cookie carries. The store is consulted on every request for the rest. */
export interface SessionClaims {
  userId: string;
  /** Must equal the user's sessionVersion: logout, password change and reset bump it. */
  version: number;
  /** Epoch ms. */
  expiresAt: number;
}

const Claims = z.object({ u: z.string().min(1), v: z.number().int(), e: z.number().int() });

/**
 * Signs and checks session cookies and their CSRF tokens with HMAC-SHA256. Stateless: any
 * responder holding the same secret accepts any other's sessions. Separate keys are derived
 * for the two uses, so a CSRF token can never pass as a cookie signature.
 */
export class SessionSigner {
  private readonly cookieKey: Buffer;
  private readonly csrfKey: Buffer;

  constructor(secret: string) {
    this.cookieKey = createHmac('sha256', secret).update('yuqing session cookie v1').digest();
    this.csrfKey = createHmac('sha256', secret).update('yuqing csrf token v1').digest();
  }

  issue(claims: SessionClaims): string {
    const body = Buffer.from(JSON.stringify({ u: claims.userId, v: claims.version, e: claims.expiresAt })).toString('base64url');
    return `${body}.${this.mac(this.cookieKey, body)}`;
  }

  /** The claims of a cookie value signed by us and not expired at `now`; otherwise undefined. */
  read(value: string, now: number): SessionClaims | undefined {
    const dot = value.indexOf('.');
    if (dot < 0) return undefined;
    const body = value.slice(0, dot);
    if (!equal(value.slice(dot + 1), this.mac(this.cookieKey, body))) return undefined;
    let json: unknown;
    try {
      json = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    } catch {
      return undefined;
    }
    const parsed = Claims.safeParse(json);
    if (!parsed.success || parsed.data.e <= now) return undefined;
    return { userId: parsed.data.u, version: parsed.data.v, expiresAt: parsed.data.e };
  }

  /** The CSRF token bound to one session cookie: a new login or password change yields a new one. */
  csrfToken(cookieValue: string): string {
    return this.mac(this.csrfKey, cookieValue);
  }

  checkCsrf(cookieValue: string, token: string | undefined): boolean {
    return token !== undefined && equal(token, this.csrfToken(cookieValue));
  }

  private mac(key: Buffer, data: string): string {
    return createHmac('sha256', key).update(data).digest('base64url');
  }
}

function equal(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** One cookie's value from a Cookie header, or undefined. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
