import type { User } from '../../../shared/domain/account.ts';
import type { ChainVerdict } from '../../../shared/domain/ledger.ts';
import type { CommitmentRecord } from '../../../shared/domain/ledger-projections.ts';
import { toChinaIso } from '../../../shared/domain/time.ts';
import { InvalidInputError } from '../../../shared/errors.ts';
import { roleLabel } from '../../../shared/domain/ledger-sentences.ts';
import type { AccountStore } from '../../../shared/ports/account-store.ts';
import type { LedgerStore } from '../../../shared/ports/ledger-store.ts';
import { assertDepartmentAccess, departmentScope } from '../auth/department-access.ts';
import { casesFor, type CasesQuery } from '../cases/case-lists.ts';
import type { RulesInEffect } from '../cases/response-rules.ts';
import { commitmentsFor, type CommitmentsQuery } from '../commitments/commitment-lists.ts';
import { auditTable, casesTable, commitmentsTable, type ExportTable } from './export-files.ts';
import { departmentFigures, overdueList, reviewList, type CommitmentLine, type Period } from './figures.ts';
import { auditPage, type AuditFilter } from './ledger-reading.ts';
import type { AuditActorsReply, AuditPageReply, DepartmentFiguresReply, VerifyReply } from './supervision-replies.ts';
import { latestDigest, type Digest } from './supervision-jobs.ts';

/** An audit export larger than this must be narrowed (from/to, action …) rather than built in memory. */
export const AUDIT_EXPORT_MAX = 100_000;

export interface SupervisionServiceDeps {
  ledger: Pick<LedgerStore, 'entries' | 'listCases' | 'listCommitments' | 'verify'>;
  /** Names for the people in the audit: actors to filter by, users an entry is about. */
  accounts: Pick<AccountStore, 'listUsers'>;
  rules: RulesInEffect;
  now: () => number;
}

/**
 * Supervision (督查) as rules independent of HTTP: per-department figures, 回头看, overdue
 * commitments, the audit chain and the export tables. A 承办单位 user gets its own department's
 * rows only, and a filter naming another department is refused (403) rather than answered with nothing.
 */
export interface SupervisionService {
  departmentFigures(user: User, period: Period): Promise<DepartmentFiguresReply>;
  /** 回头看: every commitment (of `owner`), with its case, as of the clock. */
  review(user: User, owner?: string): Promise<CommitmentLine[]>;
  overdue(user: User, owner?: string): Promise<CommitmentLine[]>;
  latestDigest(): Promise<Digest | undefined>;
  audit(filter: AuditFilter): Promise<AuditPageReply>;
  /** Everyone the audit can be filtered by, named as people read them. */
  auditActors(): Promise<AuditActorsReply>;
  /** Checks the hash chain; where it breaks, the entry now stored there, so a supervisor can see what was altered. */
  verifyLedger(): Promise<VerifyReply>;
  casesTable(user: User, query: CasesQuery): Promise<ExportTable>;
  commitmentsTable(user: User, query: CommitmentsQuery): Promise<ExportTable>;
  /** The audit entries matching the filter as a table; more than AUDIT_EXPORT_MAX is refused. */
  auditTable(filter: Omit<AuditFilter, 'limit'>): Promise<ExportTable>;
}

/** Commitments a user may see: a 承办单位 user only its own department's (as owner). */
function visibleCommitments(user: User, commitments: CommitmentRecord[]): CommitmentRecord[] {
  const scope = departmentScope(user);
  return scope === undefined ? commitments : commitments.filter((c) => scope.includes(c.owner));
}

function assertFilterInScope(user: User, department: string | undefined): void {
  if (department !== undefined) assertDepartmentAccess(user, [department]);
}

function verdictMessage(v: ChainVerdict): string {
  return v.ok ? `台账完整：共 ${v.entries} 条记录，哈希链校验通过` : `台账在第 ${v.brokenAt} 条记录处断开：${v.reason}`;
}

export function createSupervisionService(deps: SupervisionServiceDeps): SupervisionService {
  const { ledger } = deps;
  const commitmentRules = () => deps.rules.current.commitments;
  const peopleNames = async (): Promise<Map<string, string>> => new Map((await deps.accounts.listUsers()).map((u) => [u.id, u.displayName ?? u.name]));

  async function lines(user: User, owner: string | undefined, status: 'pending' | undefined, list: typeof reviewList): Promise<CommitmentLine[]> {
    assertFilterInScope(user, owner);
    const [cases, commitments] = await Promise.all([
      ledger.listCases(),
      ledger.listCommitments({ ...(status ? { status: [status] } : {}), ...(owner ? { owner } : {}) }),
    ]);
    return list(visibleCommitments(user, commitments), cases, deps.now(), commitmentRules());
  }

  return {
    async departmentFigures(user, period) {
      const now = deps.now();
      const [cases, commitments] = await Promise.all([ledger.listCases(), ledger.listCommitments()]);
      const scope = departmentScope(user);
      const departments = departmentFigures({ cases, commitments, now, rules: commitmentRules(), period, ...(scope ? { departments: scope } : {}) });
      return { from: period.from ?? null, to: period.to ?? null, at: toChinaIso(now), departments };
    },

    review: (user, owner) => lines(user, owner, undefined, reviewList),
    overdue: (user, owner) => lines(user, owner, 'pending', overdueList),
    latestDigest: () => latestDigest(ledger),
    async audit(filter) {
      const [page, people] = await Promise.all([auditPage(ledger, filter), peopleNames()]);
      // The names of the users the page's entries are about, so the console shows none of their ids.
      const about = new Set(page.entries.filter((e) => e.subject.startsWith('user:')).map((e) => e.subject.slice(5)));
      return { ...page, people: Object.fromEntries([...about].flatMap((id) => (people.has(id) ? [[id, people.get(id)!]] : []))) };
    },

    async auditActors() {
      const users = await deps.accounts.listUsers();
      return { actors: users.map((u) => ({ id: u.id, label: `${u.displayName ?? u.name}（${u.name}，${roleLabel(u.role)}${u.department ? `，${u.department}` : ''}）` })) };
    },

    async verifyLedger() {
      const verdict = await ledger.verify();
      const stored = verdict.ok ? undefined : (await ledger.entries({ afterSeq: verdict.brokenAt - 1, limit: 1 })).find((e) => e.seq === verdict.brokenAt);
      return { ...verdict, message: verdictMessage(verdict), ...(stored ? { brokenEntry: stored } : {}) };
    },

    async casesTable(user, query) {
      return casesTable(await casesFor(ledger, user, query), deps.now());
    },

    async commitmentsTable(user, query) {
      const [cases, commitments] = await Promise.all([ledger.listCases(), commitmentsFor(ledger, user, query, deps.now(), commitmentRules())]);
      const titles = new Map(cases.map((c) => [c.id, c.title]));
      return commitmentsTable(commitments.map((v) => (titles.has(v.caseId) ? { ...v, caseTitle: titles.get(v.caseId)! } : v)));
    },

    async auditTable(filter) {
      const page = await auditPage(ledger, { ...filter, limit: AUDIT_EXPORT_MAX + 1 });
      if (page.entries.length > AUDIT_EXPORT_MAX) {
        throw new InvalidInputError('export.too_many_rows', `超过 ${AUDIT_EXPORT_MAX} 条记录，请缩小时间范围或筛选条件 / more than ${AUDIT_EXPORT_MAX} entries: narrow the filter`);
      }
      return auditTable(page.entries, await peopleNames());
    },
  };
}
