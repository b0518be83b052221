import { createHash, randomBytes } from 'node:crypto';
import type { User } from '../../../shared/domain/account.ts';
import type { EventLevel } from '../../../shared/domain/event.ts';
import { responseTextHash, type CaseDeadline, type CaseKind, type CaseRecord } from '../../../shared/domain/ledger-projections.ts';
import { ConflictError, InvalidInputError, NotFoundError } from '../../../shared/errors.ts';
import type { LedgerStore } from '../../../shared/ports/ledger-store.ts';
import type { SearchIndex } from '../../../shared/ports/search-index.ts';
import { caseDepartments } from '../auth/department-access.ts';
import { policyCommitments, responseCommitments, type CommitmentPayload } from '../commitments/commitment-sources.ts';
import type { CommitmentView } from '../commitments/commitment-state.ts';
import { casesFor, type CasesQuery } from './case-lists.ts';
import type { AcknowledgementReply, ApprovalReply, CaseDetailReply, CommentReply, DraftReply, PolicyCaseReply, PublicationReply } from './case-replies.ts';
import type { ManualCommitment, OpenCase, Publication, UpdateCase } from './case-requests.ts';
import { caseView, foldCaseEntries, type CaseView } from './case-view.ts';
import { CasesContext, type CasesDeps } from './cases-context.ts';
import { AppealType, caseDeadlines } from './response-rules.ts';

/** The ports the case service uses, narrowed to the calls it makes, and the clock. */
export interface CaseServiceDeps extends CasesDeps {
  ledger: Pick<LedgerStore, 'appendAll' | 'entries' | 'getCase' | 'listCases' | 'getCommitment' | 'listCommitments'>;
  index: Pick<SearchIndex, 'getEvent' | 'getItem' | 'getAlert'>;
}

/**
 * Cases (回应事项) and the unified response, as rules independent of HTTP: opening (from an
 * event, an item or a policy document), assignment, drafts → review → the approved text,
 * publications, the commitments made, closing. Every write is a ledger entry as `user`, at the
 * clock's time; a 承办单位 user reaches only its own departments' cases (403 otherwise).
 */
export interface CaseService {
  list(user: User, query: CasesQuery): Promise<CaseView[]>;
  /**
   * Opens a case. The title falls back to the event's, then the item's; the level to the
   * event's, then 一般; a 12345 case takes its 诉求类型 from the item's attributes unless given,
   * and gets its deadlines from the response rules in effect at the clock's time.
   */
  open(user: User, input: OpenCase): Promise<CaseView>;
  /** Opens the one case of a policy document, with a commitment per task and 牵头单位. */
  openFromPolicy(user: User, itemId: string): Promise<PolicyCaseReply>;
  detail(user: User, caseId: string): Promise<CaseDetailReply>;
  /** Re-assigns, renames or re-levels a case; a new level re-counts the deadlines from the opening. */
  update(user: User, caseId: string, changes: UpdateCase): Promise<CaseView>;
  close(user: User, caseId: string, reason: string): Promise<CaseView>;
  reopen(user: User, caseId: string, reason: string): Promise<CaseView>;
  saveDraft(user: User, caseId: string, text: string): Promise<DraftReply>;
  comment(user: User, caseId: string, version: number, text: string): Promise<CommentReply>;
  /** Approves a draft and records the commitments its text makes, all or none. */
  approve(user: User, caseId: string, version: number): Promise<ApprovalReply>;
  recordPublication(user: User, caseId: string, publication: Publication): Promise<PublicationReply>;
  addCommitment(user: User, caseId: string, commitment: ManualCommitment): Promise<CommitmentView>;
  /** A monitor's first response to an alert on the wall; a second acknowledgement is 409. */
  acknowledgeAlert(user: User, alertId: string, note?: string): Promise<AcknowledgementReply>;
}

/** The default of a case opened from nothing that says how grave it is. */
export const DEFAULT_CASE_LEVEL: EventLevel = '一般';

/** C20261124-3fa2c1: the opening day for people, random bits so two monitors never collide. */
function newCaseId(nowIso: string): string {
  return `C${nowIso.slice(0, 10).replaceAll('-', '')}-${randomBytes(3).toString('hex')}`;
}

/** One case per policy document: importing it again finds the case already open. */
function policyCaseId(itemId: string): string {
  return `P-${createHash('sha256').update(itemId).digest('hex').slice(0, 12)}`;
}

type LeadingEntry = { action: string; subject: string; payload: Record<string, unknown> };
type CaseOpening = Omit<CaseRecord, 'status' | 'openedAt' | 'updatedAt' | 'lastSeq' | 'draftVersion' | 'publicationCount'>;

export function createCaseService(deps: CaseServiceDeps): CaseService {
  const ctx = new CasesContext(deps);
  const { ledger, index } = deps;
  const view = (c: CaseRecord) => caseView(c, deps.now());

  /**
   * Appends the leading entries and a commitment.added for each payload, all or none: an
   * approval never stands without the commitments its text makes, nor a case without its tasks.
   */
  async function appendWithCommitments(user: User, leading: LeadingEntry[], payloads: CommitmentPayload[]): Promise<CommitmentView[]> {
    const added = payloads.map((p) => ({ action: 'commitment.added', subject: `commitment:${p.id}`, payload: { ...p } }));
    await ctx.appendAll(user, [...leading, ...added]);
    return Promise.all(payloads.map(async (p) => ctx.view(await ctx.getCommitment(p.id))));
  }

  async function openWith(user: User, payload: CaseOpening, tasks: CommitmentPayload[] = []) {
    const body = Object.fromEntries(Object.entries(payload).filter(([, v]) => v !== undefined));
    const commitments = await appendWithCommitments(user, [{ action: 'case.opened', subject: `case:${payload.id}`, payload: body }], tasks);
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

  async function closeOrReopen(user: User, caseId: string, action: 'case.closed' | 'case.reopened', reason: string): Promise<CaseView> {
    const c = await ctx.getCase(caseId);
    await ctx.append(user, action, `case:${c.id}`, { reason });
    return view(await ctx.getCase(c.id));
  }

  return {
    async list(user, query) {
      const now = deps.now();
      return (await casesFor(ledger, user, query)).map((c) => caseView(c, now));
    },

    async open(user, input) {
      const kind = input.kind ?? 'public-opinion';
      const event = input.eventId !== undefined ? await index.getEvent(input.eventId) : undefined;
      if (input.eventId !== undefined && !event) throw new InvalidInputError('case.unknown_event', `event ${input.eventId} not found`);
      const item = input.sourceItemId !== undefined ? await index.getItem(input.sourceItemId) : undefined;
      if (input.sourceItemId !== undefined && !item) throw new InvalidInputError('case.unknown_item', `item ${input.sourceItemId} not found`);
      const title = input.title ?? event?.title ?? item?.title;
      if (!title) throw new InvalidInputError('api.invalid_body', 'title: required unless the event or item gives one');
      const level = input.level ?? event?.level ?? DEFAULT_CASE_LEVEL;
      const itemAppeal = AppealType.safeParse(item?.attrs['诉求类型']);
      const appealType = input.appealType ?? (itemAppeal.success ? itemAppeal.data : undefined);
      if (kind === 'hotline' && !appealType) {
        throw new InvalidInputError('case.appeal_type_required', `12345 case needs appealType (${AppealType.options.join('/')}) unless its item records 诉求类型`);
      }
      const coResponsible = [...new Set(input.coResponsible ?? [])].filter((d) => d !== input.lead);
      await ctx.assertKnownDepartments([input.lead, ...coResponsible]);
      const { case: c } = await openWith(user, {
        id: newCaseId(ctx.nowIso()),
        title,
        kind,
        eventId: input.eventId,
        sourceItemId: input.sourceItemId,
        appealType: kind === 'hotline' ? appealType : undefined,
        lead: input.lead,
        coResponsible,
        level,
        ...deadlinesOf(kind, level, appealType, deps.now()),
      });
      return view(c);
    },

    async openFromPolicy(user, itemId) {
      const item = await index.getItem(itemId);
      if (!item) throw new NotFoundError(`item ${itemId}`);
      const policy = item.policy;
      if (!policy) throw new InvalidInputError('case.not_policy', `item ${itemId} is not a policy document with tasks`);
      if (!policy.tasks.length) throw new InvalidInputError('case.no_tasks', `policy document ${itemId} assigns no tasks`);
      const lead = policy.issuer ?? policy.tasks.find((t) => t.lead.length)?.lead[0];
      if (!lead) throw new InvalidInputError('case.no_lead', `policy document ${itemId} names neither its issuer nor a lead unit`);
      const id = policyCaseId(itemId);
      if (await ledger.getCase(id)) throw new ConflictError('case.already_open', `policy document ${itemId} is already case ${id}`);
      // Co-issuers and task leads share the case, so each department finds the document its tasks come from.
      const coResponsible = [...new Set([...(policy.coIssuers ?? []), ...policy.tasks.flatMap((t) => t.lead)])].filter((d) => d !== lead);
      // A work plan's tasks carry their own dates; the 48-hour 回应 clock of 政务舆情 does not apply.
      const referenceDate = policy.date ? Date.parse(`${policy.date}T12:00:00+08:00`) : Date.parse(item.publishedAt);
      const { case: c, commitments } = await openWith(
        user,
        {
          id,
          title: policy.title ?? item.title ?? policy.docNumber ?? itemId,
          kind: 'public-opinion',
          sourceItemId: itemId,
          lead,
          coResponsible,
          level: DEFAULT_CASE_LEVEL,
          deadlines: [],
        },
        policyCommitments(policy, { caseId: id, lead, referenceDate }),
      );
      // Units the document names as written; those nobody is set up as see nothing until an admin adds them.
      const known = new Set(await ctx.knownDepartments());
      const unknownDepartments = [...new Set([...caseDepartments(c), ...commitments.map((m) => m.owner)])].filter((d) => !known.has(d));
      return { case: view(c), commitments, unknownDepartments };
    },

    async detail(user, caseId) {
      const c = await ctx.readableCase(user, caseId);
      const [entries, commitments] = await Promise.all([ledger.entries({ subject: `case:${c.id}`, limit: 100_000 }), ledger.listCommitments({ caseId: c.id })]);
      return { case: view(c), ...foldCaseEntries(entries, c), commitments: commitments.map((m) => ctx.view(m)), entries };
    },

    async update(user, caseId, changes) {
      const before = await ctx.getCase(caseId);
      const lead = changes.lead ?? before.lead;
      const coResponsible = changes.coResponsible && [...new Set(changes.coResponsible)].filter((d) => d !== lead);
      await ctx.assertKnownDepartments([...(changes.lead ? [changes.lead] : []), ...(coResponsible ?? [])]);
      // A case raised to 重大 owes the 5-hour and 24-hour steps from its opening; a policy case has no clock to change.
      const reclock = changes.level !== undefined && changes.level !== before.level && before.deadlines.length > 0;
      const deadlines = reclock ? deadlinesOf(before.kind, changes.level!, before.appealType, Date.parse(before.openedAt)) : undefined;
      await ctx.append(user, 'case.updated', `case:${before.id}`, { ...changes, ...(coResponsible ? { coResponsible } : {}), ...deadlines });
      const after = await ctx.getCase(before.id);
      if (changes.lead || changes.coResponsible) {
        // Departments newly given the case hear of it; those taken off it hear too.
        const told = [...new Set([...after.coResponsible, ...caseDepartments(before)])].filter((d) => d !== after.lead);
        ctx.notifyCase({ ...after, coResponsible: told }, 'assigned', { previousLead: before.lead });
      }
      return view(after);
    },

    close: (user, caseId, reason) => closeOrReopen(user, caseId, 'case.closed', reason),
    reopen: (user, caseId, reason) => closeOrReopen(user, caseId, 'case.reopened', reason),

    async saveDraft(user, caseId, text) {
      const c = await ctx.readableCase(user, caseId);
      const version = c.draftVersion + 1;
      const hash = responseTextHash(text);
      const entry = await ctx.append(user, 'draft.saved', `case:${c.id}`, { version, text, hash });
      return { version, text, hash, author: entry.actor, at: entry.at, comments: [] };
    },

    async comment(user, caseId, version, text) {
      const c = await ctx.readableCase(user, caseId);
      const entry = await ctx.append(user, 'draft.commented', `case:${c.id}`, { version, text });
      return { version, text, author: entry.actor, at: entry.at };
    },

    async approve(user, caseId, version) {
      const c = await ctx.readableCase(user, caseId);
      const { drafts } = foldCaseEntries(await ledger.entries({ subject: `case:${c.id}`, limit: 100_000 }), c);
      const draft = drafts.find((d) => d.version === version);
      if (!draft) throw new NotFoundError(`draft ${version} of case ${c.id}`);
      const known = [...new Set([...(await ctx.knownDepartments()), ...caseDepartments(c)])];
      const payloads = responseCommitments(draft.text, { caseId: c.id, version, lead: c.lead, knownDepartments: known, approvedAt: deps.now() });
      const commitments = await appendWithCommitments(user, [{ action: 'draft.approved', subject: `case:${c.id}`, payload: { version, hash: draft.hash } }], payloads);
      const approved = await ctx.getCase(c.id);
      ctx.notifyCase(approved, 'approved', { version, hash: draft.hash, commitments: commitments.length });
      return { case: view(approved), approved: { ...approved.approved!, text: draft.text }, commitments };
    },

    async recordPublication(user, caseId, publication) {
      const c = await ctx.readableCase(user, caseId);
      const payload = {
        channel: publication.channel,
        ...(publication.url ? { url: publication.url } : {}),
        publishedAt: publication.publishedAt ?? ctx.nowIso(),
        hash: responseTextHash(publication.text),
      };
      const entry = await ctx.append(user, 'publication.recorded', `case:${c.id}`, payload);
      ctx.notifyCase(c, 'published', { channel: publication.channel });
      return { ...payload, by: entry.actor, at: entry.at };
    },

    async addCommitment(user, caseId, m) {
      const c = await ctx.getCase(caseId);
      await ctx.assertKnownDepartments([m.owner]);
      const id = `${c.id}-m${randomBytes(3).toString('hex')}`;
      const due = { ...(m.dueAt ? { dueAt: m.dueAt } : {}), ...(m.dueText ? { dueText: m.dueText } : {}) };
      const [added] = await appendWithCommitments(user, [], [{ id, caseId: c.id, text: m.text, owner: m.owner, ...due, vague: false, source: 'manual' }]);
      return added!;
    },

    async acknowledgeAlert(user, alertId, note) {
      // The analyzer indexes an alert right after publishing it, so one on the wall is found
      // (Elasticsearch gets are real-time). A second acknowledgement (two monitors at once) is
      // refused inside the append: 409.
      if (!(await index.getAlert(alertId))) throw new NotFoundError(`alert ${alertId}`);
      const entry = await ctx.append(user, 'alert.acknowledged', `alert:${alertId}`, note ? { note } : {});
      return { alertId, by: entry.actor, at: entry.at, ...(note ? { note } : {}) };
    },
  };
}
