/** The console's only way to the server: JSON over fetch, with the session's CSRF token on writes. */
import { ElMessage } from 'element-plus';
import type { Ref } from 'vue';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

let csrfToken = '';
let onUnauthenticated: () => void = () => {};

export function setCsrfToken(token: string): void {
  csrfToken = token;
}

/** Called when the server answers 401: the session ended (logout elsewhere, expiry, reset). */
export function whenUnauthenticated(handler: () => void): void {
  onUnauthenticated = handler;
}

/** A query string from filters, leaving out empty values; arrays are joined with commas as the API reads them. */
export function queryString(params: Record<string, string | number | string[] | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) {
      if (v.length) q.set(k, v.join(','));
    } else q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  const res = await fetch(`/api${path}`, { method, headers, credentials: 'same-origin', ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  if (res.status === 204) return undefined as T;
  const data: unknown = await res.json().catch(() => undefined);
  if (!res.ok) {
    const err = (data as { error?: { code?: string; message?: string } } | undefined)?.error;
    if (res.status === 401 && !path.startsWith('/auth/login')) onUnauthenticated();
    throw new ApiError(res.status, err?.code ?? `http.${res.status}`, err?.message ?? `${res.status} ${res.statusText}`);
  }
  return data as T;
}

export const get = <T>(path: string) => request<T>('GET', path);
export const post = <T>(path: string, body: unknown = {}) => request<T>('POST', path, body);
export const patch = <T>(path: string, body: unknown) => request<T>('PATCH', path, body);
export const put = <T>(path: string, body: unknown) => request<T>('PUT', path, body);

/** What to show a person for a failed call: the server's message, with the route that is missing named plainly. */
export function errorText(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.status === 404 && err.code.endsWith('.not_found')) return `接口暂不可用或对象不存在（${err.message}）`;
    if (err.status === 403) return `无权操作：${err.message}`;
    return err.message;
  }
  return err instanceof Error ? err.message : String(err);
}

export interface ActionOptions {
  /** True while the action runs: a button's or a table's loading state. */
  busy?: Ref<boolean>;
  /** Told in a success message when the action succeeds. */
  done?: string;
  /** Where a failure is shown inline (an ErrorNote or a form's alert); without it, a failure is told in an error message. */
  error?: Ref<string>;
  /**
   * When `error` is cleared: 'start' (the default: a form or a filtered load starts afresh);
   * 'success' (a reload: the last error stays up until it is answered, so a failing page does not
   * flicker); 'never' (an action that shares its page's error and must not hide the load's).
   */
  clearError?: 'start' | 'success' | 'never';
}

/**
 * Runs one action or load: `busy` is true meanwhile; `done` is told on success; a failure goes to
 * `error` (shown inline) or else to an error message. Returns whether it succeeded, so a form can
 * be cleared or closed.
 */
export async function runAction(action: () => Promise<unknown>, opts: ActionOptions = {}): Promise<boolean> {
  const { busy, done, error, clearError = 'start' } = opts;
  if (error && clearError === 'start') error.value = '';
  if (busy) busy.value = true;
  try {
    await action();
    if (error && clearError === 'success') error.value = '';
    if (done) ElMessage.success(done);
    return true;
  } catch (err) {
    if (error) error.value = errorText(err);
    else ElMessage.error(errorText(err));
    return false;
  } finally {
    if (busy) busy.value = false;
  }
}
