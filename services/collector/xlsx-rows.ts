import ExcelJS from 'exceljs';
import type { ExportRow } from './export-row.ts';

/**
 * Excel stores a date as a serial without a zone and exceljs reads it as UTC; the export meant
 * China local time, so the UTC fields are written out as local text for parseChinaTime.
 */
function dateText(d: Date): string {
  return d.toISOString().slice(0, 19).replace('T', ' ');
}

/** A cell's value as the text a person sees in it. */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return dateText(value);
  if (typeof value !== 'object') return String(value);
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('hyperlink' in value) return cellText(value.text);
  if ('formula' in value || 'sharedFormula' in value) return value.result === undefined ? '' : cellText(value.result as ExcelJS.CellValue);
  if ('error' in value) return String(value.error);
  return '';
}

/**
 * The rows of the first worksheet, streamed with exceljs's WorkbookReader so a workbook of a
 * hundred thousand tickets is never held whole. Trailing empty cells are dropped, as XLSX
 * does not store them; the inbox pads rows to the header.
 */
export async function* xlsxRows(path: string): AsyncIterable<ExportRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    // Styles say which numbers are dates.
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'emit',
  });
  for await (const sheet of reader) {
    for await (const row of sheet) {
      const record: string[] = [];
      for (let c = 1; c <= row.cellCount; c++) record.push(cellText(row.getCell(c).value));
      while (record.length && record[record.length - 1] === '') record.pop();
      if (record.length) yield { line: row.number, record };
    }
    return;
  }
}
