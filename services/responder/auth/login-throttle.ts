import type { AccountStore } from '../../../shared/ports/account-store.ts';

export interface ThrottleLimits {
  windowMs: number;
  /** Failures per user name inside the window before that name is locked. */
  perUser: number;
  /**
   * Failures per client address. Higher than per user: a county office often reaches the
   * server through one NAT address, and one person's typos must not lock out the office.
   */
  perIp: number;
}

export const DEFAULT_LIMITS: ThrottleLimits = { windowMs: 15 * 60 * 1000, perUser: 5, perIp: 20 };

/**
 * Login rate limiting kept in the AccountStore, so every responder process behind a load
 * balancer counts the same failures. A locked name or address is refused before its password
 * is even checked, so guessing stops even when the guess would be right.
 */
export class LoginThrottle {
  constructor(
    private readonly accounts: AccountStore,
    private readonly now: () => number,
    private readonly limits: ThrottleLimits = DEFAULT_LIMITS,
  ) {}

  /** Seconds until a login for this name from this address may be tried again; 0 if now. */
  async retryAfterSeconds(name: string, ip: string): Promise<number> {
    const now = this.now();
    // A failure counts for exactly windowMs: at now - windowMs it has just left.
    const since = now - this.limits.windowMs + 1;
    const waits = await Promise.all([
      this.waitFor(`user:${name}`, since, this.limits.perUser, now),
      this.waitFor(`ip:${ip}`, since, this.limits.perIp, now),
    ]);
    return Math.max(...waits);
  }

  async failed(name: string, ip: string): Promise<void> {
    const now = this.now();
    await this.accounts.recordLoginFailure([`user:${name}`, `ip:${ip}`], now);
    await this.accounts.forgetLoginFailures(now - this.limits.windowMs);
  }

  /** A correct password clears the name's failures; the address keeps its own (it may be guessing several names). */
  async succeeded(name: string): Promise<void> {
    await this.accounts.clearLoginFailures(`user:${name}`);
  }

  private async waitFor(key: string, since: number, limit: number, now: number): Promise<number> {
    const recent = await this.accounts.recentLoginFailures(key, since, limit);
    if (recent.length < limit) return 0;
    // The lock lifts when the limit-th newest failure leaves the window.
    return Math.max(1, Math.ceil((recent[limit - 1]! + this.limits.windowMs - now) / 1000));
  }
}
