import { errors, type estypes } from '@elastic/elasticsearch';
import { UnavailableError, YuqingError } from '../../errors.ts';

/** The URL without credentials, fit for messages and logs. */
export function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    return u.toString().replace(/\/$/, '');
  } catch {
    return '(invalid Elasticsearch URL)';
  }
}

/** "type: reason" of an Elasticsearch error cause, or of a response body carrying one. */
export function causeText(cause: estypes.ErrorCause | undefined): string {
  if (!cause) return 'unknown error';
  return [cause.type, cause.reason].filter(Boolean).join(': ');
}

function bodyCause(body: unknown): estypes.ErrorCause | undefined {
  if (typeof body !== 'object' || body === null || !('error' in body)) return undefined;
  const error = body.error;
  if (typeof error === 'string') return { type: 'error', reason: error };
  return typeof error === 'object' && error !== null ? (error as estypes.ErrorCause) : undefined;
}

/** Whether an HTTP status means "try again later": overload, timeouts and server faults. */
export function retriableStatus(status: number): boolean {
  return status === 429 || status === 408 || status >= 500;
}

/** Error for a failed item of a bulk request, retriable when the server was only busy. */
export function bulkItemError(url: string, action: string, status: number, cause: estypes.ErrorCause | undefined): YuqingError {
  const message = `搜索索引（Elasticsearch ${safeUrl(url)}）未能完成 ${action}：${status} ${causeText(cause)}`;
  return retriableStatus(status)
    ? new UnavailableError('index.unavailable', message)
    : new YuqingError('index.rejected', message, { retriable: false });
}

/**
 * Translates a driver error into ours at the adapter boundary: a server that cannot be
 * reached, is overloaded or fails internally is retriable; a request it refuses (bad mapping,
 * bad query) will be refused again and is not. Errors that are already ours pass through.
 */
export function translateError(err: unknown, url: string, action: string): unknown {
  if (err instanceof YuqingError) return err;
  const where = `搜索索引（Elasticsearch ${safeUrl(url)}）`;
  if (err instanceof errors.ResponseError) {
    const status = err.statusCode ?? 0;
    const message = `${where}未能完成 ${action}：${status} ${causeText(bodyCause(err.body))}`;
    return retriableStatus(status)
      ? new UnavailableError('index.unavailable', message, err)
      : new YuqingError('index.rejected', message, { retriable: false, cause: err });
  }
  if (err instanceof errors.ConnectionError || err instanceof errors.TimeoutError || err instanceof errors.NoLivingConnectionsError) {
    return new UnavailableError('index.unavailable', `${where}暂不可用（${action}）：${err.message}`, err);
  }
  if (err instanceof errors.ProductNotSupportedError) {
    return new YuqingError('index.unsupported_server', `${where}不是受支持的 Elasticsearch 服务器：${err.message}`, { cause: err });
  }
  if (err instanceof errors.ElasticsearchClientError) {
    return new YuqingError('index.failed', `${where}未能完成 ${action}：${err.message}`, { cause: err });
  }
  return err;
}

/** Whether creating an index failed only because it exists already. */
export function isAlreadyExists(err: unknown): boolean {
  return err instanceof errors.ResponseError && bodyCause(err.body)?.type === 'resource_already_exists_exception';
}
