import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RESPONSE_RULES_PATH } from '../../shared/config.ts';
import type { LedgerEntry } from '../../shared/domain/ledger.ts';
import type { LedgerStore } from '../../shared/ports/ledger-store.ts';
import { loadResponseRules } from '../../services/responder/cases/response-rules.ts';
import type { DepartmentFigures, CommitmentLine } from '../../services/responder/supervision/figures.ts';
import { runDigest, runReminders, startSupervisionJobs, type Digest, type SupervisionJobDeps } from '../../services/responder/supervision/supervision-jobs.ts';
import { testLogger } from '../support/test-logger.ts';
import { startResponderFixture, type ResponderFixture } from './responder-fixture.ts';
import { HOUSING, LABOUR, NOW, writeScenario } from './supervision-scenario.ts';

const rules = loadResponseRules(DEFAULT_RESPONSE_RULES_PATH);

describe('supervision: figures, 回头看, overdue, audit, reminders and the daily digest on the SQLite ledger', () => {
  let fixture: ResponderFixture;
  const pushed: { rooms: string[]; event: string; payload: unknown }[] = [];
  let jobs: SupervisionJobDeps;

  beforeAll(async () => {
    fixture = await startResponderFixture();
    fixture.clock.now = NOW;
    await writeScenario(fixture.ledger);
    jobs = { ledger: fixture.ledger, rules: { current: rules }, logger: testLogger, notify: (rooms, event, payload) => pushed.push({ rooms, event, payload }) };
  });
  afterAll(async () => {
    await fixture?.stop();
  });

  const row = (rows: DepartmentFigures[], d: string) => rows.find((r) => r.department === d)!;
  const digestDates = async () => (await fixture.ledger.entries({ subject: 'system:digest' })).map((e) => String(e.payload.date));

  it('counts responses met, late, overdue, open and with an unknown deadline, and commitments kept, broken and overdue, per department', async () => {
    const supervisor = await fixture.loginAs('supervisor');
    const { departments } = await supervisor.api<{ departments: DepartmentFigures[] }>('/supervision/departments');
    expect(departments.map((r) => r.department).sort()).toEqual([HOUSING, LABOUR].sort());
    expect(row(departments, HOUSING)).toEqual({
      department: HOUSING,
      cases: 2,
      responses: { met: 1, late: 1, overdue: 0, open: 0, unknown: 0 },
      commitments: { total: 3, kept: 1, awaitingVerification: 1, broken: 0, overdue: 1, pending: 0, cancelled: 0 },
      // k1 on time; k2 fulfilled 12 h late; k3 overdue.
      onTimeFulfilmentRate: 0.333,
      averageDelayHours: { fulfilment: 12, response: 3 },
    });
    expect(row(departments, LABOUR)).toEqual({
      department: LABOUR,
      cases: 3,
      responses: { met: 0, late: 0, overdue: 1, open: 1, unknown: 1 },
      commitments: { total: 5, kept: 0, awaitingVerification: 0, broken: 1, overdue: 2, pending: 2, cancelled: 1 },
      onTimeFulfilmentRate: 0,
      averageDelayHours: { fulfilment: null, response: null },
    });
  });

  it('counts cases opened and commitments falling due in the period (undated ones by their case)', async () => {
    const monitor = await fixture.loginAs('monitor');
    const from = encodeURIComponent('2026-11-21T00:00:00+08:00');
    const { departments } = await monitor.api<{ departments: DepartmentFigures[] }>(`/supervision/departments?from=${from}`);
    // k3 (due 11-10) and k4 (due 11-20) fall before the period; k9 has no date and its case opened 11-22.
    expect(row(departments, HOUSING)).toMatchObject({
      cases: 1,
      responses: { late: 1, met: 0 },
      commitments: { total: 2, kept: 1, awaitingVerification: 1, overdue: 0 },
      onTimeFulfilmentRate: 0.5,
    });
    expect(row(departments, LABOUR)).toMatchObject({
      cases: 3,
      commitments: { total: 4, overdue: 1, broken: 1, pending: 2, cancelled: 1 },
      onTimeFulfilmentRate: 0,
    });
    const to = encodeURIComponent('2026-11-20T23:59:59+08:00');
    const early = await monitor.api<{ departments: DepartmentFigures[] }>(`/supervision/departments?to=${to}`);
    expect(row(early.departments, HOUSING)).toMatchObject({ cases: 1, responses: { met: 1 }, commitments: { total: 1, overdue: 1 } });
  });

  it('refuses a bad period with a 400', async () => {
    const supervisor = await fixture.loginAs('supervisor');
    expect((await supervisor.request('GET', '/supervision/departments?from=yesterday')).status).toBe(400);
    const res = await supervisor.request('GET', `/supervision/departments?from=${encodeURIComponent('2026-11-24T00:00:00+08:00')}&to=${encodeURIComponent('2026-11-01T00:00:00+08:00')}`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('api.invalid_query');
  });

  it('shows a department user its own row and own commitments only, and refuses another department by name', async () => {
    const housing = await fixture.loginAs('department', { department: HOUSING });
    const { departments } = await housing.api<{ departments: DepartmentFigures[] }>('/supervision/departments');
    expect(departments.map((r) => r.department)).toEqual([HOUSING]);
    const overdue = await housing.api<{ commitments: CommitmentLine[] }>('/supervision/overdue');
    expect(overdue.commitments.map((c) => c.id)).toEqual(['k3']);
    const review = await housing.api<{ commitments: CommitmentLine[] }>('/supervision/review');
    expect(review.commitments.map((c) => c.id)).toEqual(['k3', 'k2']);
    const other = await housing.request('GET', `/supervision/overdue?owner=${encodeURIComponent(LABOUR)}`);
    expect(other.status).toBe(403);
    expect(((await other.json()) as { error: { code: string } }).error.code).toBe('auth.other_department');
  });

  it('lists overdue commitments with 红/黄/蓝 and days overdue, worst first', async () => {
    const supervisor = await fixture.loginAs('supervisor');
    const { commitments } = await supervisor.api<{ commitments: CommitmentLine[] }>('/supervision/overdue');
    expect(commitments.map((c) => [c.id, c.warning, c.daysOverdue, c.caseTitle])).toEqual([
      ['k3', '红', 14, '事项c-b'],
      ['k4', '黄', 4, '事项c-c'],
      ['k5', '蓝', 0, '事项c-c'],
    ]);
  });

  it('回头看 lists every dated commitment not verified, fulfilled-but-unverified and broken included, oldest due first', async () => {
    const supervisor = await fixture.loginAs('supervisor');
    const { commitments } = await supervisor.api<{ commitments: CommitmentLine[] }>('/supervision/review');
    expect(commitments.map((c) => [c.id, c.state])).toEqual([
      ['k3', 'overdue'],
      ['k4', 'overdue'],
      ['k2', 'fulfilled'],
      ['k7', 'broken'],
      ['k5', 'overdue'],
      ['k6', 'due_soon'],
    ]);
  });

  it('pages through the audit chain with filters', async () => {
    const supervisor = await fixture.loginAs('supervisor');
    type Page = { entries: LedgerEntry[]; nextAfterSeq: number | null };
    const first = await supervisor.api<Page>('/audit?action=commitment.added&limit=4');
    expect(first.entries.map((e) => e.subject)).toEqual(['commitment:k1', 'commitment:k2', 'commitment:k3', 'commitment:k4']);
    expect(first.nextAfterSeq).toBe(first.entries[3]!.seq);
    const second = await supervisor.api<Page>(`/audit?action=commitment.added&limit=4&afterSeq=${first.nextAfterSeq}`);
    expect(second.entries.map((e) => e.subject)).toEqual(['commitment:k5', 'commitment:k6', 'commitment:k7', 'commitment:k8']);
    const last = await supervisor.api<Page>(`/audit?action=commitment.added&limit=4&afterSeq=${second.nextAfterSeq}`);
    expect(last).toEqual({ entries: [expect.objectContaining({ subject: 'commitment:k9' })], nextAfterSeq: null, people: {} });

    const bySupervisor = await supervisor.api<Page>('/audit?actor=u-supervisor');
    expect(bySupervisor.entries.map((e) => e.action)).toEqual(['commitment.verified', 'commitment.broken']);
    const day = await supervisor.api<Page>(
      `/audit?subject=case:c-b&from=${encodeURIComponent('2026-11-21T17:00:00+08:00')}&to=${encodeURIComponent('2026-11-21T19:00:00+08:00')}`,
    );
    expect(day.entries.map((e) => e.action)).toEqual(['draft.saved', 'draft.approved', 'publication.recorded']);
    // Entries about a user come with that user's name; the actor filter offers people by name.
    const logins = await supervisor.api<Page & { people: Record<string, string> }>('/audit?action=session.login');
    const loggedIn = logins.entries.at(-1)!.subject.slice('user:'.length);
    expect(logins.people[loggedIn]).toBeTruthy();
    const { actors } = await supervisor.api<{ actors: { id: string; label: string }[] }>('/audit/actors');
    expect(actors.find((a) => a.id === loggedIn)!.label).toContain(logins.people[loggedIn]!);
    expect((await supervisor.request('GET', '/audit?limit=0')).status).toBe(400);
    expect((await supervisor.request('GET', '/audit?afterSeq=-1')).status).toBe(400);
  });

  it('verifies the chain and says where it is whole', async () => {
    const admin = await fixture.loginAs('admin');
    const verdict = await admin.api<{ ok: boolean; entries: number; message: string }>('/ledger/verify');
    expect(verdict.ok).toBe(true);
    expect(verdict.message).toContain(`共 ${verdict.entries} 条记录`);
  });

  it('reminds each due-soon and overdue commitment once, even when run twice, and escalates overdue ones to 督查', async () => {
    pushed.length = 0;
    const first = await runReminders(jobs, NOW);
    expect(first.sent.sort((a, b) => a.id.localeCompare(b.id))).toEqual([
      { id: 'k3', kind: 'overdue' },
      { id: 'k4', kind: 'overdue' },
      { id: 'k5', kind: 'overdue' },
      { id: 'k6', kind: 'due_soon' },
    ]);
    expect(pushed.find((p) => (p.payload as { commitment: { id: string } }).commitment.id === 'k6')).toMatchObject({
      rooms: [`dept:${LABOUR}`],
      event: 'reminder',
      payload: { kind: 'due_soon' },
    });
    expect(pushed.find((p) => (p.payload as { commitment: { id: string } }).commitment.id === 'k3')?.rooms).toEqual([`dept:${HOUSING}`, 'role:supervisor']);

    const again = await runReminders(jobs, NOW + 15 * 60_000);
    expect(again).toEqual({ sent: [], skipped: 4 });
    expect(pushed).toHaveLength(4);

    // k6 passes its due date: escalated once more, as overdue this time.
    const later = await runReminders(jobs, Date.parse('2026-11-25T13:00:00+08:00'));
    expect(later.sent).toEqual([{ id: 'k6', kind: 'overdue' }]);
    const reminded = (await fixture.ledger.entries({ subject: 'commitment:k6' })).filter((e) => e.action === 'commitment.reminded');
    expect(reminded.map((e) => [e.payload.kind, e.actor])).toEqual([
      ['due_soon', { id: 'system', role: 'system' }],
      ['overdue', { id: 'system', role: 'system' }],
    ]);
  });

  it('takes a reminder another responder recorded first as done, not as an error', async () => {
    await fixture.ledger.append({
      at: '2026-11-24T09:00:00+08:00',
      actor: { id: 'u-m', role: 'monitor' },
      action: 'commitment.added',
      subject: 'commitment:k10',
      payload: { id: 'k10', caseId: 'c-e', text: '承诺k10', owner: LABOUR, dueAt: '2026-11-24T18:00:00+08:00' },
    });
    const listed = (await fixture.ledger.getCommitment('k10'))!;
    // Another process listed k10 before this one recorded its reminder.
    const staleLedger: LedgerStore = Object.create(fixture.ledger, { listCommitments: { value: async () => [listed] } });
    await runReminders(jobs, NOW);
    expect(await runReminders({ ...jobs, ledger: staleLedger }, NOW)).toEqual({ sent: [], skipped: 1 });
  });

  it('records one daily digest per China date and serves the newest', async () => {
    const supervisor = await fixture.loginAs('supervisor');
    expect(await supervisor.api('/digest/latest')).toEqual({ digest: null });

    const today = await runDigest(jobs, Date.parse('2026-11-24T08:30:00+08:00'));
    expect(today.created).toBe(true);
    expect(today.digest.date).toBe('2026-11-24');
    expect(today.digest.figures).toEqual({
      newCases: 1,
      // k10, due at 18:00.
      dueToday: 1,
      overdue: { total: 3, 蓝: 1, 黄: 1, 红: 1 },
      overdueByDepartment: { [HOUSING]: 1, [LABOUR]: 2 },
    });
    const twice = await runDigest(jobs, Date.parse('2026-11-24T20:00:00+08:00'));
    expect(twice).toEqual({ created: false, digest: today.digest });

    const tomorrow = await runDigest(jobs, Date.parse('2026-11-25T08:30:00+08:00'));
    expect(tomorrow.created).toBe(true);
    // k6 is due at noon; k10 has been overdue since last night.
    expect(tomorrow.digest.figures).toMatchObject({ dueToday: 1, overdue: { total: 4 } });
    expect(await supervisor.api<{ digest: Digest }>('/digest/latest')).toEqual({ digest: tomorrow.digest });
    const digests = (await fixture.ledger.entries({ subject: 'system:digest' })).map((e) => [e.action, e.payload.date]);
    expect(digests).toEqual([
      ['digest.daily', '2026-11-24'],
      ['digest.daily', '2026-11-25'],
    ]);
  });

  it('runs the digest from its cron schedule with the given clock, and stops', async () => {
    const clock = Date.parse('2026-11-26T08:30:00+08:00');
    // Every second (node-cron reads a sixth field as seconds), so the test sees a run soon.
    const scheduled = startSupervisionJobs({ ...jobs, digestCron: '* * * * * *', now: () => clock });
    try {
      await expect.poll(async () => (await digestDates()).includes('2026-11-26'), { timeout: 10_000, interval: 100 }).toBe(true);
    } finally {
      scheduled.stop();
    }
    expect((await digestDates()).filter((d) => d === '2026-11-26')).toHaveLength(1);
  });
  // Last: it alters the chain.
  it('says where the chain breaks when an entry was altered in the database', async () => {
    const [broken] = await fixture.ledger.entries({ subject: 'commitment:k7' });
    if (fixture.ledgerConfig.kind !== 'sqlite') throw new Error('the fixture runs on SQLite');
    const db = new Database(fixture.ledgerConfig.path);
    try {
      db.prepare(`UPDATE ledger SET payload = json_set(payload, '$.text', '已篡改') WHERE seq = ?`).run(broken!.seq);
    } finally {
      db.close();
    }
    const supervisor = await fixture.loginAs('supervisor');
    const verdict = await supervisor.api<{ ok: boolean; brokenAt: number; message: string; brokenEntry: LedgerEntry }>('/ledger/verify');
    expect(verdict).toMatchObject({ ok: false, brokenAt: broken!.seq, reason: 'content does not match its hash' });
    expect(verdict.message).toBe(`台账在第 ${broken!.seq} 条记录处断开：content does not match its hash`);
    expect(verdict.brokenEntry.payload.text).toBe('已篡改');
  });
});
