import { createHash } from 'node:crypto';
import { z } from 'zod';
import { Instant } from './time.ts';

export const SourceKind = z.enum(['hotline', 'comment', 'page']);
export type SourceKind = z.infer<typeof SourceKind>;

/** Masked author: `key` is a keyed hash for counting repeat callers, `display` is masked text. */
export const Author = z.object({
  key: z.string().min(8),
  display: z.string(),
});

/** One collected item, the payload of topic raw-items (key = id). */
export const RawItem = z.object({
  id: z.string().min(1),
  source: z.object({ kind: SourceKind, name: z.string().min(1) }),
  externalId: z.string().min(1),
  url: z.string().optional(),
  title: z.string().optional(),
  text: z.string(),
  publishedAt: Instant,
  collectedAt: Instant,
  region: z.string().optional(),
  author: Author.optional(),
  /** Source-specific fields (hotline: 诉求类型, 承办单位, 办理状态 …; page: 文号 …). */
  attrs: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.string())])),
  /** A later revision of the same id replaces the earlier one. */
  revision: z.number().int().nonnegative(),
});
export type RawItem = z.infer<typeof RawItem>;

/** Deterministic item id from source name and external id, so re-collection is idempotent. */
export function itemId(sourceName: string, externalId: string): string {
  return createHash('sha256').update(`${sourceName}\u0000${externalId}`).digest('hex').slice(0, 24);
}
