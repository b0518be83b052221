/**
 * A stable error code, `area.reason` (e.g. `index.unavailable`, `cases.not_found`): the area
 * says which part of the product speaks, the reason what went wrong.
 */
export type ErrorCode = `${string}.${string}`;

/**
 * The base of every error we raise on purpose. `code` is stable (clients and tests match on
 * it), `status` is what the HTTP layer answers, `retriable` tells a consumer whether trying
 * the same work again can succeed (a server that is down) or cannot (bad input).
 */
export class YuqingError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly retriable: boolean;

  constructor(code: ErrorCode, message: string, opts: { status?: number; retriable?: boolean; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'YuqingError';
    this.code = code;
    this.status = opts.status ?? 500;
    this.retriable = opts.retriable ?? false;
  }
}

/** Input that can never be processed as it is: it belongs in dead-letters, not in a retry loop. */
export class InvalidInputError extends YuqingError {
  constructor(code: ErrorCode, message: string, cause?: unknown) {
    super(code, message, { status: 400, retriable: false, cause });
    this.name = 'InvalidInputError';
  }
}

/** What was asked for does not exist; `what` names it for a person, e.g. `事件 e1`. */
export class NotFoundError extends YuqingError {
  constructor(what: string, code: ErrorCode = 'api.not_found') {
    super(code, `未找到：${what}`, { status: 404 });
    this.name = 'NotFoundError';
  }
}

/** The request clashes with what is stored (a name already taken, the last administrator). */
export class ConflictError extends YuqingError {
  constructor(code: ErrorCode, message: string) {
    super(code, message, { status: 409 });
    this.name = 'ConflictError';
  }
}

/** No valid session: log in first. */
export class UnauthenticatedError extends YuqingError {
  constructor(code: ErrorCode = 'auth.unauthenticated', message = '请先登录') {
    super(code, message, { status: 401 });
    this.name = 'UnauthenticatedError';
  }
}

/** A valid session whose role or department may not do this. */
export class ForbiddenError extends YuqingError {
  constructor(code: ErrorCode = 'auth.forbidden', message = '当前角色无权执行此操作') {
    super(code, message, { status: 403 });
    this.name = 'ForbiddenError';
  }
}

/** A server or file we depend on is unavailable; the same work may succeed later. */
export class UnavailableError extends YuqingError {
  constructor(code: ErrorCode, message: string, cause?: unknown) {
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
