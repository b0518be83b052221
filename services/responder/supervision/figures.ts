import type { CaseRecord, CommitmentRecord } from '../../../shared/domain/ledger-projections.ts';
import { chinaDate } from '../../../shared/calendar/working-days.ts';
import { commitmentView, type CommitmentView, type OverdueWarning } from '../commitments/commitment-state.ts';
import type { ResponseRules } from '../cases/response-rules.ts';
import { caseView, type DeadlineState } from '../cases/case-view.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** When a commitment was first fulfilled: its first piece of evidence. */
export function firstFulfilledAt(c: CommitmentRecord): string | undefined {
  return c.evidence[0]?.at;
}

/**
 * How a case's response went against its **first** deadline, in the case view's terms (met,
 * late, overdue, open, unknown), with the hours late. A case without a known first deadline is
 * `unknown` whatever happened: it is never counted on time.
 */
export function responseTiming(c: CaseRecord, now: number): { state: DeadlineState; dueAt?: string; delayHours?: number } {
  const first = caseView(c, now).deadlines[0];
  if (!first?.dueAt) return { state: 'unknown' };
  const base = { state: first.state, dueAt: first.dueAt };
  return first.state === 'late' ? { ...base, delayHours: (Date.parse(c.firstPublishedAt!) - Date.parse(first.dueAt)) / HOUR_MS } : base;
}

export interface Period {
  from?: string;
  to?: string;
}

function inPeriod(at: string | undefined, p: Period): boolean {
  if (at === undefined) return p.from === undefined && p.to === undefined;
  const t = Date.parse(at);
  return (p.from === undefined || t >= Date.parse(p.from)) && (p.to === undefined || t <= Date.parse(p.to));
}

export interface DepartmentFigures {
  department: string;
  /** Cases this department leads (牵头), opened in the period. */
  cases: number;
  /** Per case, its first deadline's state: met, late, overdue (nothing published, past due), open (still in time), unknown. */
  responses: Record<DeadlineState, number>;
  /**
   * Commitments this department owns that fall due in the period (undated ones: whose case
   * was opened in it); cancelled ones are counted apart and nowhere else.
   */
  commitments: {
    total: number;
    kept: number;
    awaitingVerification: number;
    broken: number;
    overdue: number;
    pending: number;
    cancelled: number;
  };
  /**
   * Of the commitments with a due date whose outcome is known (fulfilled or verified, broken,
   * or overdue), the share fulfilled by the due date; null when there are none.
   */
  onTimeFulfilmentRate: number | null;
  /** Mean hours past the deadline, over late fulfilments and over late responses; null when none was late. */
  averageDelayHours: { fulfilment: number | null; response: number | null };
}

const round1 = (n: number) => Math.round(n * 10) / 10;
const mean = (xs: number[]) => (xs.length ? round1(xs.reduce((a, b) => a + b, 0) / xs.length) : null);

function emptyRow(department: string) {
  return {
    department,
    cases: 0,
    responses: { met: 0, late: 0, overdue: 0, open: 0, unknown: 0 } as Record<DeadlineState, number>,
    commitments: { total: 0, kept: 0, awaitingVerification: 0, broken: 0, overdue: 0, pending: 0, cancelled: 0 },
    onTime: 0,
    decided: 0,
    fulfilmentDelays: [] as number[],
    responseDelays: [] as number[],
  };
}

export interface FiguresInput {
  cases: CaseRecord[];
  commitments: CommitmentRecord[];
  now: number;
  rules: ResponseRules['commitments'];
  period?: Period;
  /** Only these departments' rows (a 承办单位 user's scope); undefined: all. */
  departments?: readonly string[];
}

/**
 * Per-department supervision figures, from the projections alone. Cases count for their
 * 牵头单位 by when they were opened; commitments for their owner by when they fall due (an
 * undated one by when its case was opened). Rows are sorted by name.
 */
export function departmentFigures(input: FiguresInput): DepartmentFigures[] {
  const period = input.period ?? {};
  const rows = new Map<string, ReturnType<typeof emptyRow>>();
  const row = (d: string) => rows.get(d) ?? rows.set(d, emptyRow(d)).get(d)!;

  for (const c of input.cases) {
    if (!inPeriod(c.openedAt, period)) continue;
    const r = row(c.lead);
    r.cases += 1;
    const t = responseTiming(c, input.now);
    r.responses[t.state] += 1;
    if (t.delayHours !== undefined) r.responseDelays.push(t.delayHours);
  }

  const openedAt = new Map(input.cases.map((c) => [c.id, c.openedAt]));
  for (const c of input.commitments) {
    if (!inPeriod(c.dueAt ?? openedAt.get(c.caseId), period)) continue;
    const r = row(c.owner);
    if (c.status === 'cancelled') {
      r.commitments.cancelled += 1;
      continue;
    }
    r.commitments.total += 1;
    const view = commitmentView(c, input.now, input.rules);
    if (view.state === 'verified') r.commitments.kept += 1;
    else if (view.state === 'fulfilled') r.commitments.awaitingVerification += 1;
    else if (view.state === 'broken') r.commitments.broken += 1;
    else if (view.state === 'overdue') r.commitments.overdue += 1;
    else r.commitments.pending += 1;

    if (c.dueAt === undefined) continue;
    const due = Date.parse(c.dueAt);
    const fulfilledAt = firstFulfilledAt(c);
    if (view.state === 'fulfilled' || view.state === 'verified') {
      r.decided += 1;
      if (fulfilledAt !== undefined && Date.parse(fulfilledAt) <= due) r.onTime += 1;
      else if (fulfilledAt !== undefined) r.fulfilmentDelays.push((Date.parse(fulfilledAt) - due) / HOUR_MS);
    } else if (view.state === 'broken' || view.state === 'overdue') {
      r.decided += 1;
    }
  }

  const wanted = input.departments;
  if (wanted) for (const d of wanted) row(d);
  return [...rows.values()]
    .filter((r) => !wanted || wanted.includes(r.department))
    .sort((a, b) => a.department.localeCompare(b.department, 'zh-CN'))
    .map((r) => ({
      department: r.department,
      cases: r.cases,
      responses: r.responses,
      commitments: r.commitments,
      onTimeFulfilmentRate: r.decided ? Math.round((r.onTime / r.decided) * 1000) / 1000 : null,
      averageDelayHours: { fulfilment: mean(r.fulfilmentDelays), response: mean(r.responseDelays) },
    }));
}

export interface CommitmentLine extends CommitmentView {
  caseTitle?: string;
}

function withCaseTitle(v: CommitmentView, cases: Map<string, CaseRecord>): CommitmentLine {
  const title = cases.get(v.caseId)?.title;
  return title === undefined ? v : { ...v, caseTitle: title };
}

/**
 * 回头看: every commitment with an owner and a due date that is not verified — pending,
 * overdue, fulfilled but not yet verified, or broken — oldest due first. Cancelled ones are
 * no longer owed.
 */
export function reviewList(commitments: CommitmentRecord[], cases: CaseRecord[], now: number, rules: ResponseRules['commitments']): CommitmentLine[] {
  const byId = new Map(cases.map((c) => [c.id, c]));
  return commitments
    .filter((c) => c.owner !== '' && c.dueAt !== undefined && c.status !== 'verified' && c.status !== 'cancelled')
    .sort((a, b) => Date.parse(a.dueAt!) - Date.parse(b.dueAt!) || a.id.localeCompare(b.id))
    .map((c) => withCaseTitle(commitmentView(c, now, rules), byId));
}

const WARNING_RANK: Record<OverdueWarning, number> = { 红: 3, 黄: 2, 蓝: 1 };

/** Overdue commitments with their warning colour and days late, worst (longest overdue) first. */
export function overdueList(commitments: CommitmentRecord[], cases: CaseRecord[], now: number, rules: ResponseRules['commitments']): CommitmentLine[] {
  const byId = new Map(cases.map((c) => [c.id, c]));
  return commitments
    .map((c) => commitmentView(c, now, rules))
    .filter((v) => v.state === 'overdue')
    .sort((a, b) => WARNING_RANK[b.warning!] - WARNING_RANK[a.warning!] || Date.parse(a.dueAt!) - Date.parse(b.dueAt!) || a.id.localeCompare(b.id))
    .map((v) => withCaseTitle(v, byId));
}

export interface DigestFigures {
  /** Cases opened in the 24 hours before the digest. */
  newCases: number;
  /** Pending commitments due on the digest's date (China time), overdue ones not included. */
  dueToday: number;
  overdue: { total: number; 蓝: number; 黄: number; 红: number };
  /** Overdue commitments per owner department. */
  overdueByDepartment: Record<string, number>;
}

/** The figures of the 08:30 daily digest. */
export function digestFigures(cases: CaseRecord[], commitments: CommitmentRecord[], now: number, rules: ResponseRules['commitments']): DigestFigures {
  const today = chinaDate(now);
  const figures: DigestFigures = {
    newCases: cases.filter((c) => {
      const t = Date.parse(c.openedAt);
      return t <= now && t > now - DAY_MS;
    }).length,
    dueToday: 0,
    overdue: { total: 0, 蓝: 0, 黄: 0, 红: 0 },
    overdueByDepartment: {},
  };
  for (const c of commitments) {
    const v = commitmentView(c, now, rules);
    if (v.state === 'overdue') {
      figures.overdue.total += 1;
      figures.overdue[v.warning!] += 1;
      figures.overdueByDepartment[c.owner] = (figures.overdueByDepartment[c.owner] ?? 0) + 1;
    } else if ((v.state === 'pending' || v.state === 'due_soon') && c.dueAt !== undefined && chinaDate(Date.parse(c.dueAt)) === today) {
      figures.dueToday += 1;
    }
  }
  return figures;
}
