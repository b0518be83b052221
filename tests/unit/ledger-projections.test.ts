import { describe, expect, it } from 'vitest';
import type { LedgerEntry } from '../../shared/domain/ledger.ts';
import { project, type ProjectionState } from '../../shared/domain/ledger-project.ts';
import { responseTextHash, type CaseRecord } from '../../shared/domain/ledger-projections.ts';

let seq = 0;
const entry = (action: string, subject: string, payload: Record<string, unknown>, at = '2026-11-24T09:00:00+08:00'): Omit<LedgerEntry, 'hash' | 'prevHash'> => ({
  seq: ++seq,
  at,
  actor: { id: 'u1', role: 'department', department: '县人力资源和社会保障局' },
  action,
  subject,
  payload,
});

/** A case document as the first release stored it, before kinds, deadlines and drafts. */
const OLD_CASE = {
  id: 'c1',
  title: '某工地拖欠农民工工资',
  lead: '县人力资源和社会保障局',
  coResponsible: [],
  level: '较大',
  status: 'open',
  openedAt: '2026-11-01T09:00:00+08:00',
  updatedAt: '2026-11-01T09:00:00+08:00',
  lastSeq: 1,
} as unknown as CaseRecord;

describe('responseTextHash', () => {
  it('ignores line endings and surrounding white space, and nothing else', () => {
    const text = '第一段。\n第二段：将于3个工作日内完成整改。';
    expect(responseTextHash(`  ${text.replace('\n', '\r\n')}\r\n`)).toBe(responseTextHash(text));
    expect(responseTextHash(text.replace('3', '5'))).not.toBe(responseTextHash(text));
    expect(responseTextHash(text)).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('project', () => {
  it('reads a case stored before the unified-response fields with their defaults', () => {
    const next = project(entry('draft.saved', 'case:c1', { version: 1, text: '初稿', hash: responseTextHash('初稿') }), { case: OLD_CASE });
    expect(next.case).toMatchObject({ kind: 'public-opinion', deadlines: [], draftVersion: 1, draftHash: responseTextHash('初稿'), publicationCount: 0 });
  });

  it('does not change the state it is given', () => {
    const state: ProjectionState = { case: structuredClone(OLD_CASE) };
    project(entry('case.updated', 'case:c1', { level: '重大' }), state);
    expect(state.case).toEqual(OLD_CASE);
  });

  it('refuses a draft whose hash is not that of its text', () => {
    expect(() => project(entry('draft.saved', 'case:c1', { version: 1, text: '初稿', hash: responseTextHash('别的') }), { case: OLD_CASE })).toThrow(
      expect.objectContaining({ code: 'ledger.invalid_transition' }),
    );
  });

  it('refuses a publication before any approval', () => {
    expect(() =>
      project(entry('publication.recorded', 'case:c1', { channel: '政府网站', publishedAt: '2026-11-24T10:00:00+08:00', hash: responseTextHash('x') }), { case: OLD_CASE }),
    ).toThrow(expect.objectContaining({ code: 'case.not_approved' }));
  });

  it('adds a commitment from a first-release payload as a manual, dated promise', () => {
    const next = project(
      entry('commitment.added', 'commitment:m1', { id: 'm1', caseId: 'c1', text: '15个工作日内督促企业结清工资', owner: '县人力资源和社会保障局', dueAt: '2026-12-16T18:00:00+08:00' }),
      { case: OLD_CASE },
    );
    expect(next.commitment).toMatchObject({ source: 'manual', vague: false, status: 'pending', evidence: [] });
  });

  it('keeps a closed case free of new commitments, a broken commitment on record, and reminders to pending ones', () => {
    const closed = { ...OLD_CASE, status: 'closed' } as CaseRecord;
    const add = entry('commitment.added', 'commitment:m2', { id: 'm2', caseId: 'c1', text: '月底前完成', owner: '县人力资源和社会保障局' });
    expect(() => project(add, { case: closed })).toThrow(expect.objectContaining({ code: 'case.closed' }));

    const pending = project(add, { case: OLD_CASE }).commitment!;
    const broken = project(entry('commitment.broken', 'commitment:m2', { reason: '逾期未整改' }), { commitment: pending }).commitment!;
    expect(() => project(entry('commitment.cancelled', 'commitment:m2', { reason: '不再需要' }), { commitment: broken })).toThrow(
      expect.objectContaining({ code: 'ledger.invalid_transition' }),
    );
    // A late fulfilment of a broken commitment is still recorded.
    expect(project(entry('commitment.fulfilled', 'commitment:m2', { text: '已补办' }), { commitment: broken }).commitment?.status).toBe('fulfilled');

    const fulfilled = project(entry('commitment.fulfilled', 'commitment:m2', { text: '已完成' }), { commitment: pending }).commitment!;
    expect(() => project(entry('commitment.reminded', 'commitment:m2', { kind: 'overdue' }), { commitment: fulfilled })).toThrow(
      expect.objectContaining({ code: 'ledger.invalid_transition' }),
    );
  });

  it('records alert acknowledgements in the chain only, once per alert', () => {
    const ack = entry('alert.acknowledged', 'alert:a1', { note: '已阅' });
    expect(project(ack, {})).toEqual({});
    expect(() => project(ack, { latestOfSubject: { action: 'alert.acknowledged', payload: {} } })).toThrow(expect.objectContaining({ code: 'alert.already_acknowledged' }));
  });

  it('takes saved rules as revisions in order: each replaces the one before, never one already replaced', () => {
    const save = (revision: number) => entry('rules.saved', 'rules:response', { revision, reason: '调整', rules: {} });
    expect(project(save(1), {})).toEqual({});
    expect(() => project(save(2), {})).toThrow(expect.objectContaining({ code: 'rules.changed_meanwhile' }));
    const atOne = { latestOfSubject: { action: 'rules.saved', payload: { revision: 1 } } };
    expect(project(save(2), atOne)).toEqual({});
    expect(() => project(save(1), atOne)).toThrow(expect.objectContaining({ code: 'rules.changed_meanwhile' }));
    expect(() => project(save(0), {})).toThrow(expect.objectContaining({ code: 'ledger.invalid_payload' }));
  });
});
