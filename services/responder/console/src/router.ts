import { reactive } from 'vue';

/**
 * A tiny history router: the console has a dozen pages and no nested routes, so a reactive
 * path and query are enough. The server answers every non-API path with index.html.
 */
export const route = reactive({ path: location.pathname, query: new URLSearchParams(location.search) });

export function go(to: string): void {
  if (to === location.pathname + location.search) return;
  history.pushState(null, '', to);
  sync();
}

/** Replaces the query of the current page (filters), so a reload or a shared link keeps them. */
export function setQuery(params: Record<string, string | undefined>): void {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) q.set(k, v);
  const s = q.toString();
  history.replaceState(null, '', `${location.pathname}${s ? `?${s}` : ''}`);
  route.query = new URLSearchParams(location.search);
}

function sync(): void {
  route.path = location.pathname;
  route.query = new URLSearchParams(location.search);
}

window.addEventListener('popstate', sync);

/** Matches a path against a pattern with :params, e.g. /cases/:id. */
export function match(pattern: string, path: string = route.path): Record<string, string> | undefined {
  const names: string[] = [];
  const re = new RegExp(`^${pattern.replace(/:(\w+)/g, (_m, n: string) => (names.push(n), '([^/]+)'))}/?$`);
  const m = re.exec(path);
  if (!m) return undefined;
  return Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(m[i + 1]!)]));
}
