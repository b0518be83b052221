import type { User } from '../../../shared/domain/account.ts';
import type { LedgerEntry } from '../../../shared/domain/ledger.ts';
import type { CaseRecord, CommitmentRecord } from '../../../shared/domain/ledger-projections.ts';
import { toChinaIso } from '../../../shared/domain/time.ts';
import { InvalidInputError, NotFoundError } from '../../../shared/errors.ts';
import type { Logger } from '../../../shared/logger.ts';
import type { AccountStore } from '../../../shared/ports/account-store.ts';
import type { LedgerStore } from '../../../shared/ports/ledger-store.ts';
import { assertDepartmentAccess, caseDepartments, mayAccessDepartments } from '../auth/department-access.ts';
import { actorOf } from '../auth/session.ts';
import { commitmentView, type CommitmentView } from '../commitments/commitment-state.ts';
import type { RulesInEffect } from './response-rules.ts';
import type { Notify } from '../live/live-alerts.ts';
import { deptRoom, roleRoom } from '../live/rooms.ts';

export type { Notify };

/** The ports the case and commitment services share, and only the calls they make on them. */
export interface CasesDeps {
  ledger: Pick<LedgerStore, 'appendAll' | 'getCase' | 'getCommitment'>;
  accounts: Pick<AccountStore, 'listDepartments'>;
  rules: RulesInEffect;
  /** The clock: entry times, deadlines and commitment states all read it. */
  now: () => number;
  notify?: Notify;
  logger?: Logger;
}

/** What the case and commitment services share: reading with access checks, appending as the user. */
export class CasesContext {
  constructor(readonly deps: CasesDeps) {}

  nowIso(): string {
    return toChinaIso(this.deps.now());
  }

  /**
   * Appends as the user, at the injected clock's time. The ledger's own refusals pass through:
   * 409 when the case or commitment moved on (a stale draft, a second approval), 400 for a
   * malformed entry.
   */
  async append(user: User, action: string, subject: string, payload: Record<string, unknown>): Promise<LedgerEntry> {
    return (await this.appendAll(user, [{ action, subject, payload }]))[0]!;
  }

  /** Appends as the user, all or none (LedgerStore.appendAll), with the same refusals as append. */
  async appendAll(user: User, entries: { action: string; subject: string; payload: Record<string, unknown> }[]): Promise<LedgerEntry[]> {
    const at = this.nowIso();
    const actor = actorOf(user);
    return this.deps.ledger.appendAll(entries.map((e) => ({ ...e, at, actor })));
  }

  async getCase(id: string): Promise<CaseRecord> {
    const doc = await this.deps.ledger.getCase(id);
    if (!doc) throw new NotFoundError(`case ${id}`);
    return doc;
  }

  /** A case the user may see: 404 when there is none, 403 when it is another department's. */
  async readableCase(user: User, id: string): Promise<CaseRecord> {
    const c = await this.getCase(id);
    assertDepartmentAccess(user, caseDepartments(c));
    return c;
  }

  async getCommitment(id: string): Promise<CommitmentRecord> {
    const doc = await this.deps.ledger.getCommitment(id);
    if (!doc) throw new NotFoundError(`commitment ${id}`);
    return doc;
  }

  /** A department sees the commitments it owns and those of its cases. */
  async readableCommitment(user: User, id: string): Promise<CommitmentRecord> {
    const m = await this.getCommitment(id);
    if (!mayAccessDepartments(user, [m.owner])) assertDepartmentAccess(user, caseDepartments(await this.getCase(m.caseId)));
    return m;
  }

  view(m: CommitmentRecord): CommitmentView {
    return commitmentView(m, this.deps.now(), this.deps.rules.current.commitments);
  }

  async knownDepartments(): Promise<string[]> {
    return (await this.deps.accounts.listDepartments()).map((d) => d.name);
  }

  /** Refuses department names nobody is set up as: a misspelt lead would hide the case from its department. */
  async assertKnownDepartments(names: readonly string[]): Promise<void> {
    const known = new Set(await this.knownDepartments());
    const unknown = names.filter((n) => !known.has(n));
    if (unknown.length) throw new InvalidInputError('case.unknown_department', `单位不存在：${unknown.join('、')}，请先由管理员添加 / unknown department`);
  }

  /** Tells the departments of a case and the 舆情监测 room; a failing push never fails the request. */
  notifyCase(c: Pick<CaseRecord, 'id' | 'title' | 'level' | 'lead' | 'coResponsible'>, type: string, extra: Record<string, unknown> = {}): void {
    if (!this.deps.notify) return;
    const rooms = [...new Set(caseDepartments(c).map(deptRoom)), roleRoom('monitor')];
    try {
      this.deps.notify(rooms, 'case', { type, caseId: c.id, title: c.title, level: c.level, lead: c.lead, coResponsible: c.coResponsible, ...extra });
    } catch (err) {
      this.deps.logger?.warn({ err, caseId: c.id, type }, 'case notification failed');
    }
  }
}
