import { parse } from 'csv-parse';
import { decodedStream, detectEncoding, type ExportEncoding } from './decode-export.ts';
import type { ExportRow } from './export-row.ts';
import { xlsxRows } from './xlsx-rows.ts';

/** The rows of an export file, streamed; the header is the first row. */
export interface ExportRows {
  format: 'csv' | 'xlsx';
  /** CSV only: the detected text encoding. */
  encoding?: ExportEncoding;
  rows: AsyncIterable<ExportRow>;
}

export const EXPORT_EXTENSIONS = ['.csv', '.xlsx'] as const;

async function* csvRows(path: string, encoding: ExportEncoding): AsyncIterable<ExportRow> {
  const parser = decodedStream(path, encoding).pipe(parse({ relax_column_count: true, skip_empty_lines: true, info: true, trim: false }));
  for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    yield { line: info.lines, record };
  }
}

/** Opens an export by its extension; CSV encoding is detected, never assumed. */
export async function openExport(path: string): Promise<ExportRows> {
  if (path.toLowerCase().endsWith('.xlsx')) return { format: 'xlsx', rows: xlsxRows(path) };
  const encoding = await detectEncoding(path);
  return { format: 'csv', encoding, rows: csvRows(path, encoding) };
}
