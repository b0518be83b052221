import express, { type Request } from 'express';
import { z } from 'zod';
import { commitmentMay, PublishedOn } from '../../../shared/domain/ledger-projections.ts';
import { ConflictError, InvalidInputError } from '../../../shared/errors.ts';
import { assertDepartmentAccess } from '../auth/department-access.ts';
import { parseBody, parseQuery, WebUrl } from '../request-input.ts';
import { CommitmentsQuery, commitmentsFor } from '../cases/case-lists.ts';
import { requireRole, userOf } from '../auth/session.ts';
import type { CasesContext } from '../cases/cases-context.ts';
import { evidenceTooLarge, MAX_EVIDENCE_BYTES } from './evidence-files.ts';

const Fulfil = z
  .object({
    text: z.string().trim().min(1).max(5000).optional(),
    url: WebUrl.optional(),
    file: z.object({ name: z.string().trim().min(1).max(200), contentBase64: z.string().min(1) }).optional(),
    publishedOn: PublishedOn.extend({ url: WebUrl.optional() }).optional(),
  })
  .refine((b) => b.text !== undefined || b.url !== undefined || b.file !== undefined, 'give text, url or file as evidence');
const Note = z.object({ note: z.string().trim().min(1).max(1000).optional() });
const Reason = z.object({ reason: z.string().trim().min(1).max(500) });

const FULFIL_PATH = /^\/commitments\/[^/]+\/fulfil\/?$/;

/**
 * Whether a request is the one route that takes a large body (an evidence file, base64): the
 * API's 64 kB JSON parser leaves it to the route's own parser, which runs after the session checks.
 */
export function largeBodyRoute(req: Request): boolean {
  return req.method === 'POST' && FULFIL_PATH.test(req.path);
}

// base64 is 4/3 of the bytes, plus the JSON around it.
const evidenceParser = express.json({ limit: Math.ceil((MAX_EVIDENCE_BYTES * 4) / 3) + 64 * 1024 });
/** The evidence body parser, answering a body too large with the same code as a file too large. */
const evidenceJson: express.RequestHandler = (req, res, next) =>
  evidenceParser(req, res, (err?: unknown) => {
    const tooLarge = err instanceof Error && 'type' in err && err.type === 'entity.too.large';
    next(tooLarge ? evidenceTooLarge() : err);
  });

/** Commitments: lists with their state by the clock, fulfilment with evidence, verification. */
export function commitmentsRouter(ctx: CasesContext): express.Router {
  const { ledger } = ctx.deps;
  const r = express.Router();

  r.get('/commitments', async (req, res) => {
    const q = parseQuery(CommitmentsQuery, req);
    res.json({ commitments: await commitmentsFor(ledger, userOf(req), q, ctx.deps.now(), ctx.deps.rules.current.commitments) });
  });

  r.post('/commitments/:id/fulfil', requireRole('monitor', 'department'), evidenceJson, async (req, res) => {
    const body = parseBody(Fulfil, req);
    const user = userOf(req);
    const m = await ctx.getCommitment(String(req.params.id));
    // Fulfilment is the owner's to report, not a co-responsible department's.
    assertDepartmentAccess(user, [m.owner]);
    // Checked before the file is stored, so a refused fulfilment leaves no bytes behind.
    if (!commitmentMay('commitment.fulfilled', m.status)) throw new ConflictError('ledger.invalid_transition', `commitment ${m.id} is ${m.status}`);
    const file = body.file ? await ctx.evidence.save(body.file.name, body.file.contentBase64) : undefined;
    await ctx.append(user, 'commitment.fulfilled', `commitment:${m.id}`, {
      ...(body.text ? { text: body.text } : {}),
      ...(body.url ? { url: body.url } : {}),
      ...(file ? { file } : {}),
      ...(body.publishedOn ? { publishedOn: body.publishedOn } : {}),
    });
    res.json(ctx.view(await ctx.getCommitment(m.id)));
  });

  r.get('/commitments/:id/files/:sha256', async (req, res) => {
    const m = await ctx.readableCommitment(userOf(req), String(req.params.id));
    const file = m.evidence.find((e) => e.file?.sha256 === String(req.params.sha256))?.file;
    if (!file) throw new InvalidInputError('evidence.not_attached', `commitment ${m.id} has no evidence file ${String(req.params.sha256)}`);
    const bytes = await ctx.evidence.read(file.sha256);
    res.set({
      'content-type': 'application/octet-stream',
      'content-length': String(bytes.length),
      // RFC 5987: Chinese file names survive every browser.
      'content-disposition': `attachment; filename="evidence"; filename*=UTF-8''${encodeURIComponent(file.name)}`,
      'cache-control': 'private, max-age=3600, immutable',
    });
    res.end(bytes);
  });

  r.post('/commitments/:id/verify', requireRole('supervisor'), async (req, res) => {
    const { note } = parseBody(Note, req);
    const m = await ctx.getCommitment(String(req.params.id));
    await ctx.append(userOf(req), 'commitment.verified', `commitment:${m.id}`, note ? { note } : {});
    res.json(ctx.view(await ctx.getCommitment(m.id)));
  });

  for (const [path, action, roles] of [
    ['/commitments/:id/broken', 'commitment.broken', ['supervisor']],
    ['/commitments/:id/cancel', 'commitment.cancelled', ['monitor', 'supervisor']],
  ] as const) {
    r.post(path, requireRole(...roles), async (req, res) => {
      const { reason } = parseBody(Reason, req);
      const m = await ctx.getCommitment(String(req.params.id));
      await ctx.append(userOf(req), action, `commitment:${m.id}`, { reason });
      res.json(ctx.view(await ctx.getCommitment(m.id)));
    });
  }

  return r;
}
