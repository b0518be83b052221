import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_RESPONSE_RULES_PATH, type LedgerConfig } from '../../shared/config.ts';
import { toChinaIso } from '../../shared/domain/time.ts';
import type { AccountStore } from '../../shared/ports/account-store.ts';
import type { EvidenceStore } from '../../shared/ports/evidence-store.ts';
import type { LedgerStore } from '../../shared/ports/ledger-store.ts';
import type { SearchIndex } from '../../shared/ports/search-index.ts';
import { segmentForSearch } from '../../shared/text/segmenter.ts';
import { openAccountStore, openEvidenceStore, openLedgerStore, openSearchIndex } from '../../shared/wiring.ts';
import { createCaseService, type CaseService } from '../../services/responder/cases/case-service.ts';
import { loadResponseRules, type ResponseRules } from '../../services/responder/cases/response-rules.ts';
import { createCommitmentService, type CommitmentService } from '../../services/responder/commitments/commitment-service.ts';
import { policyPageItem } from '../analyzer/analyzer-fixtures.ts';
import { analyzedItem, event, testUser } from '../support/records.ts';
import { testLogger } from '../support/test-logger.ts';

const RSJ = '县人力资源和社会保障局';
const ZJJ = '县住房和城乡建设局';
const GAJ = '县公安局';
/** Tuesday 24 November 2026, 09:00 China time. */
const T0 = Date.parse('2026-11-24T09:00:00+08:00');
const HOUR = 3_600_000;
const endOf = (date: string) => `${date}T23:59:59.999+08:00`;

const monitor = testUser('monitor');
const reviewer = testUser('reviewer');
const supervisor = testUser('supervisor');
const rsj = { ...testUser('department', RSJ), id: 'u-rsj' };
const gaj = { ...testUser('department', GAJ), id: 'u-gaj' };

/** The case and commitment services on the real SQLite ledger, accounts and index in a fresh directory, on a clock the test sets. */
describe('the case service, without HTTP', () => {
  let ledger: LedgerStore;
  let accounts: AccountStore;
  let index: SearchIndex;
  let evidence: EvidenceStore;
  const clock = { now: T0 };
  const fileRules = loadResponseRules(DEFAULT_RESPONSE_RULES_PATH);
  const rules: { current: ResponseRules } = { current: fileRules };
  let cases: CaseService;
  let commitments: CommitmentService;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'yuqing-case-service-'));
    const ledgerConfig: LedgerConfig = { kind: 'sqlite', path: join(dir, 'ledger.sqlite') };
    ledger = await openLedgerStore(ledgerConfig, testLogger);
    accounts = await openAccountStore(ledgerConfig, testLogger);
    evidence = await openEvidenceStore(ledgerConfig, testLogger);
    index = await openSearchIndex({ kind: 'sqlite', path: join(dir, 'index.sqlite') }, segmentForSearch, testLogger);
    for (const name of [RSJ, ZJJ, GAJ]) await accounts.addDepartment(name);
    await index.upsertEvents([event('ev-heavy', { title: '某工地拖欠农民工工资', level: '较大' })]);
    await index.upsertItems([
      analyzedItem('hotline-ask', { title: '咨询社保转移', attrs: { 诉求类型: '咨询' } }),
      analyzedItem('hotline-bare', { title: '反映噪声扰民' }),
      policyPageItem('kazuo-2021-zhengwu-gongkai-yaodian.txt', 'page-kazuo', '喀左县人民政府办公室关于印发喀左县2021年政务公开工作要点的通知'),
    ]);
    await index.refresh();
    const deps = { ledger, accounts, rules, now: () => clock.now, logger: testLogger };
    cases = createCaseService({ ...deps, index });
    commitments = createCommitmentService({ ...deps, evidence });
  });
  afterAll(async () => {
    await index?.close();
    await evidence?.close();
    await accounts?.close();
    await ledger?.close();
  });
  beforeEach(() => {
    clock.now = T0;
    rules.current = fileRules;
  });

  describe('opening a case', () => {
    it('a case opened from a 12345 item takes its 诉求类型 and the working-day deadline', async () => {
      const c = await cases.open(monitor, { kind: 'hotline', lead: RSJ, sourceItemId: 'hotline-ask' });
      // 咨询: 3 working days, the opening day not counted: Wednesday to Friday.
      expect(c).toMatchObject({ kind: 'hotline', appealType: '咨询', dueAt: endOf('2026-11-27') });
      expect(c.deadlines).toEqual([expect.objectContaining({ code: 'hotline_reply', dueAt: endOf('2026-11-27'), state: 'open' })]);
    });

    it('a 诉求类型 given by the monitor wins over the item’s', async () => {
      const c = await cases.open(monitor, { kind: 'hotline', lead: RSJ, sourceItemId: 'hotline-ask', appealType: '投诉' });
      expect(c.appealType).toBe('投诉');
      expect(c.deadlines[0]!.label).toContain('15个工作日');
    });

    it('a 12345 case whose item records no 诉求类型, and none given, is refused', async () => {
      await expect(cases.open(monitor, { kind: 'hotline', lead: RSJ, sourceItemId: 'hotline-bare' })).rejects.toMatchObject({ code: 'case.appeal_type_required', status: 400 });
    });

    it('a case opened without a title takes the event’s title, else the item’s; with neither it is refused', async () => {
      expect((await cases.open(monitor, { lead: RSJ, eventId: 'ev-heavy', sourceItemId: 'hotline-bare' })).title).toBe('某工地拖欠农民工工资');
      expect((await cases.open(monitor, { lead: RSJ, sourceItemId: 'hotline-bare' })).title).toBe('反映噪声扰民');
      await expect(cases.open(monitor, { lead: RSJ })).rejects.toMatchObject({ code: 'api.invalid_body', status: 400 });
    });

    it('the level defaults to the event’s, else 一般, and a 一般 public-opinion case owes its 回应 within 48 hours', async () => {
      expect((await cases.open(monitor, { lead: RSJ, eventId: 'ev-heavy' })).level).toBe('较大');
      const plain = await cases.open(monitor, { title: '路灯损坏', lead: RSJ });
      expect(plain).toMatchObject({ kind: 'public-opinion', level: '一般' });
      expect(Date.parse(plain.dueAt!)).toBe(T0 + 48 * HOUR);
    });

    it('takes its deadlines from the response rules in effect when it is opened', async () => {
      const shorter = structuredClone(fileRules);
      shorter.publicOpinion['一般'] = [{ code: 'respond', label: '回应', hours: 24 }];
      rules.current = shorter;
      const c = await cases.open(monitor, { title: '规则已改', lead: RSJ });
      expect(Date.parse(c.dueAt!)).toBe(T0 + 24 * HOUR);
    });

    it('drops the lead and repeats from the co-responsible, and refuses departments nobody is set up as, an unknown event or item', async () => {
      const c = await cases.open(monitor, { title: '共同办理', lead: RSJ, coResponsible: [ZJJ, RSJ, ZJJ] });
      expect(c.coResponsible).toEqual([ZJJ]);
      await expect(cases.open(monitor, { title: 't', lead: '县不存在局' })).rejects.toMatchObject({ code: 'case.unknown_department', status: 400 });
      await expect(cases.open(monitor, { title: 't', lead: RSJ, eventId: 'nope' })).rejects.toMatchObject({ code: 'case.unknown_event' });
      await expect(cases.open(monitor, { title: 't', lead: RSJ, sourceItemId: 'nope' })).rejects.toMatchObject({ code: 'case.unknown_item' });
    });

    it('a policy document opens one case with its tasks as commitments; importing it again is a conflict', async () => {
      const opened = await cases.openFromPolicy(monitor, 'page-kazuo');
      expect(opened.case).toMatchObject({ level: '一般', deadlines: [], sourceItemId: 'page-kazuo' });
      expect(opened.commitments.length).toBeGreaterThan(0);
      expect(opened.commitments.every((m) => m.source === 'policy' && m.caseId === opened.case.id)).toBe(true);
      expect(opened.unknownDepartments).toContain(opened.case.lead);
      await expect(cases.openFromPolicy(monitor, 'page-kazuo')).rejects.toMatchObject({ code: 'case.already_open', status: 409 });
      await expect(cases.openFromPolicy(monitor, 'hotline-bare')).rejects.toMatchObject({ code: 'case.not_policy', status: 400 });
    });
  });

  describe('working a case', () => {
    it('raising a case to 重大 re-counts its deadlines from the opening, not from the change', async () => {
      const c = await cases.open(monitor, { title: '升级', lead: RSJ });
      clock.now = T0 + 2 * HOUR;
      const raised = await cases.update(monitor, c.id, { level: '重大' });
      expect(raised.deadlines.map((d) => Date.parse(d.dueAt!))).toEqual([T0 + 5 * HOUR, T0 + 24 * HOUR]);
    });

    it('drafts number themselves; the approval records the commitments the text makes, owned by the named department or the lead', async () => {
      const c = await cases.open(monitor, { title: '拖欠工资', lead: RSJ, coResponsible: [ZJJ] });
      expect((await cases.saveDraft(rsj, c.id, '已收悉，正在核实。')).version).toBe(1);
      const v2 = await cases.saveDraft(rsj, c.id, `您反映的某工地拖欠农民工工资问题已收悉。我局已责令施工单位3个工作日内完成整改，结清全部工资；${ZJJ}将尽快对该项目进行调查处理。`);
      expect(v2.version).toBe(2);
      await cases.comment(reviewer, c.id, 2, '可以');
      const { case: approved, approved: text, commitments: made } = await cases.approve(reviewer, c.id, 2);
      expect(approved.phase).toBe('approved');
      expect(text).toMatchObject({ version: 2, hash: v2.hash, text: v2.text });
      // "我局" is the lead writing; the dated promise counts its working days from the approval.
      expect(made).toEqual([
        expect.objectContaining({ owner: RSJ, dueText: '3个工作日内', dueAt: endOf('2026-11-27'), vague: false, source: 'response' }),
        expect.objectContaining({ owner: ZJJ, vague: true, source: 'response' }),
      ]);
      const detail = await cases.detail(monitor, c.id);
      expect(detail.drafts.map((d) => d.comments.length)).toEqual([0, 1]);
      expect(detail.commitments).toHaveLength(2);
    });

    it('only the approved text can be published, a closed case takes no draft until it is reopened', async () => {
      const c = await cases.open(monitor, { title: '发布', lead: RSJ });
      await expect(cases.recordPublication(rsj, c.id, { channel: '政府网站', text: '未审定' })).rejects.toMatchObject({ code: 'case.not_approved', status: 409 });
      await cases.saveDraft(rsj, c.id, '审定稿');
      await cases.approve(reviewer, c.id, 1);
      await expect(cases.recordPublication(rsj, c.id, { channel: '政府网站', text: '另一稿' })).rejects.toMatchObject({ code: 'case.text_mismatch', status: 409 });
      const published = await cases.recordPublication(rsj, c.id, { channel: '政府网站', text: '审定稿' });
      // Recorded without a time: published now, by the clock.
      expect(published).toMatchObject({ channel: '政府网站', publishedAt: toChinaIso(T0), by: { id: rsj.id } });
      const closed = await cases.close(monitor, c.id, '已回应');
      expect(closed.phase).toBe('closed');
      await expect(cases.saveDraft(rsj, c.id, '补充稿')).rejects.toMatchObject({ code: 'case.closed', status: 409 });
      expect((await cases.reopen(monitor, c.id, '群众再次反映')).phase).toBe('published');
    });

    it('a 承办单位 user reaches only its own department’s cases', async () => {
      const c = await cases.open(monitor, { title: '他单位', lead: RSJ });
      await expect(cases.detail(gaj, c.id)).rejects.toMatchObject({ code: 'auth.other_department', status: 403 });
      expect((await cases.list(gaj, {})).some((x) => x.id === c.id)).toBe(false);
      expect((await cases.list(rsj, {})).some((x) => x.id === c.id)).toBe(true);
    });
  });

  describe('commitments', () => {
    it('the owner reports fulfilment, a supervisor verifies it; a department that does not own it may not report it', async () => {
      const c = await cases.open(monitor, { title: '路灯损坏', lead: RSJ, coResponsible: [GAJ] });
      const m = await cases.addCommitment(monitor, c.id, { text: '本周内修复路灯', owner: RSJ, dueAt: endOf('2026-11-29') });
      expect(m).toMatchObject({ source: 'manual', state: 'pending' });
      await expect(commitments.fulfil(gaj, m.id, { text: '已修复' })).rejects.toMatchObject({ code: 'auth.other_department', status: 403 });
      await expect(commitments.verify(supervisor, m.id)).rejects.toMatchObject({ code: 'ledger.invalid_transition', status: 409 });
      expect((await commitments.fulfil(rsj, m.id, { text: '已更换灯具' })).state).toBe('fulfilled');
      expect((await commitments.verify(supervisor, m.id, '现场核实')).state).toBe('verified');
    });

    it('a pending commitment is overdue by the clock, and 红 once ten days late', async () => {
      const c = await cases.open(monitor, { title: '逾期', lead: RSJ });
      const m = await cases.addCommitment(monitor, c.id, { text: '三日内答复', owner: RSJ, dueAt: endOf('2026-11-26') });
      clock.now = Date.parse(endOf('2026-11-26')) + 10 * 24 * HOUR;
      const [listed] = await commitments.list(rsj, { caseId: c.id });
      expect(listed).toMatchObject({ id: m.id, state: 'overdue', daysOverdue: 10, warning: '红' });
    });
  });
});
