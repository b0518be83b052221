import ExcelJS from 'exceljs';
import type { LedgerEntry } from '../../../shared/domain/ledger.ts';
import { actionLabel, actorName, entrySentence, roleLabel, subjectLabel } from '../../../shared/domain/ledger-sentences.ts';
import { toChinaIso } from '../../../shared/domain/time.ts';
import { csvField } from '../../../shared/text/csv-field.ts';
import type { CaseRecord } from '../../../shared/domain/ledger-projections.ts';
import { DEADLINE_STATE_LABELS } from '../cases/case-view.ts';
import type { CommitmentView } from '../commitments/commitment-state.ts';
import { firstFulfilledAt, responseTiming } from './figures.ts';

export type Cell = string | number;

/** A sheet to export: Chinese column headers with their widths (in characters), and rows. */
export interface ExportTable {
  sheet: string;
  columns: { header: string; width: number }[];
  rows: Cell[][];
}

/** An instant as China time text, "2026-11-24 09:00:00": what a person in the county reads. */
export function chinaTimeText(iso: string | undefined): string {
  if (iso === undefined) return '';
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : toChinaIso(t).slice(0, 19).replace('T', ' ');
}

const CASE_STATUS: Record<string, string> = { open: '办理中', closed: '已办结' };

export function casesTable(cases: CaseRecord[], now: number): ExportTable {
  return {
    sheet: '回应事项',
    columns: [
      { header: '事项编号', width: 20 },
      { header: '标题', width: 40 },
      { header: '级别', width: 10 },
      { header: '状态', width: 10 },
      { header: '牵头单位', width: 24 },
      { header: '责任单位', width: 32 },
      { header: '立案时间', width: 20 },
      { header: '回应时限', width: 20 },
      { header: '首次发布时间', width: 20 },
      { header: '回应情况', width: 12 },
      { header: '超时（小时）', width: 12 },
    ],
    rows: cases.map((c) => {
      const t = responseTiming(c, now);
      return [
        c.id,
        c.title,
        c.level,
        CASE_STATUS[c.status] ?? c.status,
        c.lead,
        c.coResponsible.join('、'),
        chinaTimeText(c.openedAt),
        t.dueAt ? chinaTimeText(t.dueAt) : DEADLINE_STATE_LABELS.unknown,
        chinaTimeText(c.firstPublishedAt),
        DEADLINE_STATE_LABELS[t.state],
        t.delayHours === undefined ? '' : Math.round(t.delayHours * 10) / 10,
      ];
    }),
  };
}

export function commitmentsTable(commitments: (CommitmentView & { caseTitle?: string })[]): ExportTable {
  return {
    sheet: '承诺事项',
    columns: [
      { header: '承诺编号', width: 20 },
      { header: '事项编号', width: 20 },
      { header: '事项标题', width: 32 },
      { header: '承诺内容', width: 48 },
      { header: '责任单位', width: 24 },
      { header: '到期时间', width: 20 },
      { header: '状态', width: 14 },
      { header: '逾期天数', width: 10 },
      { header: '预警', width: 8 },
      { header: '首次履行时间', width: 20 },
      { header: '原因', width: 32 },
    ],
    rows: commitments.map((c) => [
      c.id,
      c.caseId,
      c.caseTitle ?? '',
      c.text,
      c.owner,
      c.dueAt ? chinaTimeText(c.dueAt) : c.vague ? '时限模糊' : '未定时限',
      c.stateLabel,
      c.daysOverdue ?? '',
      c.warning ?? '',
      chinaTimeText(firstFulfilledAt(c)),
      c.reason ?? '',
    ]),
  };
}

/** The audit as people read it (ledger-sentences.ts); the hash keeps each row checkable against the chain. */
export function auditTable(entries: LedgerEntry[], people: ReadonlyMap<string, string>): ExportTable {
  const nameOf = (id: string) => people.get(id);
  return {
    sheet: '审计记录',
    columns: [
      { header: '序号', width: 8 },
      { header: '时间', width: 20 },
      { header: '操作人', width: 20 },
      { header: '角色', width: 12 },
      { header: '单位', width: 24 },
      { header: '操作', width: 24 },
      { header: '对象', width: 28 },
      { header: '内容', width: 60 },
      { header: '哈希', width: 68 },
    ],
    rows: entries.map((e) => [
      e.seq,
      chinaTimeText(e.at),
      actorName(e.actor, nameOf),
      roleLabel(e.actor.role),
      e.actor.department ?? '',
      actionLabel(e.action),
      subjectLabel(e.subject, nameOf),
      entrySentence(e),
      e.hash,
    ]),
  };
}

/**
 * A cell Excel would run as a formula (=, +, -, @ at the start) gets a leading apostrophe,
 * so text from a complaint can never become a formula in a supervisor's spreadsheet.
 */
function neutralize(value: string): string {
  return /^[=+\-@\t\r]/.test(value) && !/^-?\d+(\.\d+)?$/.test(value) ? `'${value}` : value;
}

/** CSV with a UTF-8 byte-order mark, which Excel in China needs to read UTF-8 rather than GBK, and CRLF line ends. */
export function toCsv(table: ExportTable): Buffer {
  const lines = [table.columns.map((c) => c.header), ...table.rows].map((r) => r.map((v) => csvField(typeof v === 'number' ? String(v) : neutralize(v))).join(','));
  return Buffer.from(`\uFEFF${lines.map((l) => `${l}\r\n`).join('')}`, 'utf8');
}

export async function toXlsx(table: ExportTable): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'yuqing';
  const ws = wb.addWorksheet(table.sheet, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = table.columns.map((c) => ({ header: c.header, width: c.width }));
  ws.getRow(1).font = { bold: true };
  ws.addRows(table.rows);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/**
 * Content-Disposition for a download: an ASCII name for old clients and the Chinese name in
 * RFC 5987 form (filename*=UTF-8''…), which browsers prefer.
 */
export function attachmentHeader(name: string, asciiFallback: string): string {
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${asciiFallback.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encoded}`;
}
