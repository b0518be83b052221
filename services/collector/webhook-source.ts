import { timingSafeEqual, createHash } from 'node:crypto';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import type { ErrorCode } from '../../shared/errors.ts';
import { parseAnyTime } from './parse-time.ts';
import type { ItemDraft, Source, SourceContext } from './source.ts';

/**
 * A push source: a partner system POSTs comments to /api/ingest/:source with the source's
 * token. It has no schedule; its deliveries are recorded in its status like runs.
 */
export class WebhookSource implements Source {
  readonly kind = 'comment' as const;
  readonly schedule = undefined;

  constructor(
    readonly name: string,
    private readonly token: string,
  ) {}

  /** Nothing to fetch: items arrive through the router. */
  async run(): Promise<void> {}

  /** Compares digests so the time taken says nothing about how much of the token matched. */
  accepts(presented: string | undefined): boolean {
    if (presented === undefined) return false;
    const digest = (s: string) => createHash('sha256').update(s).digest();
    return timingSafeEqual(digest(presented), digest(this.token));
  }
}

const AttrValue = z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.string())]);

const PushedItem = z.object({
  id: z.union([z.string().min(1).max(200), z.number().int()]).transform(String),
  text: z.string().trim().min(1, 'must not be empty').max(100_000),
  publishedAt: z.union([z.string(), z.number()]).refine((v) => parseAnyTime(v) !== undefined, 'is not a time'),
  title: z.string().max(1000).optional(),
  url: z.string().max(2000).optional(),
  author: z.string().max(200).optional(),
  region: z.string().max(200).optional(),
  attrs: z.record(z.string(), AttrValue).optional(),
});

/** What a pushing system sends: one to 500 items. */
export const IngestPayload = z.object({ items: z.array(PushedItem).min(1).max(500) });

function toDraft(item: z.infer<typeof PushedItem>): ItemDraft {
  return {
    externalId: item.id,
    text: item.text,
    publishedAt: parseAnyTime(item.publishedAt)!,
    ...(item.title ? { title: item.title } : {}),
    ...(item.url ? { url: item.url } : {}),
    ...(item.author ? { author: { name: item.author } } : {}),
    ...(item.region ? { region: item.region } : {}),
    attrs: item.attrs ?? {},
  };
}

/** Runs pushed work as a run of the named source (the SourceScheduler does). */
export interface PushTarget {
  push<T>(name: string, work: (ctx: SourceContext) => Promise<T>): Promise<T>;
}

function fail(res: Response, status: number, code: ErrorCode, message: string, issues?: { path: string; message: string }[]): void {
  res.status(status).json({ error: { code, message, ...(issues ? { issues } : {}) } });
}

/**
 * POST /api/ingest/:source. The token comes in `X-Ingest-Token` or `Authorization: Bearer`.
 * A payload that fails validation is answered 400 with every problem and its path, and is
 * also dead-lettered so the console shows what the partner sent.
 */
export function createIngestRouter(opts: { webhooks: WebhookSource[]; target: PushTarget }): Router {
  const byName = new Map(opts.webhooks.map((w) => [w.name, w]));
  const router = express.Router();
  router.post('/api/ingest/:source', express.json({ limit: '2mb' }), async (req: Request, res: Response, next: NextFunction) => {
    try {
      const name = String(req.params.source);
      const source = byName.get(name);
      if (!source) return fail(res, 404, 'ingest.unknown_source', `no webhook source named "${name}"`);
      const bearer = /^Bearer\s+(.+)$/i.exec(req.get('authorization') ?? '')?.[1];
      if (!source.accepts(req.get('x-ingest-token') ?? bearer)) return fail(res, 401, 'ingest.bad_token', 'missing or wrong token for this source');
      const parsed = IngestPayload.safeParse(req.body);
      if (!parsed.success) {
        const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.') || '(body)', message: i.message }));
        const message = issues.map((i) => `${i.path}: ${i.message}`).join('; ');
        await opts.target.push(name, (ctx) => ctx.deadLetter(`rejected push: ${message}`, JSON.stringify(req.body) ?? '', { source: name }));
        return fail(res, 400, 'ingest.invalid_payload', message, issues);
      }
      const result = await opts.target.push(name, (ctx) => ctx.emit(parsed.data.items.map(toDraft)));
      res.status(202).json({ accepted: parsed.data.items.length, published: result.published, unchanged: result.unchanged });
    } catch (err) {
      next(err);
    }
  });
  // The body parser's own failures (not JSON, too large) answered in the same shape.
  router.use('/api/ingest', (err: unknown, _req: Request, res: Response, next: NextFunction) => {
    const status = typeof err === 'object' && err !== null && 'status' in err && typeof err.status === 'number' ? err.status : undefined;
    if (status === undefined || status >= 500) return next(err);
    fail(res, status, status === 413 ? 'ingest.too_large' : 'ingest.bad_body', err instanceof Error ? err.message : 'bad request body');
  });
  return router;
}
