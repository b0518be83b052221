/**
 * The base of every error we raise on purpose. `code` is stable (clients and tests match on
 * it), `status` is what the HTTP layer answers, `retriable` tells a consumer whether trying
 * the same work again can succeed (a server that is down) or cannot (bad input).
 */
export class YuqingError extends Error {
  readonly code: string;
  readonly status: number;
  readonly retriable: boolean;

  constructor(code: string, message: string, opts: { status?: number; retriable?: boolean; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'YuqingError';
    this.code = code;
    this.status = opts.status ?? 500;
    this.retriable = opts.retriable ?? false;
  }
}

/** Input that can never be processed as it is: it belongs in dead-letters, not in a retry loop. */
export class InvalidInputError extends YuqingError {
  constructor(code: string, message: string, cause?: unknown) {
    super(code, message, { status: 400, retriable: false, cause });
    this.name = 'InvalidInputError';
  }
}

export class NotFoundError extends YuqingError {
  constructor(what: string) {
    super('not_found', `${what} not found`, { status: 404 });
    this.name = 'NotFoundError';
  }
}

/** The request clashes with what is stored (a name already taken, the last administrator). */
export class ConflictError extends YuqingError {
  constructor(code: string, message: string) {
    super(code, message, { status: 409 });
    this.name = 'ConflictError';
  }
}

/** No valid session: log in first. */
export class UnauthenticatedError extends YuqingError {
  constructor(code = 'auth.unauthenticated', message = 'login required') {
    super(code, message, { status: 401 });
    this.name = 'UnauthenticatedError';
  }
}

/** A valid session whose role or department may not do this. */
export class ForbiddenError extends YuqingError {
  constructor(code = 'auth.forbidden', message = 'not allowed for this role') {
    super(code, message, { status: 403 });
    this.name = 'ForbiddenError';
  }
}

/** A server or file we depend on is unavailable; the same work may succeed later. */
export class UnavailableError extends YuqingError {
  constructor(code: string, message: string, cause?: unknown) {
    super(code, message, { status: 503, retriable: true, cause });
    this.name = 'UnavailableError';
  }
}

export function isRetriable(err: unknown): boolean {
  return err instanceof YuqingError ? err.retriable : false;
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
