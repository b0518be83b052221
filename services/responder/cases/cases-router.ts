import { createHash, randomBytes } from 'node:crypto';
import express, { type Request } from 'express';
import { z } from 'zod';
import { DepartmentName, type User } from '../../../shared/domain/account.ts';
import { EventLevel } from '../../../shared/domain/event.ts';
import { CaseKind, responseTextHash, type CaseDeadline, type CaseRecord } from '../../../shared/domain/ledger-projections.ts';
import { Instant } from '../../../shared/domain/time.ts';
import { ConflictError, InvalidInputError, NotFoundError } from '../../../shared/errors.ts';
import { caseDepartments } from '../auth/department-access.ts';
import { parseBody, parseQuery, WebUrl } from '../request-input.ts';
import { requireRole, userOf } from '../auth/session.ts';
import { CasesQuery, casesFor } from './case-lists.ts';
import { caseView, foldCaseEntries } from './case-view.ts';
import { CasesContext, type CasesDeps } from './cases-context.ts';
import { commitmentsRouter } from '../commitments/commitments-router.ts';
import { policyCommitments, responseCommitments, type CommitmentPayload } from '../commitments/commitment-sources.ts';
import { AppealType, caseDeadlines } from './response-rules.ts';

export type { CasesDeps, Notify } from './cases-context.ts';
export { largeBodyRoute } from '../commitments/commitments-router.ts';

export const PUBLICATION_CHANNELS = ['政府网站', '政务微博', '微信公众号', '新闻发布会', '12345回复', '其他'] as const;

const Title = z.string().trim().min(1).max(200);
const ResponseText = z.string().max(20_000).refine((t) => t.trim().length > 0, 'text is empty');
const Reason = z.object({ reason: z.string().trim().min(1).max(500) });

const OpenCase = z.object({
  title: Title.optional(),
  kind: CaseKind.default('public-opinion'),
  level: EventLevel.optional(),
  lead: DepartmentName,
  coResponsible: z.array(DepartmentName).max(50).default([]),
  eventId: z.string().min(1).max(200).optional(),
  sourceItemId: z.string().min(1).max(200).optional(),
  appealType: AppealType.optional(),
});
const UpdateCase = z
  .object({ title: Title, lead: DepartmentName, coResponsible: z.array(DepartmentName).max(50), level: EventLevel })
  .partial()
  .refine((p) => Object.keys(p).length > 0, 'nothing to change');
const FromPolicy = z.object({ itemId: z.string().min(1).max(200) });
const TextBody = z.object({ text: ResponseText });
const Publication = z.object({
  channel: z.enum(PUBLICATION_CHANNELS),
  url: WebUrl.optional(),
  publishedAt: Instant.optional(),
  text: ResponseText,
});
const ManualCommitment = z.object({
  text: z.string().trim().min(1).max(2000),
  owner: DepartmentName,
  dueAt: Instant.optional(),
  dueText: z.string().trim().min(1).max(100).optional(),
});
const Acknowledge = z.object({ note: z.string().trim().max(500).optional() });
/** Alert ids (alertId(): 24 hex digits) go into ledger subjects: nothing else is accepted there. */
const AlertIdParam = z.string().regex(/^[A-Za-z0-9_.:-]{1,128}$/);
const Version = z.coerce.number().int().positive();


function versionOf(req: Request): number {
  const r = Version.safeParse(req.params.version);
  if (!r.success) throw new InvalidInputError('api.invalid_path', `draft version must be a positive integer, got ${String(req.params.version)}`);
  return r.data;
}

/** C20261124-3fa2c1: the opening day for people, random bits so two monitors never collide. */
function newCaseId(nowIso: string): string {
  return `C${nowIso.slice(0, 10).replaceAll('-', '')}-${randomBytes(3).toString('hex')}`;
}

/** One case per policy document: importing it again finds the case already open. */
function policyCaseId(itemId: string): string {
  return `P-${createHash('sha256').update(itemId).digest('hex').slice(0, 12)}`;
}

/**
 * Cases (回应事项) and the unified response: opening, assignment, drafts → review → the
 * approved text, publications, and the commitments made in them. Every write is a ledger
 * entry; every read comes from the ledger. Departments only reach their own cases.
 */
export function casesRouter(deps: CasesDeps): express.Router {
  const ctx = new CasesContext(deps);
  const { ledger, index } = deps;
  const r = express.Router();

  /**
   * Appends the leading entries and a commitment.added for each payload, all or none: an
   * approval never stands without the commitments its text makes, nor a case without its tasks.
   */
  async function appendWithCommitments(user: User, leading: { action: string; subject: string; payload: Record<string, unknown> }[], payloads: CommitmentPayload[]) {
    const added = payloads.map((p) => ({ action: 'commitment.added', subject: `commitment:${p.id}`, payload: { ...p } }));
    await ctx.appendAll(user, [...leading, ...added]);
    const commitments = await Promise.all(payloads.map(async (p) => ctx.view(await ctx.getCommitment(p.id))));
    return { commitments };
  }

  async function openCase(
    user: User,
    payload: Omit<CaseRecord, 'status' | 'openedAt' | 'updatedAt' | 'lastSeq' | 'draftVersion' | 'publicationCount'>,
    tasks: CommitmentPayload[] = [],
  ) {
    const body = Object.fromEntries(Object.entries(payload).filter(([, v]) => v !== undefined));
    const { commitments } = await appendWithCommitments(user, [{ action: 'case.opened', subject: `case:${payload.id}`, payload: body }], tasks);
    const c = await ctx.getCase(payload.id);
    ctx.notifyCase(c, 'opened');
    return { case: c, commitments };
  }

  /** The deadlines of a case and the earliest of them, as `case.opened` and `case.updated` carry them. */
  function deadlinesOf(kind: CaseKind, level: EventLevel, appealType: string | undefined, openedAt: number): { deadlines: CaseDeadline[]; dueAt?: string } {
    const type = AppealType.safeParse(appealType);
    const deadlines = caseDeadlines(deps.rules.current, { kind, level, ...(type.success ? { appealType: type.data } : {}) }, openedAt);
    const earliest = deadlines.flatMap((d) => (d.dueAt ? [d.dueAt] : [])).sort((a, b) => Date.parse(a) - Date.parse(b))[0];
    return { deadlines, ...(earliest ? { dueAt: earliest } : {}) };
  }

  r.get('/cases', async (req, res) => {
    const cases = await casesFor(ledger, userOf(req), parseQuery(CasesQuery, req));
    const now = deps.now();
    res.json({ cases: cases.map((c) => caseView(c, now)) });
  });

  r.post('/cases', requireRole('monitor'), async (req, res) => {
    const body = parseBody(OpenCase, req);
    const user = userOf(req);
    const event = body.eventId !== undefined ? await index.getEvent(body.eventId) : undefined;
    if (body.eventId !== undefined && !event) throw new InvalidInputError('case.unknown_event', `event ${body.eventId} not found`);
    const item = body.sourceItemId !== undefined ? await index.getItem(body.sourceItemId) : undefined;
    if (body.sourceItemId !== undefined && !item) throw new InvalidInputError('case.unknown_item', `item ${body.sourceItemId} not found`);
    const title = body.title ?? event?.title ?? item?.title;
    if (!title) throw new InvalidInputError('api.invalid_body', 'title: required unless the event or item gives one');
    const level = body.level ?? event?.level ?? '一般';
    const itemAppeal = AppealType.safeParse(item?.attrs['诉求类型']);
    const appealType = body.appealType ?? (itemAppeal.success ? itemAppeal.data : undefined);
    if (body.kind === 'hotline' && !appealType) {
      throw new InvalidInputError('case.appeal_type_required', `12345 case needs appealType (${AppealType.options.join('/')}) unless its item records 诉求类型`);
    }
    const coResponsible = [...new Set(body.coResponsible)].filter((d) => d !== body.lead);
    await ctx.assertKnownDepartments([body.lead, ...coResponsible]);
    const { case: c } = await openCase(user, {
      id: newCaseId(ctx.nowIso()),
      title,
      kind: body.kind,
      eventId: body.eventId,
      sourceItemId: body.sourceItemId,
      appealType: body.kind === 'hotline' ? appealType : undefined,
      lead: body.lead,
      coResponsible,
      level,
      ...deadlinesOf(body.kind, level, appealType, deps.now()),
    });
    res.status(201).json(caseView(c, deps.now()));
  });

  r.post('/cases/from-policy', requireRole('monitor'), async (req, res) => {
    const { itemId } = parseBody(FromPolicy, req);
    const item = await index.getItem(itemId);
    if (!item) throw new NotFoundError(`item ${itemId}`);
    const policy = item.policy;
    if (!policy) throw new InvalidInputError('case.not_policy', `item ${itemId} is not a policy document with tasks`);
    if (!policy.tasks.length) throw new InvalidInputError('case.no_tasks', `policy document ${itemId} assigns no tasks`);
    const lead = policy.issuer ?? policy.tasks.find((t) => t.lead.length)?.lead[0];
    if (!lead) throw new InvalidInputError('case.no_lead', `policy document ${itemId} names neither its issuer nor a lead unit`);
    const id = policyCaseId(itemId);
    if (await ledger.getCase(id)) throw new ConflictError('case.already_open', `policy document ${itemId} is already case ${id}`);
    const user = userOf(req);
    // Task leads share the case, so each department finds the document its tasks come from.
    const coResponsible = [...new Set(policy.tasks.flatMap((t) => t.lead))].filter((d) => d !== lead);
    // A work plan's tasks carry their own dates; the 48-hour 回应 clock of 政务舆情 does not apply.
    const referenceDate = policy.date ? Date.parse(`${policy.date}T12:00:00+08:00`) : Date.parse(item.publishedAt);
    const { case: c, commitments } = await openCase(
      user,
      {
        id,
        title: policy.title ?? item.title ?? policy.docNumber ?? itemId,
        kind: 'public-opinion',
        sourceItemId: itemId,
        lead,
        coResponsible,
        level: '一般',
        deadlines: [],
      },
      policyCommitments(policy, { caseId: id, lead, referenceDate }),
    );
    // Units the document names as written; those nobody is set up as see nothing until an admin adds them.
    const known = new Set(await ctx.knownDepartments());
    const unknownDepartments = [...new Set([...caseDepartments(c), ...commitments.map((m) => m.owner)])].filter((d) => !known.has(d));
    res.status(201).json({ case: caseView(c, deps.now()), commitments, unknownDepartments });
  });

  r.get('/cases/:id', async (req, res) => {
    const c = await ctx.readableCase(userOf(req), String(req.params.id));
    const [entries, commitments] = await Promise.all([ledger.entries({ subject: `case:${c.id}`, limit: 100_000 }), ledger.listCommitments({ caseId: c.id })]);
    const history = foldCaseEntries(entries, c);
    res.json({ case: caseView(c, deps.now()), ...history, commitments: commitments.map((m) => ctx.view(m)), entries });
  });

  r.patch('/cases/:id', requireRole('monitor'), async (req, res) => {
    const changes = parseBody(UpdateCase, req);
    const before = await ctx.getCase(String(req.params.id));
    const lead = changes.lead ?? before.lead;
    if (changes.coResponsible) changes.coResponsible = [...new Set(changes.coResponsible)].filter((d) => d !== lead);
    await ctx.assertKnownDepartments([...(changes.lead ? [changes.lead] : []), ...(changes.coResponsible ?? [])]);
    // A case raised to 重大 owes the 5-hour and 24-hour steps from its opening; a policy case has no clock to change.
    const reclock = changes.level !== undefined && changes.level !== before.level && before.deadlines.length > 0;
    const deadlines = reclock ? deadlinesOf(before.kind, changes.level!, before.appealType, Date.parse(before.openedAt)) : undefined;
    await ctx.append(userOf(req), 'case.updated', `case:${before.id}`, { ...changes, ...deadlines });
    const after = await ctx.getCase(before.id);
    if (changes.lead || changes.coResponsible) {
      // Departments newly given the case hear of it; those taken off it hear too.
      ctx.notifyCase({ ...after, coResponsible: [...new Set([...after.coResponsible, ...caseDepartments(before)])].filter((d) => d !== after.lead) }, 'assigned', {
        previousLead: before.lead,
      });
    }
    res.json(caseView(after, deps.now()));
  });

  for (const [path, action] of [
    ['/cases/:id/close', 'case.closed'],
    ['/cases/:id/reopen', 'case.reopened'],
  ] as const) {
    r.post(path, requireRole('monitor'), async (req, res) => {
      const { reason } = parseBody(Reason, req);
      const c = await ctx.getCase(String(req.params.id));
      await ctx.append(userOf(req), action, `case:${c.id}`, { reason });
      res.json(caseView(await ctx.getCase(c.id), deps.now()));
    });
  }

  r.post('/cases/:id/drafts', requireRole('monitor', 'department'), async (req, res) => {
    const { text } = parseBody(TextBody, req);
    const c = await ctx.readableCase(userOf(req), String(req.params.id));
    const version = c.draftVersion + 1;
    const entry = await ctx.append(userOf(req), 'draft.saved', `case:${c.id}`, { version, text, hash: responseTextHash(text) });
    res.status(201).json({ version, text, hash: entry.payload.hash, author: entry.actor, at: entry.at, comments: [] });
  });

  r.post('/cases/:id/drafts/:version/comments', requireRole('monitor', 'reviewer', 'department'), async (req, res) => {
    const { text } = parseBody(TextBody, req);
    const version = versionOf(req);
    const c = await ctx.readableCase(userOf(req), String(req.params.id));
    const entry = await ctx.append(userOf(req), 'draft.commented', `case:${c.id}`, { version, text });
    res.status(201).json({ version, text, author: entry.actor, at: entry.at });
  });

  r.post('/cases/:id/drafts/:version/approve', requireRole('reviewer'), async (req, res) => {
    const version = versionOf(req);
    const user = userOf(req);
    const c = await ctx.readableCase(user, String(req.params.id));
    const { drafts } = foldCaseEntries(await ledger.entries({ subject: `case:${c.id}`, limit: 100_000 }), c);
    const draft = drafts.find((d) => d.version === version);
    if (!draft) throw new NotFoundError(`draft ${version} of case ${c.id}`);
    const known = [...new Set([...(await ctx.knownDepartments()), ...caseDepartments(c)])];
    const payloads = responseCommitments(draft.text, { caseId: c.id, version, lead: c.lead, knownDepartments: known, approvedAt: deps.now() });
    const { commitments } = await appendWithCommitments(user, [{ action: 'draft.approved', subject: `case:${c.id}`, payload: { version, hash: draft.hash } }], payloads);
    const approved = await ctx.getCase(c.id);
    ctx.notifyCase(approved, 'approved', { version, hash: draft.hash, commitments: commitments.length });
    res.json({ case: caseView(approved, deps.now()), approved: { ...approved.approved, text: draft.text }, commitments });
  });

  r.post('/cases/:id/publications', requireRole('monitor', 'department'), async (req, res) => {
    const body = parseBody(Publication, req);
    const c = await ctx.readableCase(userOf(req), String(req.params.id));
    const payload = { channel: body.channel, ...(body.url ? { url: body.url } : {}), publishedAt: body.publishedAt ?? ctx.nowIso(), hash: responseTextHash(body.text) };
    const entry = await ctx.append(userOf(req), 'publication.recorded', `case:${c.id}`, payload);
    ctx.notifyCase(c, 'published', { channel: body.channel });
    res.status(201).json({ ...payload, by: entry.actor, at: entry.at });
  });

  r.post('/cases/:id/commitments', requireRole('monitor', 'reviewer'), async (req, res) => {
    const body = parseBody(ManualCommitment, req);
    const c = await ctx.getCase(String(req.params.id));
    await ctx.assertKnownDepartments([body.owner]);
    const id = `${c.id}-m${randomBytes(3).toString('hex')}`;
    const { commitments } = await appendWithCommitments(
      userOf(req),
      [],
      [{ id, caseId: c.id, text: body.text, owner: body.owner, ...(body.dueAt ? { dueAt: body.dueAt } : {}), ...(body.dueText ? { dueText: body.dueText } : {}), vague: false, source: 'manual' }],
    );
    res.status(201).json(commitments[0]);
  });

  r.post('/alerts/:id/acknowledge', requireRole('monitor'), async (req, res) => {
    const { note } = parseBody(Acknowledge, req);
    const id = AlertIdParam.safeParse(req.params.id);
    if (!id.success) throw new InvalidInputError('api.invalid_path', 'alert id: letters, digits, ".", "_", ":" or "-", at most 128');
    // The analyzer indexes an alert right after publishing it, so one on the wall is found
    // (Elasticsearch gets are real-time). A second acknowledgement (two monitors at once) is
    // refused inside the append: 409.
    if (!(await ctx.deps.index.getAlert(id.data))) throw new NotFoundError(`alert ${id.data}`);
    const entry = await ctx.append(userOf(req), 'alert.acknowledged', `alert:${id.data}`, note ? { note } : {});
    res.status(201).json({ alertId: id.data, by: entry.actor, at: entry.at, ...(note ? { note } : {}) });
  });

  r.use(commitmentsRouter(ctx));
  return r;
}
