import * as cheerio from 'cheerio';
import { decodeBody } from './decode-body.ts';
import { conditionalHeaders, fetchWithLimits, type FetchOptions } from './http-fetch.ts';
import { parseAnyTime } from './parse-time.ts';
import type { ItemDraft, Source, SourceContext, SourceSchedule } from './source.ts';

export interface FeedOptions {
  name: string;
  schedule: SourceSchedule;
  url: string;
  headers?: Record<string, string>;
  fetch?: Omit<FetchOptions, 'headers' | 'signal' | 'toFile'>;
}

/** Text of an HTML fragment (feeds carry HTML in description and content). */
function htmlText(fragment: string): string {
  if (!/[<&]/.test(fragment)) return fragment.trim();
  return cheerio.load(fragment).root().text().replace(/\s+/g, ' ').trim();
}

/** A feed entry, or the reason it cannot be an item. */
type Entry = { ok: true; draft: ItemDraft } | { ok: false; reason: string; raw: string };

function entry(fields: { id: string; title: string; link: string; body: string; time: string; author: string }, raw: string): Entry {
  const externalId = fields.id || fields.link;
  if (!externalId) return { ok: false, reason: '条目既无 guid/id 也无链接', raw };
  const text = htmlText(fields.body) || fields.title;
  if (!text) return { ok: false, reason: `条目 ${externalId} 没有正文`, raw };
  const publishedAt = parseAnyTime(fields.time);
  if (publishedAt === undefined) return { ok: false, reason: `条目 ${externalId}：时间“${fields.time}”不是有效的日期`, raw };
  return {
    ok: true,
    draft: {
      externalId,
      text,
      publishedAt,
      ...(fields.title ? { title: htmlText(fields.title) } : {}),
      ...(fields.link ? { url: fields.link } : {}),
      ...(fields.author ? { author: { name: fields.author } } : {}),
      attrs: {},
    },
  };
}

/** Reads RSS 2.0 items and Atom entries from a feed document. */
export function parseFeed(xml: string): { format: 'rss' | 'atom' | 'unknown'; entries: Entry[] } {
  const $ = cheerio.load(xml, { xml: true });
  const rss = $('rss > channel > item, rdf\\:RDF > item');
  if (rss.length) {
    return {
      format: 'rss',
      entries: rss.toArray().map((el) => {
        const e = $(el);
        const t = (sel: string) => e.children(sel).first().text().trim();
        return entry(
          { id: t('guid'), title: t('title'), link: t('link'), body: t('content\\:encoded') || t('description'), time: t('pubDate') || t('dc\\:date'), author: t('dc\\:creator') || t('author') },
          $.xml(el),
        );
      }),
    };
  }
  const atom = $('feed > entry');
  if (atom.length || $('feed').length) {
    return {
      format: 'atom',
      entries: atom.toArray().map((el) => {
        const e = $(el);
        const t = (sel: string) => e.children(sel).first().text().trim();
        const link = e.children('link[rel="alternate"], link:not([rel])').first().attr('href') ?? '';
        return entry(
          { id: t('id'), title: t('title'), link, body: t('content') || t('summary'), time: t('published') || t('updated'), author: e.children('author').children('name').first().text().trim() },
          $.xml(el),
        );
      }),
    };
  }
  return { format: 'unknown', entries: [] };
}

/**
 * An RSS or Atom feed (message boards and news sites publish comments and notices this way).
 * The conditional GET keeps an unchanged feed from being parsed again; the collector state
 * keeps an entry seen before from being published again, and an edited one becomes a revision.
 */
export class FeedSource implements Source {
  readonly kind = 'comment' as const;
  readonly name: string;
  readonly schedule: SourceSchedule;

  constructor(private readonly opts: FeedOptions) {
    this.name = opts.name;
    this.schedule = opts.schedule;
  }

  async run(ctx: SourceContext): Promise<void> {
    const etag = ctx.checkpoints.get('etag');
    const lastModified = ctx.checkpoints.get('lastModified');
    const res = await fetchWithLimits(this.opts.url, {
      ...this.opts.fetch,
      headers: { ...this.opts.headers, ...conditionalHeaders(etag, lastModified) },
      signal: ctx.signal,
    });
    if (res.status === 304) return;
    const { text } = decodeBody(res.headers['content-type'], res.body);
    const feed = parseFeed(text);
    if (feed.format === 'unknown') {
      await ctx.deadLetter(`${this.opts.url}：既不是 RSS 也不是 Atom 订阅源`, text, { url: this.opts.url });
      throw new Error(`${this.opts.url}：既不是 RSS 也不是 Atom 订阅源`);
    }
    const drafts: ItemDraft[] = [];
    for (const [index, e] of feed.entries.entries()) {
      if (e.ok) drafts.push(e.draft);
      else await ctx.deadLetter(`${this.opts.url}：${e.reason}`, e.raw, { url: this.opts.url, index });
    }
    await ctx.emit(drafts);
    ctx.checkpoints.set({ etag: res.headers.etag, lastModified: res.headers['last-modified'] });
  }
}
