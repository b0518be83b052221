import { describe, expect, it } from 'vitest';
import type { LedgerEntry } from '../../shared/domain/ledger.ts';
import { LEDGER_ACTIONS, type LedgerActionName } from '../../shared/domain/ledger-actions.ts';
import { project, type ProjectionState } from '../../shared/domain/ledger-project.ts';
import { commitmentRecord, responseTextHash, type CaseRecord, type CommitmentRecord } from '../../shared/domain/ledger-projections.ts';
import { ConflictError } from '../../shared/errors.ts';

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

  it("reads a commitment stored before promisers were recorded as the government's, and keeps a third party named", () => {
    const { promiser: _promiser, ...old } = PENDING;
    expect(commitmentRecord(old).promiser).toBe('government');
    const added = project(
      entry('commitment.added', 'commitment:m2', { id: 'm2', caseId: 'c1', text: '物业公司承诺月底前维修', owner: '县住建局', promiser: 'third-party', party: '物业公司' }),
      { case: APPROVED_CASE },
    );
    expect(added.commitment).toMatchObject({ promiser: 'third-party', party: '物业公司', owner: '县住建局' });
    const older = project(entry('commitment.added', 'commitment:m3', { id: 'm3', caseId: 'c1', text: '月底前完成', owner: '县住建局' }), { case: APPROVED_CASE });
    expect(older.commitment).toMatchObject({ promiser: 'government' });
  });

  it('does not change the state it is given', () => {
    const state: ProjectionState = { case: structuredClone(OLD_CASE) };
    project(entry('case.updated', 'case:c1', { level: '重大' }), state);
    expect(state.case).toEqual(OLD_CASE);
  });

  it('refuses a draft whose hash is not that of its text as malformed, not as a conflict', () => {
    expect(() => project(entry('draft.saved', 'case:c1', { version: 1, text: '初稿', hash: responseTextHash('别的') }), { case: OLD_CASE })).toThrow(
      expect.objectContaining({ code: 'ledger.invalid_payload', status: 400 }),
    );
  });

  it('refuses a publication before any approval', () => {
    expect(() =>
      project(entry('publication.recorded', 'case:c1', { channel: '政府网站', publishedAt: '2026-11-24T10:00:00+08:00', hash: responseTextHash('x') }), { case: OLD_CASE }),
    ).toThrow(expect.objectContaining({ code: 'case.not_approved', status: 409 }));
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
      expect.objectContaining({ code: 'ledger.invalid_transition', status: 409 }),
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

const OPEN_CASE = { ...OLD_CASE, kind: 'public-opinion', deadlines: [], draftVersion: 0, publicationCount: 0 } as CaseRecord;
const APPROVED_CASE: CaseRecord = {
  ...OPEN_CASE,
  draftVersion: 1,
  draftHash: responseTextHash('稿'),
  approved: { version: 1, hash: responseTextHash('稿'), by: 'u2', at: '2026-11-24T08:00:00+08:00' },
};
const PENDING: CommitmentRecord = {
  id: 'm1',
  caseId: 'c1',
  text: '月底前完成',
  owner: '县人力资源和社会保障局',
  vague: false,
  source: 'manual',
  promiser: 'government',
  status: 'pending',
  evidence: [],
  updatedAt: '2026-11-20T09:00:00+08:00',
  lastSeq: 2,
};

/** One accepted entry per action, with the state it needs and what it changes; a Record, so leaving an action out does not compile. */
const EVERY_ACTION: Record<LedgerActionName, { subject: string; payload: Record<string, unknown>; state: ProjectionState; changes: (next: ProjectionState) => unknown }> = {
  'case.opened': { subject: 'case:c2', payload: { id: 'c2', title: '路灯损坏', lead: '县住房和城乡建设局', level: '一般' }, state: {}, changes: (n) => n.case?.status },
  'case.updated': { subject: 'case:c1', payload: { level: '重大' }, state: { case: OPEN_CASE }, changes: (n) => n.case?.level },
  'case.closed': { subject: 'case:c1', payload: { reason: '已办结' }, state: { case: OPEN_CASE }, changes: (n) => n.case?.closeReason },
  'case.reopened': { subject: 'case:c1', payload: {}, state: { case: { ...OPEN_CASE, status: 'closed' } }, changes: (n) => n.case?.status },
  'draft.saved': { subject: 'case:c1', payload: { version: 1, text: '稿', hash: responseTextHash('稿') }, state: { case: OPEN_CASE }, changes: (n) => n.case?.draftVersion },
  'draft.commented': { subject: 'case:c1', payload: { version: 1, text: '请写明时限' }, state: { case: APPROVED_CASE }, changes: (n) => n.case?.draftVersion },
  'draft.approved': {
    subject: 'case:c1',
    payload: { version: 1, hash: responseTextHash('稿') },
    state: { case: { ...APPROVED_CASE, approved: undefined } },
    changes: (n) => n.case?.approved?.by,
  },
  'publication.recorded': {
    subject: 'case:c1',
    payload: { channel: '政府网站', publishedAt: '2026-11-24T08:30:00+08:00', hash: responseTextHash('稿') },
    state: { case: APPROVED_CASE },
    changes: (n) => n.case?.firstPublishedAt,
  },
  'commitment.added': { subject: 'commitment:m2', payload: { id: 'm2', caseId: 'c1', text: '本周内修复', owner: '县住房和城乡建设局' }, state: { case: OPEN_CASE }, changes: (n) => n.commitment?.status },
  'commitment.fulfilled': { subject: 'commitment:m1', payload: { text: '已完成' }, state: { commitment: PENDING }, changes: (n) => n.commitment?.status },
  'commitment.verified': { subject: 'commitment:m1', payload: {}, state: { commitment: { ...PENDING, status: 'fulfilled' } }, changes: (n) => n.commitment?.verifiedBy },
  'commitment.broken': { subject: 'commitment:m1', payload: { reason: '逾期' }, state: { commitment: PENDING }, changes: (n) => n.commitment?.status },
  'commitment.cancelled': { subject: 'commitment:m1', payload: { reason: '不再需要' }, state: { commitment: PENDING }, changes: (n) => n.commitment?.status },
  'commitment.reminded': { subject: 'commitment:m1', payload: { kind: 'overdue' }, state: { commitment: PENDING }, changes: (n) => n.commitment?.remindedOverdueAt },
  'alert.acknowledged': { subject: 'alert:a1', payload: {}, state: {}, changes: (n) => n },
  'digest.daily': { subject: 'system:digest', payload: { date: '2026-11-24', figures: {} }, state: {}, changes: (n) => n },
  'rules.saved': { subject: 'rules:response', payload: { revision: 1, reason: '调整', rules: {} }, state: {}, changes: (n) => n },
  'user.created': { subject: 'user:u9', payload: { name: 'zhang', displayName: '张三', role: 'monitor' }, state: {}, changes: (n) => n },
  'user.updated': { subject: 'user:u9', payload: { changes: { disabled: true } }, state: {}, changes: (n) => n },
  'user.password_reset': { subject: 'user:u9', payload: {}, state: {}, changes: (n) => n },
  'user.password_changed': { subject: 'user:u9', payload: {}, state: {}, changes: (n) => n },
  'department.created': { subject: 'department:县水利局', payload: { name: '县水利局' }, state: {}, changes: (n) => n },
  'session.login': { subject: 'user:u9', payload: { ip: '10.0.0.1' }, state: {}, changes: (n) => n },
  'session.logout': { subject: 'user:u9', payload: {}, state: {}, changes: (n) => n },
  'session.login_failed': { subject: 'login:nobody', payload: { ip: '10.0.0.1', reason: 'unknown_user' }, state: {}, changes: (n) => n },
};

const EXPECTED_CHANGE: Record<LedgerActionName, unknown> = {
  'case.opened': 'open',
  'case.updated': '重大',
  'case.closed': '已办结',
  'case.reopened': 'open',
  'draft.saved': 1,
  // A comment leaves the draft as it was.
  'draft.commented': 1,
  'draft.approved': 'u1',
  'publication.recorded': '2026-11-24T08:30:00+08:00',
  'commitment.added': 'pending',
  'commitment.fulfilled': 'fulfilled',
  'commitment.verified': 'u1',
  'commitment.broken': 'broken',
  'commitment.cancelled': 'cancelled',
  'commitment.reminded': '2026-11-24T09:00:00+08:00',
  'alert.acknowledged': {},
  'digest.daily': {},
  'rules.saved': {},
  'user.created': {},
  'user.updated': {},
  'user.password_reset': {},
  'user.password_changed': {},
  'department.created': {},
  'session.login': {},
  'session.logout': {},
  'session.login_failed': {},
};

describe('project over the closed set of actions', () => {
  it('names every action of the ledger once', () => {
    expect([...LEDGER_ACTIONS].sort()).toEqual(Object.keys(EVERY_ACTION).sort());
  });

  it.each(LEDGER_ACTIONS)('applies %s as its own action', (action) => {
    const { subject, payload, state, changes } = EVERY_ACTION[action];
    expect(changes(project(entry(action, subject, payload), state))).toEqual(EXPECTED_CHANGE[action]);
  });

  it('refuses an action outside the set, and a payload of the wrong shape, as malformed (400)', () => {
    expect(() => project(entry('case.deleted', 'case:c1', {}), { case: OPEN_CASE })).toThrow(expect.objectContaining({ code: 'ledger.invalid_entry', status: 400 }));
    expect(() => project(entry('commitment.reminded', 'commitment:m1', { kind: 'soon' }), { commitment: PENDING })).toThrow(
      expect.objectContaining({ code: 'ledger.invalid_payload', status: 400 }),
    );
  });

  it('raises a refusal because of state as a ConflictError with its own code', () => {
    const refusals: [string, () => unknown][] = [
      ['case.already_open', () => project(entry('case.opened', 'case:c1', { id: 'c1', title: 't', lead: 'A', level: '一般' }), { case: OPEN_CASE })],
      ['case.not_closed', () => project(entry('case.reopened', 'case:c1', {}), { case: OPEN_CASE })],
      ['case.already_approved', () => project(entry('draft.saved', 'case:c1', { version: 2, text: '再改', hash: responseTextHash('再改') }), { case: APPROVED_CASE })],
      ['case.not_latest_draft', () => project(entry('draft.saved', 'case:c1', { version: 3, text: '跳号', hash: responseTextHash('跳号') }), { case: OPEN_CASE })],
      ['commitment.already_exists', () => project(entry('commitment.added', 'commitment:m1', { id: 'm1', caseId: 'c1', text: 'x', owner: 'A' }), { case: OPEN_CASE, commitment: PENDING })],
      ['commitment.already_reminded', () => project(entry('commitment.reminded', 'commitment:m1', { kind: 'overdue' }), { commitment: { ...PENDING, remindedOverdueAt: '2026-11-23T08:00:00+08:00' } })],
      ['digest.already_recorded', () => project(entry('digest.daily', 'system:digest', { date: '2026-11-24' }), { latestOfSubject: { action: 'digest.daily', payload: { date: '2026-11-24' } } })],
    ];
    for (const [code, refuse] of refusals) {
      let thrown: unknown;
      try {
        refuse();
      } catch (err) {
        thrown = err;
      }
      expect(thrown, code).toBeInstanceOf(ConflictError);
      expect(thrown, code).toMatchObject({ code, status: 409 });
    }
  });

  it('reads payloads written before their shapes grew: a digest without figures, rules without a reason', () => {
    expect(project(entry('digest.daily', 'system:digest', { date: '2026-11-01' }), {})).toEqual({});
    expect(project(entry('rules.saved', 'rules:response', { revision: 1 }), {})).toEqual({});
  });
});
