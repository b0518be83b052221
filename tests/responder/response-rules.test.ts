import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadResponseRules, RESPONSE_RULES_SUBJECT, type ResponseRules } from '../../services/responder/cases/response-rules.ts';
import type { ResponderService } from '../../services/responder/responder-service.ts';
import { DEFAULT_RESPONSE_RULES_PATH } from '../../shared/config.ts';
import { login, type ConsoleSession } from '../support/console-session.ts';
import { waitFor } from '../support/wait-for.ts';
import { startResponderFixture, type ResponderFixture } from './responder-fixture.ts';

const RSJ = '县人力资源和社会保障局';

interface InEffect {
  responseRulesInEffect: { rules: ResponseRules; revision: number; saved?: { revision: number; by: { id: string }; reason: string } };
}

/** The 一般 level answered within 24 hours instead of the file's 48. */
function tighter(file: ResponseRules): ResponseRules {
  return { ...file, publicOpinion: { ...file.publicOpinion, 一般: [{ code: 'reply', label: '回应', hours: 24, basis: '县政府办公室通知' }] } };
}

describe('response rules edited by an administrator in the console', () => {
  let fixture: ResponderFixture;
  let other: ResponderService;
  let admin: ConsoleSession & { password: string };
  const file = loadResponseRules(DEFAULT_RESPONSE_RULES_PATH);

  beforeAll(async () => {
    fixture = await startResponderFixture();
    // A second responder on the same ledger, started before the save.
    other = await fixture.startAnother();
    admin = await fixture.loginAs('admin');
    await fixture.accounts.addDepartment(RSJ);
  });
  afterAll(async () => {
    await fixture?.stop();
  });

  it("start from the file's rules, as revision 0", async () => {
    const { responseRulesInEffect } = await admin.api<InEffect>('/admin/rules');
    expect(responseRulesInEffect).toEqual({ rules: file, revision: 0 });
  });

  it('a saved revision applies to the next case here, and on the other responder within seconds; the ledger records who and why', async () => {
    const saved = await admin.request('PUT', '/admin/rules/response', { rules: tighter(file), reason: '按县政府办公室新通知调整', revision: 0 });
    expect(saved.status, await saved.clone().text()).toBe(200);
    expect(((await saved.json()) as InEffect).responseRulesInEffect).toMatchObject({ revision: 1, saved: { by: { id: admin.user.id }, reason: '按县政府办公室新通知调整' } });

    const monitor = await fixture.loginAs('monitor');
    const opened = await monitor.request('POST', '/cases', { title: '某小区停水', kind: 'public-opinion', level: '一般', lead: RSJ });
    expect(opened.status, await opened.clone().text()).toBe(201);
    const { deadlines, openedAt } = (await opened.json()) as { deadlines: { code: string; dueAt: string }[]; openedAt: string };
    expect(deadlines.map((d) => d.code)).toEqual(['reply']);
    expect(Date.parse(deadlines[0]!.dueAt) - Date.parse(openedAt)).toBe(24 * 3_600_000);

    const elsewhere = await login(other.url, admin.user.name, admin.password);
    await waitFor('the other responder to apply revision 1', async () => (await elsewhere.api<InEffect>('/admin/rules')).responseRulesInEffect.revision === 1, 15_000);

    const entries = await fixture.ledger.entries({ subject: RESPONSE_RULES_SUBJECT });
    expect(entries.map((e) => [e.action, e.actor.id, e.payload.revision, e.payload.reason])).toEqual([['rules.saved', admin.user.id, 1, '按县政府办公室新通知调整']]);
  });

  it('a save over a revision someone else replaced meanwhile is refused, and nothing is recorded', async () => {
    const stale = await admin.request('PUT', '/admin/rules/response', { rules: file, reason: '恢复原规则', revision: 0 });
    expect(stale.status).toBe(409);
    expect(((await stale.json()) as { error: { code: string } }).error.code).toBe('rules.changed_meanwhile');
    expect(await fixture.ledger.entries({ subject: RESPONSE_RULES_SUBJECT })).toHaveLength(1);
  });

  it('rules that leave out a level, set a negative time limit or put 红 before 黄 are refused with the problem named', async () => {
    const { 特别重大: _, ...withoutGravest } = file.publicOpinion;
    const missing = await admin.request('PUT', '/admin/rules/response', { rules: { ...file, publicOpinion: withoutGravest }, reason: '测试', revision: 1 });
    expect(missing.status).toBe(400);
    expect(await missing.text()).toContain('特别重大');
    const negative = await admin.request('PUT', '/admin/rules/response', { rules: { ...file, commitments: { ...file.commitments, dueSoonHours: -1 } }, reason: '测试', revision: 1 });
    expect(negative.status).toBe(400);
    expect(await negative.text()).toContain('dueSoonHours');
    const redFirst = await admin.request('PUT', '/admin/rules/response', { rules: { ...file, commitments: { ...file.commitments, overdueWarning: { yellowAfterDays: 5, redAfterDays: 5 } } }, reason: '测试', revision: 1 });
    expect(redFirst.status).toBe(400);
    expect(await redFirst.text()).toContain('redAfterDays');
    expect(await fixture.ledger.entries({ subject: RESPONSE_RULES_SUBJECT })).toHaveLength(1);
  });
});
