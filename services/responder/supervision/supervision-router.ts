import express, { type Response } from 'express';
import { z } from 'zod';
import type { User } from '../../../shared/domain/account.ts';
import type { CommitmentRecord } from '../../../shared/domain/ledger-projections.ts';
import type { ChainVerdict } from '../../../shared/domain/ledger.ts';
import { Instant, toChinaIso } from '../../../shared/domain/time.ts';
import { InvalidInputError } from '../../../shared/errors.ts';
import type { LedgerStore } from '../../../shared/ports/ledger-store.ts';
import { assertDepartmentAccess, departmentScope } from '../auth/department-access.ts';
import { requireRole, userOf } from '../auth/session.ts';
import { parseQuery } from '../request-input.ts';
import type { RulesInEffect } from '../cases/response-rules.ts';
import { attachmentHeader, auditTable, casesTable, commitmentsTable, toCsv, toXlsx, type ExportTable } from './export-files.ts';
import { chinaDate } from '../../../shared/calendar/working-days.ts';
import { departmentFigures, overdueList, reviewList } from './figures.ts';
import { auditPage } from './ledger-reading.ts';
import { CasesQuery, casesFor } from '../cases/case-lists.ts';
import { CommitmentsQuery, commitmentsFor } from '../commitments/commitment-lists.ts';
import { latestDigest } from './supervision-jobs.ts';



const fromBeforeTo = (q: { from?: string | undefined; to?: string | undefined }) => q.from === undefined || q.to === undefined || Date.parse(q.from) <= Date.parse(q.to);
const PERIOD_MESSAGE = { message: 'from must not be after to', path: ['from'] };

const PeriodQuery = z.object({ from: Instant.optional(), to: Instant.optional() }).refine(fromBeforeTo, PERIOD_MESSAGE);
const OwnerQuery = z.object({ owner: z.string().min(1).optional() });

const AUDIT_PAGE_MAX = 1000;
/** An audit export larger than this must be narrowed (from/to, action …) rather than built in memory. */
const AUDIT_EXPORT_MAX = 100_000;
const AuditFilterQuery = z.object({
  afterSeq: z.coerce.number().int().min(0).optional(),
  actor: z.string().min(1).optional(),
  action: z.string().min(1).optional(),
  subject: z.string().min(1).optional(),
  from: Instant.optional(),
  to: Instant.optional(),
});
const AuditQuery = AuditFilterQuery.extend({ limit: z.coerce.number().int().min(1).max(AUDIT_PAGE_MAX).default(100) }).refine(fromBeforeTo, PERIOD_MESSAGE);
const AuditExportQuery = AuditFilterQuery.refine(fromBeforeTo, PERIOD_MESSAGE);


export interface SupervisionRouterDeps {
  ledger: LedgerStore;
  rules: RulesInEffect;
  now: () => number;
}

const FORMATS = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
} as const;
type Format = keyof typeof FORMATS;

async function sendTable(res: Response, table: ExportTable, format: Format, names: { chinese: string; ascii: string }, now: number): Promise<void> {
  const stamp = chinaDate(now).replaceAll('-', '');
  const body = format === 'xlsx' ? await toXlsx(table) : toCsv(table);
  res.set('Content-Type', FORMATS[format]);
  res.set('Content-Disposition', attachmentHeader(`${names.chinese}-${stamp}.${format}`, `${names.ascii}-${stamp}.${format}`));
  res.set('Cache-Control', 'no-store');
  res.send(body);
}

/** Commitments a user may see: a 承办单位 user only its own department's (as owner). */
function visibleCommitments(user: User, commitments: CommitmentRecord[]): CommitmentRecord[] {
  const scope = departmentScope(user);
  return scope === undefined ? commitments : commitments.filter((c) => scope.includes(c.owner));
}

/** A filter naming another department is refused outright rather than answered with nothing. */
function assertFilterInScope(user: User, department: string | undefined): void {
  if (department !== undefined) assertDepartmentAccess(user, [department]);
}

function verdictMessage(v: ChainVerdict): string {
  return v.ok ? `台账完整：共 ${v.entries} 条记录，哈希链校验通过` : `台账在第 ${v.brokenAt} 条记录处断开：${v.reason}`;
}

/**
 * Supervision (督查): per-department figures, 回头看, overdue commitments, the audit chain,
 * exports and the daily digest. Mounted after requireUser. 督查 and 管理员 see everything;
 * 舆情监测 reads the figures and lists; a 承办单位 user gets its own department's rows only.
 * The audit chain, its export and /ledger/verify are for 督查 and 管理员 alone.
 */
export function supervisionRouter(deps: SupervisionRouterDeps): express.Router {
  const { ledger } = deps;
  const r = express.Router();
  const figuresReaders = requireRole('monitor', 'supervisor', 'admin', 'department');
  const auditors = requireRole('supervisor', 'admin');

  r.get('/supervision/departments', figuresReaders, async (req, res) => {
    const q = parseQuery(PeriodQuery, req);
    const now = deps.now();
    const [cases, commitments] = await Promise.all([ledger.listCases(), ledger.listCommitments()]);
    const scope = departmentScope(userOf(req));
    const departments = departmentFigures({
      cases,
      commitments,
      now,
      rules: deps.rules.current.commitments,
      period: { ...(q.from ? { from: q.from } : {}), ...(q.to ? { to: q.to } : {}) },
      ...(scope ? { departments: scope } : {}),
    });
    res.json({ from: q.from ?? null, to: q.to ?? null, at: toChinaIso(now), departments });
  });

  r.get('/supervision/review', figuresReaders, async (req, res) => {
    const q = parseQuery(OwnerQuery, req);
    const user = userOf(req);
    assertFilterInScope(user, q.owner);
    const [cases, commitments] = await Promise.all([ledger.listCases(), ledger.listCommitments(q.owner ? { owner: q.owner } : {})]);
    res.json({ commitments: reviewList(visibleCommitments(user, commitments), cases, deps.now(), deps.rules.current.commitments) });
  });

  r.get('/supervision/overdue', figuresReaders, async (req, res) => {
    const q = parseQuery(OwnerQuery, req);
    const user = userOf(req);
    assertFilterInScope(user, q.owner);
    const [cases, commitments] = await Promise.all([ledger.listCases(), ledger.listCommitments({ status: ['pending'], ...(q.owner ? { owner: q.owner } : {}) })]);
    res.json({ commitments: overdueList(visibleCommitments(user, commitments), cases, deps.now(), deps.rules.current.commitments) });
  });

  r.get('/digest/latest', requireRole('monitor', 'supervisor', 'admin'), async (_req, res) => {
    res.json({ digest: (await latestDigest(ledger)) ?? null });
  });

  r.get('/audit', auditors, async (req, res) => {
    const { afterSeq, actor, action, subject, from, to, limit } = parseQuery(AuditQuery, req);
    res.json(await auditPage(ledger, { afterSeq, actor, action, subject, from, to, limit }));
  });

  r.get('/ledger/verify', auditors, async (_req, res) => {
    const verdict = await ledger.verify();
    // Where it breaks: the entry now stored at that seq, if any, so a supervisor can see what was altered.
    const stored = verdict.ok ? undefined : (await ledger.entries({ afterSeq: verdict.brokenAt - 1, limit: 1 })).find((e) => e.seq === verdict.brokenAt);
    res.json({ ...verdict, message: verdictMessage(verdict), ...(stored ? { brokenEntry: stored } : {}) });
  });

  for (const format of Object.keys(FORMATS) as Format[]) {
    // Exports hold what the lists show to the same user: any logged-in role, a 承办单位 its own department's.
    r.get(`/exports/cases.${format}`, async (req, res) => {
      const rows = await casesFor(ledger, userOf(req), parseQuery(CasesQuery, req));
      const now = deps.now();
      await sendTable(res, casesTable(rows, now), format, { chinese: '回应事项台账', ascii: 'cases' }, now);
    });

    r.get(`/exports/commitments.${format}`, async (req, res) => {
      const now = deps.now();
      const [cases, commitments] = await Promise.all([ledger.listCases(), commitmentsFor(ledger, userOf(req), parseQuery(CommitmentsQuery, req), now, deps.rules.current.commitments)]);
      const titles = new Map(cases.map((c) => [c.id, c.title]));
      const views = commitments.map((v) => (titles.has(v.caseId) ? { ...v, caseTitle: titles.get(v.caseId)! } : v));
      await sendTable(res, commitmentsTable(views), format, { chinese: '承诺事项台账', ascii: 'commitments' }, now);
    });

    r.get(`/exports/audit.${format}`, auditors, async (req, res) => {
      const { afterSeq, actor, action, subject, from, to } = parseQuery(AuditExportQuery, req);
      const page = await auditPage(ledger, { afterSeq, actor, action, subject, from, to, limit: AUDIT_EXPORT_MAX + 1 });
      if (page.entries.length > AUDIT_EXPORT_MAX) {
        throw new InvalidInputError('export.too_many_rows', `超过 ${AUDIT_EXPORT_MAX} 条记录，请缩小时间范围或筛选条件 / more than ${AUDIT_EXPORT_MAX} entries: narrow the filter`);
      }
      await sendTable(res, auditTable(page.entries), format, { chinese: '审计记录', ascii: 'audit' }, deps.now());
    });
  }

  return r;
}
