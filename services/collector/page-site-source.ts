import { errorMessage } from '../../shared/errors.ts';
import { decodeBody } from './decode-body.ts';
import { HostThrottle } from './host-throttle.ts';
import { conditionalHeaders, fetchWithLimits, FetchError, type FetchOptions, type FetchResult } from './http-fetch.ts';
import { extractArticle, extractLinks, type ArticleSelectors, type ExtractedArticle } from './page-extract.ts';
import { parseRobots, robotsAllows, type RobotsRules } from './robots-txt.ts';
import type { ItemDraft, Source, SourceContext, SourceSchedule } from './source.ts';

export interface PageSiteOptions {
  name: string;
  schedule: SourceSchedule;
  /** The site's name as staff know it (attrs.site), e.g. 缙云县人民政府. */
  site: string;
  /** The column (栏目) the list pages belong to (attrs.column). */
  column?: string;
  listUrls: string[];
  /** Picks the article links on a list page. */
  linkSelector: string;
  article?: ArticleSelectors;
  /** At most this many articles per list page and run (newest first on every government site). */
  maxArticles: number;
  /** The least time between two requests to one host. */
  delayMs: number;
  respectRobots: boolean;
  headers?: Record<string, string>;
  fetch?: Omit<FetchOptions, 'headers' | 'signal' | 'toFile'>;
  /** Shared with the other page sources; omitted: one of its own per run, on the context's clock. */
  throttle?: HostThrottle;
}

/**
 * The item of an extracted article. A page that states no date is dated when first seen and
 * marked `undated`, so nobody takes that crawl time for the document's own date.
 */
export function articleItem(
  a: ExtractedArticle,
  page: { site: string; column?: string; charset: string },
  firstSeen: () => number,
): ItemDraft {
  return {
    externalId: a.canonicalUrl,
    url: a.canonicalUrl,
    title: a.title,
    text: a.text,
    publishedAt: a.publishedAt ?? firstSeen(),
    attrs: {
      site: page.site,
      ...(page.column ? { column: page.column } : {}),
      ...(a.docNumber ? { 文号: a.docNumber } : {}),
      ...(a.issuer ? { 发布机关: a.issuer } : {}),
      ...(a.attachments.length ? { attachments: a.attachments, attachmentNames: a.attachmentNames } : {}),
      ...(a.publishedAt === undefined ? { undated: true } : {}),
      charset: page.charset,
    },
  };
}

/**
 * A public website: list pages → article pages. Each article becomes a page item identified by
 * its canonical URL; the content hash of what is extracted makes an edited page the next
 * revision, while a changed view counter (removed as furniture) changes nothing. robots.txt
 * is obeyed, one host is asked at most once per `delayMs`, and each article's conditional-GET
 * validators are kept so an unchanged page is not downloaded again. One broken article is a
 * dead letter; the others are still read.
 */
export class PageSiteSource implements Source {
  readonly kind = 'page' as const;
  readonly name: string;
  readonly schedule: SourceSchedule;

  constructor(private readonly opts: PageSiteOptions) {
    this.name = opts.name;
    this.schedule = opts.schedule;
  }

  async run(ctx: SourceContext): Promise<void> {
    const throttle = this.opts.throttle ?? new HostThrottle(ctx.now, this.opts.fetch?.sleep);
    const robots = new Map<string, RobotsRules>();
    const get = async (url: string, conditional: boolean): Promise<FetchResult> => {
      await throttle.wait(url, this.opts.delayMs);
      const etag = conditional ? ctx.checkpoints.get(`etag ${url}`) : undefined;
      const modified = conditional ? ctx.checkpoints.get(`modified ${url}`) : undefined;
      return fetchWithLimits(url, {
        ...this.opts.fetch,
        headers: { ...this.opts.headers, ...conditionalHeaders(etag, modified) },
        signal: ctx.signal,
      });
    };
    const allowed = async (url: string): Promise<boolean> => {
      if (!this.opts.respectRobots) return true;
      const u = new URL(url);
      let rules = robots.get(u.origin);
      if (!rules) {
        rules = await this.robotsFor(u.origin, get);
        robots.set(u.origin, rules);
      }
      return robotsAllows(rules, `${u.pathname}${u.search}`);
    };

    for (const listUrl of this.opts.listUrls) {
      if (!(await allowed(listUrl))) {
        await ctx.deadLetter(`${listUrl}：robots.txt 禁止抓取此路径，未抓取列表页`, '', { url: listUrl });
        continue;
      }
      const list = await get(listUrl, false);
      const links = extractLinks(decodeBody(list.headers['content-type'], list.body).text, listUrl, this.opts.linkSelector).slice(0, this.opts.maxArticles);
      if (links.length === 0) await ctx.deadLetter(`${listUrl}：链接选择器“${this.opts.linkSelector}”没有找到文章链接`, '', { url: listUrl });
      for (const url of links) {
        if (ctx.signal.aborted) return;
        await this.article(ctx, url, allowed, get);
      }
    }
  }

  private async article(
    ctx: SourceContext,
    url: string,
    allowed: (url: string) => Promise<boolean>,
    get: (url: string, conditional: boolean) => Promise<FetchResult>,
  ): Promise<void> {
    try {
      if (!(await allowed(url))) {
        await ctx.deadLetter(`${url}：robots.txt 禁止抓取此路径`, '', { url });
        return;
      }
      const res = await get(url, true);
      if (res.status === 304) return;
      const { text: html, charset } = decodeBody(res.headers['content-type'], res.body);
      const a = extractArticle(html, url, this.opts.article);
      if (a.text === '') {
        await ctx.deadLetter(`${url}：未找到文章正文`, html, { url });
        return;
      }
      await ctx.emit([articleItem(a, { site: this.opts.site, ...(this.opts.column ? { column: this.opts.column } : {}), charset }, () => this.firstSeen(ctx, a.canonicalUrl))]);
      ctx.checkpoints.set({ [`etag ${url}`]: res.headers.etag, [`modified ${url}`]: res.headers['last-modified'] });
    } catch (err) {
      if (!(err instanceof FetchError)) throw err;
      await ctx.deadLetter(`${url}：${errorMessage(err)}`, '', { url });
    }
  }

  /**
   * A page without a date is dated when it was first seen; the time is kept so the page's
   * content hash, and so its revision, does not change from one run to the next.
   */
  private firstSeen(ctx: SourceContext, url: string): number {
    const key = `first-seen ${url}`;
    const kept = ctx.checkpoints.get(key);
    if (kept !== undefined) return Number(kept);
    const now = ctx.now();
    ctx.checkpoints.set({ [key]: String(now) });
    return now;
  }

  /**
   * A missing robots.txt (a 4xx answer) or one that cannot be read (too large, a redirect loop)
   * allows everything, as RFC 9309 says; a server error stops this run, to be tried again.
   */
  private async robotsFor(origin: string, get: (url: string, conditional: boolean) => Promise<FetchResult>): Promise<RobotsRules> {
    try {
      const res = await get(`${origin}/robots.txt`, false);
      return parseRobots(res.body.toString('utf8'));
    } catch (err) {
      if (err instanceof FetchError && !err.retriable) return { allow: [], disallow: [] };
      throw err;
    }
  }
}
