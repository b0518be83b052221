import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HotlineInbox } from '../../services/collector/hotline-inbox.ts';
import { EXPORT_HEADER, wageArrearsRows } from '../support/hotline-export.ts';
import { CollectorHarness, itPublishedNothingUnmasked } from './support/collector-harness.ts';

/** Writes an XLSX export with exceljs's streaming writer, as a platform exporting many rows would. */
async function writeXlsx(path: string, header: string[], rows: ExcelJS.CellValue[][]): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true, useStyles: true });
  const sheet = wb.addWorksheet('工单');
  sheet.addRow(header).commit();
  for (const r of rows) sheet.addRow(r).commit();
  sheet.commit();
  await wb.commit();
}

describe('12345 hotline inbox, XLSX exports', () => {
  let h: CollectorHarness;
  let inbox: HotlineInbox;

  beforeEach(async () => {
    h = await CollectorHarness.create();
    inbox = new HotlineInbox({ name: 'county-12345', inboxDir: join(h.dir, 'inbox'), archiveDir: join(h.dir, 'archive') });
  });
  afterEach(() => h.close());

  it('reads an XLSX export: date cells as China time, numeric phone cells masked, rich text joined', async () => {
    const row: ExcelJS.CellValue[] = [
      'X-1',
      // Excel keeps no zone: the cell reads 09:30 and means 09:30 in China.
      new Date(Date.UTC(2026, 10, 24, 9, 30)),
      '投诉',
      '电话',
      { richText: [{ text: '噪音' }, { text: '扰民' }] },
      '夜间施工噪音扰民，联系13812345678',
      '五云街道',
      '环境保护',
      '县生态环境分局',
      '办理中',
      '李四',
      13812345678,
    ];
    await writeXlsx(join(h.dir, 'inbox', 'export.xlsx'), EXPORT_HEADER, [row]);
    const [report] = await inbox.scan(h.context(inbox));
    expect(report).toMatchObject({ file: 'export.xlsx', format: 'xlsx', rows: 1, published: 1, deadLettered: 0 });
    expect(report!.encoding).toBeUndefined();
    expect(h.items()[0]).toMatchObject({
      externalId: 'X-1',
      title: '噪音扰民',
      text: '夜间施工噪音扰民，联系138****5678',
      publishedAt: '2026-11-24T09:30:00.000+08:00',
      author: { display: '李*' },
      attrs: { 承办单位: '县生态环境分局' },
    });
  });

  it('streams a workbook of 5,000 tickets row by row, dead-lettering a row without content by its row number', async () => {
    const rows: ExcelJS.CellValue[][] = wageArrearsRows(5000, '2026-11-24 09').map((r, i) => r.map((v) => (i === 2500 && v.startsWith('我们') ? '' : v)));
    // Ids unique and times valid across 5,000 rows (the helper counts minutes from :10 up).
    rows.forEach((r, i) => {
      r[0] = `XL${String(i).padStart(6, '0')}`;
      r[1] = `2026-11-24 09:${String(10 + (i % 50)).padStart(2, '0')}`;
    });
    await writeXlsx(join(h.dir, 'inbox', 'big.xlsx'), EXPORT_HEADER, rows);
    const [report] = await inbox.scan(h.context(inbox));
    expect(report).toMatchObject({ rows: 5000, published: 4999, deadLettered: 1 });
    expect(h.deadLetters()[0]!.reason).toBe('big.xlsx 第 2502 行：“诉求内容”为空');
  });

  it('a truncated XLSX keeps nothing it could not read and says why in a dead letter', async () => {
    const path = join(h.dir, 'inbox', 'cut.xlsx');
    await writeXlsx(path, EXPORT_HEADER, wageArrearsRows(3, '2026-11-24 09'));
    const bytes = readFileSync(path);
    writeFileSync(path, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const [report] = await inbox.scan(h.context(inbox));
    expect(report!.error).toBeDefined();
    expect(h.deadLetters().at(-1)!.reason).toMatch(/^cut\.xlsx 第 \d+ 行：文件从此处起无法读取/);
  });

  itPublishedNothingUnmasked();
});
