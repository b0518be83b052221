import { loadResponseRules, ResponseRulesInEffect } from '../../services/responder/cases/response-rules.ts';
import { DEFAULT_RESPONSE_RULES_PATH } from '../../shared/config.ts';
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CALENDAR_LAST_YEAR } from '../../shared/calendar/working-days.ts';
import { apiRouter } from '../../services/responder/api.ts';
import { SessionSigner } from '../../services/responder/auth/session-token.ts';
import type { ApprovalReply, CaseDetailReply, PolicyCaseReply } from '../../services/responder/cases/case-replies.ts';
import type { CaseView } from '../../services/responder/cases/case-view.ts';
import type { CommitmentView } from '../../services/responder/commitments/commitment-state.ts';
import { MAX_EVIDENCE_BYTES } from '../../services/responder/commitments/evidence-files.ts';
import { policyPageItem } from '../analyzer/analyzer-fixtures.ts';
import { createTestUser, login, type ConsoleSession } from '../support/console-session.ts';
import { testLogger } from '../support/test-logger.ts';
import { SECRET, startResponderFixture, type ResponderFixture } from './responder-fixture.ts';

const RSJ = '县人力资源和社会保障局';
const ZJJ = '县住房和城乡建设局';
const GAJ = '县公安局';
const endOf = (date: string): string => `${date}T23:59:59.999+08:00`;
const T0 = Date.parse('2026-11-24T09:00:00+08:00');

const V1 = '您反映的问题已收悉，我局正在核实。';
// One dated promise (3个工作日内) and one vague one (尽快), owned by two departments.
const V2 = '您反映的某工地拖欠农民工工资问题已收悉。我局已责令施工单位3个工作日内完成整改，结清全部工资；县住房和城乡建设局将尽快对该项目进行调查处理。';

async function json<T>(res: Response, status: number): Promise<T> {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  return JSON.parse(text) as T;
}

async function errorCode(res: Response, status: number): Promise<string> {
  return (await json<{ error: { code: string } }>(res, status)).error.code;
}

describe('cases and the unified response', () => {
  let f: ResponderFixture;
  let monitor: ConsoleSession;
  let reviewer: ConsoleSession;
  let supervisor: ConsoleSession;
  let rsj: ConsoleSession;
  let zjj: ConsoleSession;
  let gaj: ConsoleSession;

  beforeAll(async () => {
    f = await startResponderFixture({ seed: true });
    [monitor, reviewer, supervisor, rsj, zjj, gaj] = await Promise.all([
      f.loginAs('monitor'),
      f.loginAs('reviewer'),
      f.loginAs('supervisor'),
      f.loginAs('department', { department: RSJ }),
      f.loginAs('department', { department: ZJJ }),
      f.loginAs('department', { department: GAJ }),
    ]);
  });
  afterAll(async () => {
    await f?.stop();
  });
  // Sessions are signed on the same clock: a test that travels far logs in again there.
  beforeEach(() => {
    f.clock.now = T0;
  });

  async function openCase(body: Record<string, unknown>, who = monitor): Promise<CaseView> {
    return json<CaseView>(await who.request('POST', '/cases', body), 201);
  }

  async function monitorAt(iso: string): Promise<ConsoleSession> {
    f.clock.now = Date.parse(iso);
    return f.loginAs('monitor');
  }

  describe('from an event to a published, approved text', () => {
    let caseId: string;

    it('the monitor opens a case from an event: title and level come from it, deadlines from the rules', async () => {
      f.clock.now = Date.parse('2026-11-24T09:00:00+08:00');
      const c = await openCase({ eventId: 'ev1', lead: RSJ, coResponsible: [ZJJ] });
      caseId = c.id;
      expect(c).toMatchObject({ title: '某工地拖欠农民工工资', eventId: 'ev1', lead: RSJ, coResponsible: [ZJJ], status: 'open', kind: 'public-opinion', phase: 'awaiting_draft' });
      expect(c.deadlines.length).toBeGreaterThan(0);
    });

    it('department drafts v1, the reviewer comments, the department drafts v2', async () => {
      expect(await json<{ version: number }>(await rsj.request('POST', `/cases/${caseId}/drafts`, { text: V1 }), 201)).toMatchObject({ version: 1 });
      await json(await reviewer.request('POST', `/cases/${caseId}/drafts/1/comments`, { text: '请写明整改时限和责任单位' }), 201);
      expect(await errorCode(await reviewer.request('POST', `/cases/${caseId}/drafts/9/comments`, { text: '?' }), 409)).toBe('case.unknown_draft');
      expect(await json<{ version: number }>(await rsj.request('POST', `/cases/${caseId}/drafts`, { text: V2 }), 201)).toMatchObject({ version: 2 });
    });

    it('approving an older draft is refused; the reviewer approves v2 and its commitments are extracted', async () => {
      expect(await errorCode(await reviewer.request('POST', `/cases/${caseId}/drafts/1/approve`), 409)).toBe('case.not_latest_draft');
      f.clock.now = Date.parse('2026-11-24T10:00:00+08:00');
      const res = await json<ApprovalReply>(
        await reviewer.request('POST', `/cases/${caseId}/drafts/2/approve`),
        200,
      );
      expect(res.case.phase).toBe('approved');
      expect(res.approved).toMatchObject({ version: 2, text: V2, by: reviewer.user.id });
      expect(res.approved.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(res.commitments).toHaveLength(2);
      const [dated, vague] = res.commitments;
      // Tuesday 11月24日 + 3 working days: 25, 26, 27.
      expect(dated).toMatchObject({ owner: RSJ, dueAt: endOf('2026-11-27'), dueText: '3个工作日内', vague: false, source: 'response', state: 'pending' });
      expect(dated!.text).toContain('3个工作日内完成整改');
      expect(vague).toMatchObject({ owner: ZJJ, vague: true, vagueWords: ['尽快'], source: 'response' });
      expect(vague!.dueAt).toBeUndefined();
    });

    it('approving twice is refused, and no draft can follow the approved one', async () => {
      expect(await errorCode(await reviewer.request('POST', `/cases/${caseId}/drafts/2/approve`), 409)).toBe('case.already_approved');
      expect(await errorCode(await rsj.request('POST', `/cases/${caseId}/drafts`, { text: '改一改' }), 409)).toBe('case.already_approved');
    });

    it('a publication of the approved text is recorded (line endings aside); one character off is refused with 409', async () => {
      // An hour after the approval (10:00).
      f.clock.now = Date.parse('2026-11-24T11:00:00+08:00');
      const ok = await rsj.request('POST', `/cases/${caseId}/publications`, { channel: '政府网站', url: 'https://example.gov.cn/reply/1', text: `  ${V2}\r\n` });
      expect(ok.status, await ok.text()).toBe(201);
      const off = await rsj.request('POST', `/cases/${caseId}/publications`, { channel: '政务微博', text: V2.replace('3个工作日', '5个工作日') });
      expect(await errorCode(off, 409)).toBe('case.text_mismatch');
    });

    it('a publication time before the approval or ahead of its recording is refused, so the on-time figures cannot be bent', async () => {
      f.clock.now = Date.parse('2026-11-24T11:00:00+08:00');
      for (const publishedAt of ['2026-11-24T09:30:00+08:00', '2026-11-24T12:00:00+08:00']) {
        const res = await rsj.request('POST', `/cases/${caseId}/publications`, { channel: '政务微博', publishedAt, text: V2 });
        expect(await errorCode(res, 400)).toBe('case.bad_publication_time');
      }
    });

    it('the case detail folds drafts, comments, approval, publications and commitments from the ledger', async () => {
      const d = await monitor.api<CaseDetailReply>(`/cases/${caseId}`);
      expect(d.case.phase).toBe('published');
      expect(d.case.publicationCount).toBe(1);
      expect(d.drafts.map((x) => [x.version, x.text, x.comments.map((c) => c.text)])).toEqual([
        [1, V1, ['请写明整改时限和责任单位']],
        [2, V2, []],
      ]);
      expect(d.drafts[0]!.author.id).toBe(rsj.user.id);
      expect(d.approved).toMatchObject({ version: 2, text: V2, hash: d.drafts[1]!.hash });
      expect(d.publications).toEqual([expect.objectContaining({ channel: '政府网站', hash: d.drafts[1]!.hash })]);
      expect(d.commitments).toHaveLength(2);
      expect(d.entries.map((e) => e.action)).toEqual(['case.opened', 'draft.saved', 'draft.commented', 'draft.saved', 'draft.approved', 'publication.recorded']);
      expect(d.case.deadlines.every((x) => x.state === 'met')).toBe(true);
    });

    it('another department gets 403 on read and write, and does not see the case in its lists', async () => {
      expect(await errorCode(await gaj.request('GET', `/cases/${caseId}`), 403)).toBe('auth.other_department');
      expect(await errorCode(await gaj.request('POST', `/cases/${caseId}/drafts/2/comments`, { text: '我们看看' }), 403)).toBe('auth.other_department');
      expect(await errorCode(await gaj.request('POST', `/cases/${caseId}/publications`, { channel: '其他', text: V2 }), 403)).toBe('auth.other_department');
      expect((await gaj.api<{ cases: CaseView[] }>('/cases')).cases.map((c) => c.id)).not.toContain(caseId);
      expect(await errorCode(await gaj.request('GET', `/cases?department=${encodeURIComponent(RSJ)}`), 403)).toBe('auth.other_department');
      expect((await gaj.api<{ commitments: CommitmentView[] }>(`/commitments?caseId=${caseId}`)).commitments).toEqual([]);
      // The co-responsible department sees the case and both its commitments.
      expect((await zjj.api<{ cases: CaseView[] }>('/cases')).cases.map((c) => c.id)).toContain(caseId);
      expect((await zjj.api<{ commitments: CommitmentView[] }>(`/commitments?caseId=${caseId}`)).commitments).toHaveLength(2);
    });

    it('only the owner department records fulfilment; the co-responsible one is refused', async () => {
      const d = await monitor.api<CaseDetailReply>(`/cases/${caseId}`);
      const rsjOwn = d.commitments.find((m) => m.owner === RSJ)!;
      expect(await errorCode(await zjj.request('POST', `/commitments/${rsjOwn.id}/fulfil`, { text: '已整改' }), 403)).toBe('auth.other_department');
    });
  });

  describe('deadlines by the rules', () => {
    it('重大: authoritative information within 5 hours, a press conference within 24', async () => {
      f.clock.now = Date.parse('2026-11-24T09:00:00+08:00');
      const c = await openCase({ title: '某化工厂爆炸', level: '重大', lead: RSJ });
      expect(c.deadlines.map((d) => [d.code, d.dueAt, d.state])).toEqual([
        ['authoritative_info', '2026-11-24T14:00:00.000+08:00', 'open'],
        ['press_conference', '2026-11-25T09:00:00.000+08:00', 'open'],
      ]);
      f.clock.now = Date.parse('2026-11-24T15:00:00+08:00');
      const later = await monitor.api<CaseDetailReply>(`/cases/${c.id}`);
      expect(later.case.deadlines.map((d) => d.state)).toEqual(['overdue', 'open']);
    });

    it('raising a case to 重大 gives it the 重大 deadlines, counted from its opening', async () => {
      const c = await openCase({ title: '网传某校食堂食材变质', level: '一般', lead: RSJ });
      expect(c.deadlines.map((d) => [d.code, d.dueAt])).toEqual([['response', '2026-11-26T09:00:00.000+08:00']]);
      f.clock.now = Date.parse('2026-11-24T11:00:00+08:00');
      const raised = await json<CaseView>(await monitor.request('PATCH', `/cases/${c.id}`, { level: '重大' }), 200);
      expect(raised.deadlines.map((d) => [d.code, d.dueAt])).toEqual([
        ['authoritative_info', '2026-11-24T14:00:00.000+08:00'],
        ['press_conference', '2026-11-25T09:00:00.000+08:00'],
      ]);
      expect(raised.dueAt).toBe('2026-11-24T14:00:00.000+08:00');
    });

    it('12345 投诉: 15 working days across the National Day holiday and its make-up Saturday', async () => {
      // Monday 9月28日: 29, 30, (10月1日–7日 off), 8, 9, 10 (Saturday, worked), 12–16, 19–23 → 10月23日.
      const early = await monitorAt('2026-09-28T10:00:00+08:00');
      const c = await openCase({ title: '工地拖欠工资投诉', kind: 'hotline', appealType: '投诉', lead: RSJ, sourceItemId: 'item-1' }, early);
      expect(c.deadlines).toEqual([expect.objectContaining({ code: 'hotline_reply', dueAt: endOf('2026-10-23'), state: 'open' })]);
      expect(c).toMatchObject({ kind: 'hotline', appealType: '投诉', sourceItemId: 'item-1', level: '一般' });
    });

    it('a 12345 case whose working days run past the holiday calendar has its deadline unknown, with the reason', async () => {
      const late = await monitorAt(`${CALENDAR_LAST_YEAR}-12-28T10:00:00+08:00`);
      const c = await openCase({ title: '年底投诉', kind: 'hotline', appealType: '投诉', lead: RSJ }, late);
      const [d] = c.deadlines;
      expect(d).toMatchObject({ code: 'hotline_reply', state: 'unknown', stateLabel: '时限未知' });
      expect(d!.dueAt).toBeUndefined();
      expect(d!.unknown).toContain(`${CALENDAR_LAST_YEAR}年`);
    });

    it('refuses a 12345 case without a 诉求类型, a lead nobody is set up as, and an unknown event', async () => {
      expect(await errorCode(await monitor.request('POST', '/cases', { title: 't', kind: 'hotline', lead: RSJ }), 400)).toBe('case.appeal_type_required');
      expect(await errorCode(await monitor.request('POST', '/cases', { title: 't', lead: '县不存在局' }), 400)).toBe('case.unknown_department');
      expect(await errorCode(await monitor.request('POST', '/cases', { eventId: 'nope', lead: RSJ }), 400)).toBe('case.unknown_event');
      expect(await errorCode(await monitor.request('POST', '/cases', { lead: RSJ }), 400)).toBe('api.invalid_body');
    });
  });

  describe('a policy document becomes a case whose tasks are commitments of their lead units', () => {
    /** A collected page as the analyzer reads it: normalized title and body, the policy found by policyOfItem. */
    async function indexPolicy(file: string, id: string, title: string) {
      const item = policyPageItem(file, id, title);
      await f.index.upsertItems([item]);
      await f.index.refresh();
      return item.policy;
    }

    it('imports the 喀左 2021 work plan: one commitment per task and lead unit, dated where the deadline gives a date', async () => {
      f.clock.now = Date.parse('2026-11-24T09:00:00+08:00');
      const policy = await indexPolicy('kazuo-2021-zhengwu-gongkai-yaodian.txt', 'page-kazuo', '喀左县人民政府办公室关于印发喀左县2021年政务公开工作要点的通知');
      const res = await json<PolicyCaseReply>(
        await monitor.request('POST', '/cases/from-policy', { itemId: 'page-kazuo' }),
        201,
      );
      expect(res.case).toMatchObject({ lead: policy.issuer, level: '一般', kind: 'public-opinion', sourceItemId: 'page-kazuo', deadlines: [] });
      // The 喀左 issuer is no department of this installation: the monitor is told so.
      expect(res.unknownDepartments).toContain(policy.issuer);
      expect(res.case.coResponsible).toContain('县司法局');
      const expected = policy.tasks.flatMap((t) => t.lead.map((lead) => [lead, t.text]));
      expect(res.commitments.map((m) => [m.owner, m.text.replace(/^\S+ /, '')])).toEqual(expected);
      expect(res.commitments.every((m) => m.source === 'policy' && !m.ownerInferred)).toBe(true);
      // "2021年底前", read against the document's date (2021-07-07).
      const sfj = res.commitments.find((m) => m.owner === '县司法局')!;
      expect(sfj).toMatchObject({ dueText: '2021年底前', dueAt: endOf('2021-12-31'), state: 'overdue' });
      const undated = res.commitments.filter((m) => !m.dueAt);
      expect(undated.length).toBe(policy.tasks.filter((t) => !t.deadline.text).reduce((n, t) => n + t.lead.length, 0));
      expect(undated.every((m) => m.state === 'pending' && m.dueText === undefined)).toBe(true);

      expect(await errorCode(await monitor.request('POST', '/cases/from-policy', { itemId: 'page-kazuo' }), 409)).toBe('case.already_open');
      expect(await errorCode(await monitor.request('POST', '/cases/from-policy', { itemId: 'item-1' }), 400)).toBe('case.not_policy');
      expect(await errorCode(await monitor.request('POST', '/cases/from-policy', { itemId: 'nope' }), 404)).toBe('api.not_found');
    });

    it('gives tasks without a lead unit to the case lead and says so', async () => {
      const policy = await indexPolicy('zhejiang-2020-jiceng-zhengwu-gongkai.txt', 'page-zj', '浙江省人民政府办公厅关于全面推进基层政务公开标准化规范化工作的实施意见');
      const res = await json<PolicyCaseReply>(await monitor.request('POST', '/cases/from-policy', { itemId: 'page-zj' }), 201);
      expect(res.commitments).toHaveLength(policy.tasks.length);
      expect(res.commitments.every((m) => m.owner === '浙江省人民政府办公厅' && m.ownerInferred === true)).toBe(true);
      expect(res.commitments[0]).toMatchObject({ dueText: '2020年9月底前', dueAt: endOf('2020-09-30') });
    });
  });

  describe('commitments: evidence, verification and state by the clock', () => {
    let caseId: string;
    const add = async (who: ConsoleSession, body: Record<string, unknown>) => json<CommitmentView>(await who.request('POST', `/cases/${caseId}/commitments`, body), 201);

    beforeAll(async () => {
      f.clock.now = Date.parse('2026-11-24T09:00:00+08:00');
      caseId = (await openCase({ title: '路灯损坏', lead: RSJ })).id;
    });

    it('fulfilment with a file: the download returns the same bytes, only to those who may see the commitment', async () => {
      const m = await add(monitor, { text: '本周内修复路灯', owner: RSJ, dueAt: '2026-11-29T23:59:59.999+08:00' });
      const bytes = Buffer.concat([Buffer.from('%PDF-1.4 整改报告\n'), Buffer.from(Array.from({ length: 3000 }, (_, i) => i % 256))]);
      const fulfilled = await json<CommitmentView>(
        await rsj.request('POST', `/commitments/${m.id}/fulfil`, {
          text: '已更换灯具',
          file: { name: '整改报告.pdf', contentBase64: bytes.toString('base64') },
          publishedOn: { channel: '政府网站', url: 'https://example.gov.cn/notice/9' },
        }),
        200,
      );
      expect(fulfilled.state).toBe('fulfilled');
      const file = fulfilled.evidence[0]!.file!;
      expect(file).toMatchObject({ name: '整改报告.pdf', size: bytes.length });
      const res = await supervisor.request('GET', `/commitments/${m.id}/files/${file.sha256}`);
      expect(res.status).toBe(200);
      expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
      expect(res.headers.get('content-disposition')).toContain(encodeURIComponent('整改报告.pdf'));
      // A PDF opens in the browser, under a CSP that lets nothing in it run.
      expect(res.headers.get('content-type')).toBe('application/pdf');
      expect(res.headers.get('content-disposition')).toMatch(/^inline;/);
      expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
      expect((await gaj.request('GET', `/commitments/${m.id}/files/${file.sha256}`)).status).toBe(403);
      expect(await errorCode(await rsj.request('GET', `/commitments/${m.id}/files/${'0'.repeat(64)}`), 400)).toBe('evidence.not_attached');
    });

    it('a file is previewed by what its bytes are, not by its name: HTML named .pdf only downloads', async () => {
      const m = await add(monitor, { text: '本周内清理垃圾', owner: RSJ });
      const page = Buffer.from('<html><script>alert(1)</script></html>');
      const fulfilled = await json<CommitmentView>(await rsj.request('POST', `/commitments/${m.id}/fulfil`, { text: '已清理', file: { name: '照片.pdf', contentBase64: page.toString('base64') } }), 200);
      const res = await supervisor.request('GET', `/commitments/${m.id}/files/${fulfilled.evidence[0]!.file!.sha256}`);
      expect(res.headers.get('content-type')).toBe('application/octet-stream');
      expect(res.headers.get('content-disposition')).toMatch(/^attachment;/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    });

    it('refuses evidence that is not base64, too large, or missing altogether', async () => {
      const m = await add(monitor, { text: '月底前清理垃圾', owner: RSJ });
      expect(await errorCode(await rsj.request('POST', `/commitments/${m.id}/fulfil`, { file: { name: 'x', contentBase64: '***' } }), 400)).toBe('evidence.bad_base64');
      const big = Buffer.alloc(MAX_EVIDENCE_BYTES + 1, 1).toString('base64');
      expect(await errorCode(await rsj.request('POST', `/commitments/${m.id}/fulfil`, { file: { name: 'big.bin', contentBase64: big } }), 413)).toBe('evidence.too_large');
      expect(await errorCode(await rsj.request('POST', `/commitments/${m.id}/fulfil`, {}), 400)).toBe('api.invalid_body');
      expect((await monitor.api<{ commitments: CommitmentView[] }>(`/commitments?caseId=${caseId}`)).commitments.find((x) => x.id === m.id)?.status).toBe('pending');
    });

    it('verify, broken and cancel: who may, and from which state', async () => {
      const kept = await add(reviewer, { text: '3日内答复', owner: RSJ });
      await json(await rsj.request('POST', `/commitments/${kept.id}/fulfil`, { text: '已答复' }), 200);
      expect((await rsj.request('POST', `/commitments/${kept.id}/verify`, {})).status).toBe(403);
      expect((await monitor.request('POST', `/commitments/${kept.id}/verify`, {})).status).toBe(403);
      expect(await json<CommitmentView>(await supervisor.request('POST', `/commitments/${kept.id}/verify`, { note: '电话回访属实' }), 200)).toMatchObject({
        state: 'verified',
        verifiedBy: supervisor.user.id,
        note: '电话回访属实',
      });

      const broken = await add(monitor, { text: '一周内修复', owner: RSJ });
      expect(await errorCode(await supervisor.request('POST', `/commitments/${broken.id}/verify`, {}), 409)).toBe('ledger.invalid_transition');
      expect((await monitor.request('POST', `/commitments/${broken.id}/broken`, { reason: '未修复' })).status).toBe(403);
      expect(await json<CommitmentView>(await supervisor.request('POST', `/commitments/${broken.id}/broken`, { reason: '逾期未修复' }), 200)).toMatchObject({ state: 'broken', reason: '逾期未修复' });

      const cancelled = await add(monitor, { text: '重复登记的承诺', owner: RSJ });
      expect((await rsj.request('POST', `/commitments/${cancelled.id}/cancel`, { reason: '重复' })).status).toBe(403);
      expect(await errorCode(await monitor.request('POST', `/commitments/${cancelled.id}/cancel`, {}), 400)).toBe('api.invalid_body');
      expect(await json<CommitmentView>(await monitor.request('POST', `/commitments/${cancelled.id}/cancel`, { reason: '重复登记' }), 200)).toMatchObject({ state: 'cancelled' });
    });

    it('derives due soon and overdue (with its warning colour) from the injected clock, and filters by them', async () => {
      f.clock.now = Date.parse('2026-11-24T09:00:00+08:00');
      const late = await add(monitor, { text: '11月20日前完成', owner: RSJ, dueAt: endOf('2026-11-20') });
      const soon = await add(monitor, { text: '明日完成', owner: RSJ, dueAt: endOf('2026-11-25') });
      expect(late).toMatchObject({ state: 'overdue', stateLabel: '已逾期', daysOverdue: 3, warning: '黄' });
      expect(soon.state).toBe('due_soon');
      const overdue = await rsj.api<{ commitments: CommitmentView[] }>(`/commitments?state=overdue&caseId=${caseId}`);
      expect(overdue.commitments.map((m) => m.id)).toEqual([late.id]);
      const both = await monitor.api<{ commitments: CommitmentView[] }>(`/commitments?state=overdue,due_soon&caseId=${caseId}`);
      expect(both.commitments.map((m) => m.id).sort()).toEqual([late.id, soon.id].sort());
      // Ten days later the same commitment is 红.
      const later = await monitorAt('2026-12-01T09:00:00+08:00');
      expect((await later.api<{ commitments: CommitmentView[] }>(`/commitments?caseId=${caseId}&state=overdue`)).commitments.find((m) => m.id === late.id)).toMatchObject({ warning: '红' });
      expect(await errorCode(await later.request('GET', '/commitments?state=late'), 400)).toBe('api.invalid_query');
    });

    it('closing a case stops its drafting until it is reopened', async () => {
      expect(await json<CaseView>(await monitor.request('POST', `/cases/${caseId}/close`, { reason: '已办结' }), 200)).toMatchObject({ status: 'closed', closeReason: '已办结', phase: 'closed' });
      expect(await errorCode(await rsj.request('POST', `/cases/${caseId}/drafts`, { text: '补充说明' }), 409)).toBe('case.closed');
      await json(await monitor.request('POST', `/cases/${caseId}/reopen`, { reason: '群众再次反映' }), 200);
      await json(await rsj.request('POST', `/cases/${caseId}/drafts`, { text: '补充说明' }), 201);
    });
  });
});

describe('case notifications', () => {
  let f: ResponderFixture;
  let server: Server;
  let url: string;
  const pushed: { rooms: string[]; event: string; payload: { type: string; caseId: string } }[] = [];

  beforeAll(async () => {
    f = await startResponderFixture();
    const app = express();
    app.use(
      '/api',
      apiRouter({
        index: f.index,
        rules: await ResponseRulesInEffect.start(loadResponseRules(DEFAULT_RESPONSE_RULES_PATH), f.ledger, testLogger),
        ledger: f.ledger,
        accounts: f.accounts,
        auth: { accounts: f.accounts, signer: new SessionSigner(SECRET), now: () => f.clock.now },
        logger: testLogger,
        isReady: () => true,
        notify: (rooms, event, payload) => pushed.push({ rooms, event, payload: payload as { type: string; caseId: string } }),
      }),
    );
    server = app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server?.close();
    await f?.stop();
  });

  const as = async (role: 'monitor' | 'reviewer' | 'department', department?: string) => {
    const { user, password } = await createTestUser(f.accounts, { role, ...(department ? { department } : {}) });
    return login(url, user.name, password);
  };

  it('tells the departments of a case and the monitors when it is opened, assigned, approved and published', async () => {
    const [monitor, reviewer, rsj] = [await as('monitor'), await as('reviewer'), await as('department', RSJ)];
    await f.accounts.addDepartment(ZJJ);
    await f.accounts.addDepartment(GAJ);
    const c = await json<CaseView>(await monitor.request('POST', '/cases', { title: '噪音扰民', lead: RSJ, coResponsible: [ZJJ] }), 201);
    await json(await monitor.request('PATCH', `/cases/${c.id}`, { coResponsible: [GAJ] }), 200);
    await json(await rsj.request('POST', `/cases/${c.id}/drafts`, { text: V1 }), 201);
    await json(await reviewer.request('POST', `/cases/${c.id}/drafts/1/approve`), 200);
    await json(await rsj.request('POST', `/cases/${c.id}/publications`, { channel: '12345回复', text: V1 }), 201);
    expect(pushed.map((p) => [p.event, p.payload.type, p.payload.caseId, [...p.rooms].sort()])).toEqual([
      ['case', 'opened', c.id, [`dept:${RSJ}`, `dept:${ZJJ}`, 'role:monitor'].sort()],
      // The department taken off the case hears of it as well as the one put on.
      ['case', 'assigned', c.id, [`dept:${RSJ}`, `dept:${GAJ}`, `dept:${ZJJ}`, 'role:monitor'].sort()],
      ['case', 'approved', c.id, [`dept:${RSJ}`, `dept:${GAJ}`, 'role:monitor'].sort()],
      ['case', 'published', c.id, [`dept:${RSJ}`, `dept:${GAJ}`, 'role:monitor'].sort()],
    ]);
  });
});
