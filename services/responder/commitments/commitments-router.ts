import express, { type Request, type Response } from 'express';
import { requireRole, userOf } from '../auth/session.ts';
import { Reason } from '../cases/case-requests.ts';
import { parseBody, parseQuery } from '../request-input.ts';
import { CommitmentsQuery } from './commitment-lists.ts';
import type { CommitmentListReply, CommitmentView } from './commitment-replies.ts';
import { Fulfilment, VerificationNote } from './commitment-requests.ts';
import type { CommitmentService } from './commitment-service.ts';
import { evidenceTooLarge, MAX_EVIDENCE_BYTES, previewType } from './evidence-files.ts';

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

const commitmentIdOf = (req: Request) => String(req.params.id);

/** The commitment routes over HTTP: parse, name the roles, answer what the commitment service returns. */
export function commitmentsRouter(commitments: CommitmentService): express.Router {
  const r = express.Router();

  r.get('/commitments', async (req, res: Response<CommitmentListReply>) => {
    res.json({ commitments: await commitments.list(userOf(req), parseQuery(CommitmentsQuery, req)) });
  });

  r.post('/commitments/:id/fulfil', requireRole('monitor', 'department'), evidenceJson, async (req, res: Response<CommitmentView>) => {
    res.json(await commitments.fulfil(userOf(req), commitmentIdOf(req), parseBody(Fulfilment, req)));
  });

  r.get('/commitments/:id/files/:sha256', async (req, res) => {
    const { file, bytes } = await commitments.evidenceFile(userOf(req), commitmentIdOf(req), String(req.params.sha256));
    // PDFs and photos open in the browser; the CSP lets the file show itself and nothing else run.
    const preview = previewType(bytes);
    res.set({
      'content-type': preview ?? 'application/octet-stream',
      'content-length': String(bytes.length),
      // RFC 5987: Chinese file names survive every browser.
      'content-disposition': `${preview ? 'inline' : 'attachment'}; filename="evidence"; filename*=UTF-8''${encodeURIComponent(file.name)}`,
      'content-security-policy': "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; object-src 'self'; frame-ancestors 'self'",
      'x-content-type-options': 'nosniff',
      'cache-control': 'private, max-age=3600, immutable',
    });
    res.end(bytes);
  });

  r.post('/commitments/:id/verify', requireRole('supervisor'), async (req, res: Response<CommitmentView>) => {
    const { note } = parseBody(VerificationNote, req);
    res.json(await commitments.verify(userOf(req), commitmentIdOf(req), note));
  });

  r.post('/commitments/:id/broken', requireRole('supervisor'), async (req, res: Response<CommitmentView>) => {
    res.json(await commitments.markBroken(userOf(req), commitmentIdOf(req), parseBody(Reason, req).reason));
  });

  r.post('/commitments/:id/cancel', requireRole('monitor', 'supervisor'), async (req, res: Response<CommitmentView>) => {
    res.json(await commitments.cancel(userOf(req), commitmentIdOf(req), parseBody(Reason, req).reason));
  });

  return r;
}
