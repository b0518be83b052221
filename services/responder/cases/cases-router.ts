import express, { type Request, type Response } from 'express';
import type { CaseView } from './case-view.ts';
import { InvalidInputError } from '../../../shared/errors.ts';
import type { CommitmentView } from '../commitments/commitment-state.ts';
import { requireRole, userOf } from '../auth/session.ts';
import { parseBody, parseQuery } from '../request-input.ts';
import { CasesQuery } from './case-lists.ts';
import type { AcknowledgementReply, ApprovalReply, CaseDetailReply, CaseListReply, CommentReply, DraftReply, PolicyCaseReply, PublicationReply } from './case-replies.ts';
import { Acknowledge, AlertIdParam, DraftVersionParam, FromPolicy, ManualCommitment, OpenCase, Publication, Reason, TextBody, UpdateCase } from './case-requests.ts';
import type { CaseService } from './case-service.ts';

function draftVersionOf(req: Request): number {
  const r = DraftVersionParam.safeParse(req.params.version);
  if (!r.success) throw new InvalidInputError('api.invalid_path', `draft version must be a positive integer, got ${String(req.params.version)}`);
  return r.data;
}

function alertIdOf(req: Request): string {
  const r = AlertIdParam.safeParse(req.params.id);
  if (!r.success) throw new InvalidInputError('api.invalid_path', 'alert id: letters, digits, ".", "_", ":" or "-", at most 128');
  return r.data;
}

const caseIdOf = (req: Request) => String(req.params.id);

/**
 * The case routes over HTTP: each parses the request, names the roles it admits and answers
 * what the case service returns. The rules are in case-service.ts.
 */
export function casesRouter(cases: CaseService): express.Router {
  const r = express.Router();

  r.get('/cases', async (req, res: Response<CaseListReply>) => {
    res.json({ cases: await cases.list(userOf(req), parseQuery(CasesQuery, req)) });
  });

  r.post('/cases', requireRole('monitor'), async (req, res: Response<CaseView>) => {
    res.status(201).json(await cases.open(userOf(req), parseBody(OpenCase, req)));
  });

  r.post('/cases/from-policy', requireRole('monitor'), async (req, res: Response<PolicyCaseReply>) => {
    res.status(201).json(await cases.openFromPolicy(userOf(req), parseBody(FromPolicy, req).itemId));
  });

  r.get('/cases/:id', async (req, res: Response<CaseDetailReply>) => {
    res.json(await cases.detail(userOf(req), caseIdOf(req)));
  });

  r.patch('/cases/:id', requireRole('monitor'), async (req, res: Response<CaseView>) => {
    res.json(await cases.update(userOf(req), caseIdOf(req), parseBody(UpdateCase, req)));
  });

  r.post('/cases/:id/close', requireRole('monitor'), async (req, res: Response<CaseView>) => {
    res.json(await cases.close(userOf(req), caseIdOf(req), parseBody(Reason, req).reason));
  });

  r.post('/cases/:id/reopen', requireRole('monitor'), async (req, res: Response<CaseView>) => {
    res.json(await cases.reopen(userOf(req), caseIdOf(req), parseBody(Reason, req).reason));
  });

  r.post('/cases/:id/drafts', requireRole('monitor', 'department'), async (req, res: Response<DraftReply>) => {
    res.status(201).json(await cases.saveDraft(userOf(req), caseIdOf(req), parseBody(TextBody, req).text));
  });

  r.post('/cases/:id/drafts/:version/comments', requireRole('monitor', 'reviewer', 'department'), async (req, res: Response<CommentReply>) => {
    const { text } = parseBody(TextBody, req);
    res.status(201).json(await cases.comment(userOf(req), caseIdOf(req), draftVersionOf(req), text));
  });

  r.post('/cases/:id/drafts/:version/approve', requireRole('reviewer'), async (req, res: Response<ApprovalReply>) => {
    res.json(await cases.approve(userOf(req), caseIdOf(req), draftVersionOf(req)));
  });

  r.post('/cases/:id/publications', requireRole('monitor', 'department'), async (req, res: Response<PublicationReply>) => {
    res.status(201).json(await cases.recordPublication(userOf(req), caseIdOf(req), parseBody(Publication, req)));
  });

  r.post('/cases/:id/commitments', requireRole('monitor', 'reviewer'), async (req, res: Response<CommitmentView>) => {
    res.status(201).json(await cases.addCommitment(userOf(req), caseIdOf(req), parseBody(ManualCommitment, req)));
  });

  r.post('/alerts/:id/acknowledge', requireRole('monitor'), async (req, res: Response<AcknowledgementReply>) => {
    const { note } = parseBody(Acknowledge, req);
    res.status(201).json(await cases.acknowledgeAlert(userOf(req), alertIdOf(req), note));
  });

  return r;
}
