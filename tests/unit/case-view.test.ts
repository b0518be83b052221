import { describe, expect, it } from 'vitest';
import { caseRecord, type CaseRecord } from '../../shared/domain/ledger-projections.ts';
import type { PolicyDocument } from '../../shared/domain/policy-document.ts';
import { caseView } from '../../services/responder/cases/case-view.ts';
import { policyCommitments, responseCommitments } from '../../services/responder/commitments/commitment-sources.ts';

const base = (over: Partial<CaseRecord> = {}): CaseRecord =>
  caseRecord({
    id: 'c1',
    title: '某化工厂爆炸',
    lead: '县应急管理局',
    coResponsible: [],
    level: '重大',
    status: 'open',
    openedAt: '2026-11-24T09:00:00+08:00',
    updatedAt: '2026-11-24T09:00:00+08:00',
    lastSeq: 1,
    deadlines: [
      { code: 'authoritative_info', label: '发布权威信息', dueAt: '2026-11-24T14:00:00+08:00' },
      { code: 'press_conference', label: '召开新闻发布会', dueAt: '2026-11-25T09:00:00+08:00' },
    ],
    ...over,
  });

describe('caseView', () => {
  it('measures each deadline against the first publication of the approved text', () => {
    const published = base({ publicationCount: 1, firstPublishedAt: '2026-11-24T16:00:00+08:00', approved: { version: 1, hash: 'h', by: 'u', at: '2026-11-24T15:00:00+08:00' } });
    const v = caseView(published, Date.parse('2026-11-26T00:00:00+08:00'));
    expect(v.phase).toBe('published');
    expect(v.deadlines.map((d) => d.state)).toEqual(['late', 'met']);
  });

  it('before publication a deadline is open, then overdue; one without a date is unknown', () => {
    const c = base({ deadlines: [...base().deadlines, { code: 'hotline_reply', label: '12345投诉办理', unknown: '节假日安排只公布到2026年' }] });
    expect(caseView(c, Date.parse('2026-11-24T15:00:00+08:00')).deadlines.map((d) => d.state)).toEqual(['overdue', 'open', 'unknown']);
    expect(caseView(c, Date.parse('2026-11-24T15:00:00+08:00')).phase).toBe('awaiting_draft');
    expect(caseView({ ...c, draftVersion: 2 }, 0).phase).toBe('in_review');
    expect(caseView({ ...c, status: 'closed' }, 0).phaseLabel).toBe('已办结');
  });
});

describe('commitments from an approved text', () => {
  it('keeps an owner the installation knows and gives any other promise to the lead, marked inferred', () => {
    const found = responseCommitments('县城管局将于本周五前清理垃圾；我局将在3个工作日内完成整改。', {
      caseId: 'c1',
      version: 2,
      lead: '县住房和城乡建设局',
      knownDepartments: ['县住房和城乡建设局'],
      approvedAt: Date.parse('2026-11-24T10:00:00+08:00'),
    });
    expect(found.map((m) => [m.id, m.owner, m.ownerInferred ?? false, m.dueAt])).toEqual([
      ['c1-v2-1', '县住房和城乡建设局', true, '2026-11-27T23:59:59.999+08:00'],
      ['c1-v2-2', '县住房和城乡建设局', false, '2026-11-27T23:59:59.999+08:00'],
    ]);
  });
});

describe('commitments from a policy document', () => {
  const task = (ref: string, lead: string[], deadline: string) => ({ ref, text: `任务${ref}`, detail: '', lead, coResponsible: [], deadline: { text: deadline } });
  const doc: PolicyDocument = {
    issuer: '县人民政府办公室',
    date: '2026-09-28',
    tasks: [task('一', ['县司法局', '县财政局'], '7个工作日内'), task('二', [], '长期坚持'), task('三', ['县教育局'], '')],
  };

  it('one per lead unit, the deadline read against the document date; undated deadlines kept as written', () => {
    const found = policyCommitments(doc, { caseId: 'P-1', lead: '县人民政府办公室', referenceDate: Date.parse('2026-09-28T12:00:00+08:00') });
    expect(found.map((m) => [m.id, m.owner, m.ownerInferred ?? false, m.dueAt, m.dueText])).toEqual([
      // 9月29日, 30日, then the National Day holiday: 10月8日, 9日, 10日 (make-up Saturday), 12日, 13日.
      ['P-1-t1-1', '县司法局', false, '2026-10-13T23:59:59.999+08:00', '7个工作日内'],
      ['P-1-t1-2', '县财政局', false, '2026-10-13T23:59:59.999+08:00', '7个工作日内'],
      ['P-1-t2', '县人民政府办公室', true, undefined, '长期坚持'],
      ['P-1-t3', '县教育局', false, undefined, undefined],
    ]);
    expect(found.every((m) => m.source === 'policy' && m.caseId === 'P-1')).toBe(true);
  });

  it('a task led by role ("各区县政府分别负责") goes to the case lead with the roles kept in its text', () => {
    const byRole: PolicyDocument = { issuer: '市人民政府办公室', tasks: [{ ...task('四', [], '年底前'), leadRoles: ['各区、县〔市〕政府'] }] };
    const [found] = policyCommitments(byRole, { caseId: 'P-2', lead: '市人民政府办公室', referenceDate: Date.parse('2026-09-28T12:00:00+08:00') });
    expect(found).toMatchObject({ owner: '市人民政府办公室', ownerInferred: true, text: '四 任务四（各区、县〔市〕政府）' });
  });
});
