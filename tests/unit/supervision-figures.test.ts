import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../shared/config.ts';
import { CaseRecord, type CommitmentRecord } from '../../shared/domain/ledger-projections.ts';
import { attachmentHeader, chinaTimeText, toCsv } from '../../services/responder/supervision/export-files.ts';
import { chinaDate } from '../../shared/calendar/working-days.ts';
import { overdueList, responseTiming } from '../../services/responder/supervision/figures.ts';

const NOW = Date.parse('2026-11-24T09:00:00+08:00');
const RULES = { dueSoonHours: 48, overdueWarning: { yellowAfterDays: 3, redAfterDays: 10 } };

const aCase = (over: Partial<CaseRecord> = {}): CaseRecord =>
  CaseRecord.parse({
    id: 'c1',
    title: '事项',
    lead: '县住建局',
    coResponsible: [],
    level: '重大',
    status: 'open',
    openedAt: '2026-11-24T08:00:00+08:00',
    deadlines: [
      { code: 'authoritative_info', label: '发布权威信息', dueAt: '2026-11-24T13:00:00+08:00' },
      { code: 'press_conference', label: '召开新闻发布会', dueAt: '2026-11-25T08:00:00+08:00' },
    ],
    updatedAt: '2026-11-24T08:00:00+08:00',
    lastSeq: 1,
    ...over,
  });
const DUE = '2026-11-24T13:00:00+08:00';

const aCommitment = (id: string, dueAt: string | undefined, over: Partial<CommitmentRecord> = {}): CommitmentRecord => ({
  id,
  caseId: 'c1',
  text: `承诺${id}`,
  owner: '县住建局',
  ...(dueAt ? { dueAt } : {}),
  vague: false,
  source: 'manual',
  promiser: 'government',
  status: 'pending',
  evidence: [],
  updatedAt: '2026-11-20T00:00:00+08:00',
  lastSeq: 1,
  ...over,
});

describe('response timing against the first deadline', () => {
  it('is met at the deadline itself and late after it, with the delay in hours', () => {
    expect(responseTiming(aCase({ firstPublishedAt: DUE }), NOW)).toEqual({ state: 'met', dueAt: DUE });
    expect(responseTiming(aCase({ firstPublishedAt: '2026-11-24T14:30:00+08:00' }), NOW)).toEqual({ state: 'late', dueAt: DUE, delayHours: 1.5 });
  });

  it('is overdue once the first deadline passes with nothing published, open before', () => {
    expect(responseTiming(aCase(), Date.parse('2026-11-24T13:00:01+08:00'))).toEqual({ state: 'overdue', dueAt: DUE });
    expect(responseTiming(aCase(), NOW)).toEqual({ state: 'open', dueAt: DUE });
  });

  it('never counts a case with an unknown first deadline as on time', () => {
    const unknown = aCase({ deadlines: [{ code: 'hotline_reply', label: '12345投诉办理', unknown: '节假日数据只到2026年' }], firstPublishedAt: '2026-11-24T08:10:00+08:00' });
    expect(responseTiming(unknown, NOW)).toEqual({ state: 'unknown' });
    expect(responseTiming(aCase({ deadlines: [] }), NOW)).toEqual({ state: 'unknown' });
  });
});

describe('overdue list', () => {
  it('orders by warning colour, then the oldest due date, and leaves out what is not overdue', () => {
    const list = overdueList(
      [
        aCommitment('blue', '2026-11-23T20:00:00+08:00'),
        aCommitment('red', '2026-11-01T09:00:00+08:00'),
        aCommitment('yellow-new', '2026-11-20T12:00:00+08:00'),
        aCommitment('yellow-old', '2026-11-19T12:00:00+08:00'),
        aCommitment('soon', '2026-11-25T09:00:00+08:00'),
        aCommitment('late-but-done', '2026-11-01T09:00:00+08:00', { status: 'fulfilled' }),
        aCommitment('undated', undefined),
      ],
      [aCase()],
      NOW,
      RULES,
    );
    expect(list.map((c) => [c.id, c.warning])).toEqual([
      ['red', '红'],
      ['yellow-old', '黄'],
      ['yellow-new', '黄'],
      ['blue', '蓝'],
    ]);
    expect(list[0]!.caseTitle).toBe('事项');
  });
});

describe('export encodings', () => {
  it('writes CSV with a BOM and CRLF, quoting as RFC 4180 and defusing formulas but not negative numbers', () => {
    const csv = toCsv({ sheet: 's', columns: [{ header: '内容', width: 10 }, { header: '数', width: 5 }], rows: [['=1+2', -3], ['@SUM(A1)', '-5'], ['a,"b"\nc', 0]] });
    const text = csv.toString('utf8');
    expect(text.startsWith('\uFEFF内容,数\r\n')).toBe(true);
    expect(parse(csv, { bom: true })).toEqual([
      ['内容', '数'],
      ["'=1+2", '-3'],
      ["'@SUM(A1)", '-5'],
      ['a,"b"\nc', '0'],
    ]);
  });

  it('names a download in ASCII and in RFC 5987 UTF-8', () => {
    expect(attachmentHeader("审计记录(1)'.csv", 'audit.csv')).toBe(
      `attachment; filename="audit.csv"; filename*=UTF-8''%E5%AE%A1%E8%AE%A1%E8%AE%B0%E5%BD%95%281%29%27.csv`,
    );
    expect(attachmentHeader('x.csv', 'a"b\\c.csv')).toBe(`attachment; filename="a_b_c.csv"; filename*=UTF-8''x.csv`);
  });

  it('writes instants as China time text and dates by the China calendar', () => {
    expect(chinaTimeText('2026-11-24T01:30:00Z')).toBe('2026-11-24 09:30:00');
    expect(chinaTimeText(undefined)).toBe('');
    expect(chinaDate(Date.parse('2026-11-24T23:30:00+08:00'))).toBe('2026-11-24');
    expect(chinaDate(Date.parse('2026-11-24T16:30:00Z'))).toBe('2026-11-25');
  });
});

describe('digest schedule setting', () => {
  it('defaults to 08:30 and refuses an expression node-cron cannot read', () => {
    const ok = parseConfig({});
    expect(ok.ok && ok.config.responder.digestCron).toBe('30 8 * * *');
    const bad = parseConfig({ YUQING_DIGEST_CRON: 'every morning' });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.problems.join()).toContain('YUQING_DIGEST_CRON');
  });
});
