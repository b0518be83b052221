import pg from 'pg';
import { InvalidInputError, UnavailableError, YuqingError, errorMessage } from '../../errors.ts';

// Socket-level failures: the server is down, restarting or unreachable. The same work may
// succeed later, so these are retriable.
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE']);

// pg reports a dropped or timed-out connection as a plain Error with only a message.
const DROPPED_CONNECTION = /connection terminated|timeout exceeded when trying to connect|connection timeout|not queryable/i;

/** SQLSTATE of a driver error, when the server sent one. */
export function sqlState(err: unknown): string | undefined {
  return err instanceof pg.DatabaseError ? err.code : undefined;
}

/**
 * True when PostgreSQL rolled the transaction back because of a concurrent one
 * (serialization failure, deadlock) or when another writer took the same ledger seq:
 * nothing was written, so the whole transaction may simply run again.
 */
export function isWriteConflict(err: unknown): boolean {
  const code = sqlState(err);
  if (code === '40001' || code === '40P01') return true;
  return code === '23505' && err instanceof pg.DatabaseError && err.constraint === 'ledger_pkey';
}

function isUnavailable(err: unknown): boolean {
  const code = sqlState(err);
  if (code !== undefined) {
    // 08: connection exception; 53: out of connections/memory/disk; 57P01-03: shutting down
    // or starting up; 57014: statement_timeout (a stuck lock holder, a saturated server).
    return code.startsWith('08') || code.startsWith('53') || ['57P01', '57P02', '57P03', '57014', '55P03'].includes(code);
  }
  if (!(err instanceof Error)) return false;
  const netCode = (err as NodeJS.ErrnoException).code;
  return (netCode !== undefined && NETWORK_CODES.has(netCode)) || DROPPED_CONNECTION.test(err.message);
}

/**
 * Turns a pg or socket error into one of ours, naming the server (never its password), so
 * callers branch on `retriable` and never see driver types. Our own errors pass unchanged.
 */
export function translatePgError(err: unknown, server: string): YuqingError {
  if (err instanceof YuqingError) return err;
  if (isUnavailable(err)) return new UnavailableError('ledger.unavailable', `PostgreSQL at ${server} is unavailable: ${errorMessage(err)}`, err);
  // Class 22 (data exception): a value PostgreSQL cannot store or compare, e.g. a bad limit.
  if (sqlState(err)?.startsWith('22')) return new InvalidInputError('ledger.invalid_input', `PostgreSQL at ${server} refused a value: ${errorMessage(err)}`, err);
  if (isWriteConflict(err)) {
    return new YuqingError('ledger.contention', `ledger append kept conflicting with concurrent appends at ${server}`, { status: 503, retriable: true, cause: err });
  }
  return new YuqingError('ledger.store_failed', `PostgreSQL at ${server}: ${errorMessage(err)}`, { cause: err });
}

/** host:port/database of a connection URL, for messages; never the credentials. */
export function describeServer(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname || 'localhost'}:${u.port || '5432'}${u.pathname}`;
  } catch {
    return '(unparseable DATABASE_URL)';
  }
}
