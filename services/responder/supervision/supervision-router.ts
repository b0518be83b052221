import express, { type Response } from 'express';
import { z } from 'zod';
import { chinaDate } from '../../../shared/calendar/working-days.ts';
import { Instant } from '../../../shared/domain/time.ts';
import { requireRole, userOf } from '../auth/session.ts';
import { CasesQuery } from '../cases/case-lists.ts';
import { CommitmentsQuery } from '../commitments/commitment-lists.ts';
import { parseQuery } from '../request-input.ts';
import { attachmentHeader, toCsv, toXlsx, type ExportTable } from './export-files.ts';
import type { AuditActorsReply, AuditPageReply, CommitmentLinesReply, DepartmentFiguresReply, DigestReply, VerifyReply } from './supervision-replies.ts';
import type { SupervisionService } from './supervision-service.ts';

const fromBeforeTo = (q: { from?: string | undefined; to?: string | undefined }) => q.from === undefined || q.to === undefined || Date.parse(q.from) <= Date.parse(q.to);
const PERIOD_MESSAGE = { message: 'from must not be after to', path: ['from'] };

const PeriodQuery = z.object({ from: Instant.optional(), to: Instant.optional() }).refine(fromBeforeTo, PERIOD_MESSAGE);
const OwnerQuery = z.object({ owner: z.string().min(1).optional() });

const AUDIT_PAGE_MAX = 1000;
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

/**
 * Supervision (督查) over HTTP: per-department figures, 回头看, overdue commitments, the audit
 * chain, exports and the daily digest, each route naming its roles; the rules are in
 * supervision-service.ts. Mounted after requireUser. 督查 and 管理员 see everything; 舆情监测
 * reads the figures and lists; a 承办单位 user gets its own department's rows only. The audit
 * chain, its export and /ledger/verify are for 督查 and 管理员 alone.
 */
export function supervisionRouter(supervision: SupervisionService, now: () => number): express.Router {
  const r = express.Router();
  const figuresReaders = requireRole('monitor', 'supervisor', 'admin', 'department');
  const auditors = requireRole('supervisor', 'admin');

  r.get('/supervision/departments', figuresReaders, async (req, res: Response<DepartmentFiguresReply>) => {
    const { from, to } = parseQuery(PeriodQuery, req);
    res.json(await supervision.departmentFigures(userOf(req), { ...(from ? { from } : {}), ...(to ? { to } : {}) }));
  });

  r.get('/supervision/review', figuresReaders, async (req, res: Response<CommitmentLinesReply>) => {
    const { owner } = parseQuery(OwnerQuery, req);
    res.json({ commitments: await supervision.review(userOf(req), owner) });
  });

  r.get('/supervision/overdue', figuresReaders, async (req, res: Response<CommitmentLinesReply>) => {
    const { owner } = parseQuery(OwnerQuery, req);
    res.json({ commitments: await supervision.overdue(userOf(req), owner) });
  });

  r.get('/digest/latest', requireRole('monitor', 'supervisor', 'admin'), async (_req, res: Response<DigestReply>) => {
    res.json({ digest: (await supervision.latestDigest()) ?? null });
  });

  r.get('/audit', auditors, async (req, res: Response<AuditPageReply>) => {
    res.json(await supervision.audit(parseQuery(AuditQuery, req)));
  });

  r.get('/audit/actors', auditors, async (_req, res: Response<AuditActorsReply>) => {
    res.json(await supervision.auditActors());
  });

  r.get('/ledger/verify', auditors, async (_req, res: Response<VerifyReply>) => {
    res.json(await supervision.verifyLedger());
  });

  for (const format of Object.keys(FORMATS) as Format[]) {
    // Exports hold what the lists show to the same user: any logged-in role, a 承办单位 its own department's.
    r.get(`/exports/cases.${format}`, async (req, res) => {
      const table = await supervision.casesTable(userOf(req), parseQuery(CasesQuery, req));
      await sendTable(res, table, format, { chinese: '回应事项台账', ascii: 'cases' }, now());
    });

    r.get(`/exports/commitments.${format}`, async (req, res) => {
      const table = await supervision.commitmentsTable(userOf(req), parseQuery(CommitmentsQuery, req));
      await sendTable(res, table, format, { chinese: '承诺事项台账', ascii: 'commitments' }, now());
    });

    r.get(`/exports/audit.${format}`, auditors, async (req, res) => {
      const table = await supervision.auditTable(parseQuery(AuditExportQuery, req));
      await sendTable(res, table, format, { chinese: '审计记录', ascii: 'audit' }, now());
    });
  }

  return r;
}
