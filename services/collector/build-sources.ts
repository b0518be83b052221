import { isAbsolute, join } from 'node:path';
import { InvalidInputError } from '../../shared/errors.ts';
import { FeedSource } from './feed-source.ts';
import { HotlineInbox } from './hotline-inbox.ts';
import { HotlinePull } from './hotline-pull.ts';
import { HostThrottle } from './host-throttle.ts';
import type { FetchOptions } from './http-fetch.ts';
import { JsonApiSource } from './json-api-source.ts';
import { PageSiteSource } from './page-site-source.ts';
import type { SourceSettings } from './sources-file.ts';
import type { Source } from './source.ts';
import { WebhookSource } from './webhook-source.ts';

export interface BuildContext {
  dataDir: string;
  /** The default inbox and archive, used by inbox and pull sources that name none. */
  inboxDir: string;
  archiveDir: string;
  /** Schedule of inbox sources that name none: the poll interval. */
  pollMs: number;
  /** Shared by every remote source; tests inject a sleep that does not wait. */
  fetch?: Pick<FetchOptions, 'sleep' | 'dispatcher'>;
}

/** The source used when no sources file is configured: the 12345 inbox under the data directory. */
export const DEFAULT_SOURCES: SourceSettings[] = [{ kind: 'hotline-inbox', name: 'hotline-inbox' }];

const under = (base: string, path: string | undefined, fallback: string) => (path === undefined ? fallback : isAbsolute(path) ? path : join(base, path));

/** Builds the configured sources; webhooks are among them and also returned apart for the router. */
export function buildSources(settings: SourceSettings[], b: BuildContext): { sources: Source[]; webhooks: WebhookSource[] } {
  const webhooks: WebhookSource[] = [];
  // One throttle for every page source: two sources on one site still take turns.
  const throttle = new HostThrottle(Date.now, b.fetch?.sleep);
  const sources = settings.map((s): Source => {
    switch (s.kind) {
      case 'hotline-inbox':
        return new HotlineInbox({
          name: s.name,
          inboxDir: under(b.dataDir, s.inboxDir, b.inboxDir),
          archiveDir: under(b.dataDir, s.archiveDir, b.archiveDir),
          schedule: s.schedule ?? { everyMs: b.pollMs },
          ...(s.columns ? { columnOverrides: s.columns } : {}),
        });
      case 'hotline-pull':
        return new HotlinePull({
          name: s.name,
          url: s.url,
          schedule: s.schedule,
          inboxDir: under(b.dataDir, s.inboxDir, b.inboxDir),
          ...(s.headers ? { headers: s.headers } : {}),
          fetch: { ...s.limits, ...b.fetch },
        });
      case 'json-api':
        return new JsonApiSource({
          name: s.name,
          schedule: s.schedule,
          url: s.url,
          ...(s.headers ? { headers: s.headers } : {}),
          itemsPath: s.itemsPath,
          pagination: s.pagination,
          maxPages: s.maxPages,
          fields: s.fields,
          fetch: { ...s.limits, ...b.fetch },
        });
      case 'feed':
        return new FeedSource({ name: s.name, schedule: s.schedule, url: s.url, ...(s.headers ? { headers: s.headers } : {}), fetch: { ...s.limits, ...b.fetch } });
      case 'pages':
        return new PageSiteSource({
          name: s.name,
          schedule: s.schedule,
          site: s.site,
          ...(s.column ? { column: s.column } : {}),
          listUrls: s.listUrls,
          linkSelector: s.linkSelector,
          ...(s.article ? { article: s.article } : {}),
          maxArticles: s.maxArticles,
          delayMs: s.delayMs,
          respectRobots: s.respectRobots,
          throttle,
          ...(s.headers ? { headers: s.headers } : {}),
          fetch: { ...s.limits, ...b.fetch },
        });
      case 'webhook': {
        const w = new WebhookSource(s.name, s.token);
        webhooks.push(w);
        return w;
      }
    }
  });
  checkPullsHaveInbox(sources);
  return { sources, webhooks };
}

/** A pull that delivers into a folder no inbox source reads would fill it forever: refuse it at start. */
function checkPullsHaveInbox(sources: Source[]): void {
  const read = new Set(sources.filter((s) => s instanceof HotlineInbox).map((s) => s.inboxDir));
  for (const s of sources) {
    if (s instanceof HotlinePull && !read.has(s.inboxDir)) {
      throw new InvalidInputError('config.pull_without_inbox', `source "${s.name}" delivers into ${s.inboxDir}, which no hotline-inbox source reads`);
    }
  }
}
