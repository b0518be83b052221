import { toChinaIso } from '../../shared/domain/time.ts';
import { YuqingError } from '../../shared/errors.ts';
import { getPath, scalarText } from './get-path.ts';
import { fetchWithLimits, type FetchOptions } from './http-fetch.ts';
import { parseAnyTime } from './parse-time.ts';
import type { ItemDraft, Source, SourceContext, SourceSchedule } from './source.ts';

/** Where each item field is found in one element of the API's item list (dotted paths). */
export interface JsonFieldMap {
  id: string;
  text: string;
  publishedAt: string;
  title?: string;
  url?: string;
  author?: string;
  region?: string;
  /** attrs name → path, e.g. { "likes": "stats.like_count", "parent": "reply_to" }. */
  attrs?: Record<string, string>;
}

export type JsonPagination = { type: 'none' } | { type: 'page'; firstPage: number } | { type: 'cursor'; cursorPath: string };

export interface JsonApiOptions {
  name: string;
  schedule: SourceSchedule;
  /** With {page}, {cursor}, {since} (ISO instant) or {sinceSeconds}; values are URL-encoded. */
  url: string;
  headers?: Record<string, string>;
  itemsPath: string;
  pagination: JsonPagination;
  /** A hard stop, whatever the API says about further pages. */
  maxPages: number;
  fields: JsonFieldMap;
  fetch?: Omit<FetchOptions, 'headers' | 'signal' | 'toFile'>;
}

/** A run that cannot finish as the API describes itself (a loop, no end in sight). */
export class PaginationError extends YuqingError {
  constructor(message: string) {
    super('collector.pagination', message, { retriable: false });
    this.name = 'PaginationError';
  }
}

type Attr = NonNullable<ItemDraft['attrs']>[string];

function attrValue(v: unknown): Attr | undefined {
  if (v === undefined) return undefined;
  if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (Array.isArray(v) && v.every((e) => typeof e === 'string')) return v;
  return JSON.stringify(v);
}

/**
 * A comment source behind a JSON API: pages through it (by page number or cursor, never past
 * maxPages), maps each element by dotted paths, and keeps a since-checkpoint, the newest
 * publication time seen, so a run fetches only what is new. The checkpoint moves only when a
 * run reached the end of the new items; a run cut short is fetched again next time, and the
 * collector state keeps that from publishing anything twice.
 */
export class JsonApiSource implements Source {
  readonly kind = 'comment' as const;
  readonly name: string;
  readonly schedule: SourceSchedule;

  constructor(private readonly opts: JsonApiOptions) {
    this.name = opts.name;
    this.schedule = opts.schedule;
  }

  async run(ctx: SourceContext): Promise<void> {
    const { pagination, maxPages } = this.opts;
    const sinceText = ctx.checkpoints.get('since');
    const since = sinceText === undefined ? undefined : Number(sinceText);
    let newest = since;
    let page = pagination.type === 'page' ? pagination.firstPage : 1;
    let cursor = '';
    const cursorsSeen = new Set<string>();
    for (let fetched = 0; ; fetched++) {
      if (fetched === maxPages) {
        return this.cutShort(ctx, `已达到 ${maxPages} 页的翻页上限，接口仍有更多数据，已停止`, { page, cursor });
      }
      const url = this.pageUrl(page, cursor, since);
      const body = await this.fetchJson(ctx, url);
      const list = getPath(body, this.opts.itemsPath);
      if (!Array.isArray(list)) {
        await ctx.deadLetter(`${url}：在“${this.opts.itemsPath}”处没有条目列表`, JSON.stringify(body), { url });
        throw new PaginationError(`${url}：在“${this.opts.itemsPath}”处没有条目列表`);
      }
      const drafts: ItemDraft[] = [];
      for (const [index, element] of list.entries()) {
        const mapped = this.toDraft(element);
        if (typeof mapped === 'string') {
          await ctx.deadLetter(`${url} 第 ${index} 条：${mapped}`, JSON.stringify(element), { url, index });
          continue;
        }
        // Strictly older only: a comment from the same second as the checkpoint may be new; the
        // collector state drops it if it is not.
        if (since !== undefined && mapped.publishedAt < since) continue;
        newest = Math.max(newest ?? 0, mapped.publishedAt);
        drafts.push(mapped);
      }
      await ctx.emit(drafts);
      // Newest first is what comment APIs serve: a page with nothing new means the rest is old too.
      if (list.length === 0 || (since !== undefined && drafts.length === 0)) break;
      if (pagination.type === 'none') break;
      if (pagination.type === 'page') {
        page += 1;
        continue;
      }
      const next = scalarText(getPath(body, pagination.cursorPath)) ?? '';
      if (next === '') break;
      if (cursorsSeen.has(next) || next === cursor) {
        return this.cutShort(ctx, `接口在第 ${fetched + 1} 页再次返回游标“${next}”，翻页出现循环`, { cursor: next });
      }
      cursorsSeen.add(cursor);
      cursor = next;
    }
    if (newest !== undefined && newest !== since) ctx.checkpoints.set({ since: String(newest) });
  }

  private async cutShort(ctx: SourceContext, reason: string, context: { page?: number; cursor: string }): Promise<never> {
    await ctx.deadLetter(`${this.name}：${reason}`, '', { url: this.opts.url, ...context });
    throw new PaginationError(reason);
  }

  private pageUrl(page: number, cursor: string, since: number | undefined): string {
    const values: Record<string, string> = {
      page: String(page),
      cursor,
      since: since === undefined ? '' : toChinaIso(since),
      sinceSeconds: since === undefined ? '' : String(Math.floor(since / 1000)),
    };
    return this.opts.url.replace(/\{(page|cursor|since|sinceSeconds)\}/g, (_, k: string) => encodeURIComponent(values[k] ?? ''));
  }

  private async fetchJson(ctx: SourceContext, url: string): Promise<unknown> {
    const res = await fetchWithLimits(url, { ...this.opts.fetch, headers: { accept: 'application/json', ...this.opts.headers }, signal: ctx.signal });
    const text = res.body.toString('utf8');
    try {
      return JSON.parse(text);
    } catch (err) {
      await ctx.deadLetter(`${url}：响应不是 JSON`, text, { url });
      throw new PaginationError(`${url}: the response is not JSON: ${String(err)}`);
    }
  }

  /** The draft, or the reason the element cannot be one. */
  private toDraft(element: unknown): ItemDraft | string {
    const f = this.opts.fields;
    const id = scalarText(getPath(element, f.id));
    if (!id) return `“${f.id}”处没有编号`;
    const text = scalarText(getPath(element, f.text));
    if (!text?.trim()) return `“${f.text}”处没有正文`;
    const rawTime = getPath(element, f.publishedAt);
    const publishedAt = parseAnyTime(rawTime);
    if (publishedAt === undefined) return `“${f.publishedAt}”处的“${String(rawTime)}”不是有效的时间`;
    const opt = (path: string | undefined) => (path === undefined ? undefined : scalarText(getPath(element, path))?.trim() || undefined);
    const title = opt(f.title);
    const url = opt(f.url);
    const author = opt(f.author);
    const region = opt(f.region);
    const attrs: NonNullable<ItemDraft['attrs']> = {};
    for (const [name, path] of Object.entries(f.attrs ?? {})) {
      const v = attrValue(getPath(element, path));
      if (v !== undefined) attrs[name] = v;
    }
    return {
      externalId: id,
      text,
      publishedAt,
      ...(title ? { title } : {}),
      ...(url ? { url } : {}),
      ...(author ? { author: { name: author } } : {}),
      ...(region ? { region } : {}),
      attrs,
    };
  }
}
