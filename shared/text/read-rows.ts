import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';

/** One row of a batch input file (record = its 1-based position), or why it could not be read. */
export type RowRead = { ok: true; record: number; row: Record<string, unknown> } | { ok: false; record: number; reason: string };

/** UTF-8 when the bytes are valid UTF-8, else GB18030 (what 12345 exports and Excel write). */
export function decodeBytes(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return iconv.decode(bytes, 'gb18030');
  }
}

/** A cell as text: strings as they are, numbers written out, anything else absent. */
export const cellText = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);

/** Rows of a JSON-lines file; a line that is not a JSON object becomes a row with its reason. */
function jsonLines(content: string): RowRead[] {
  const out: RowRead[] = [];
  content.split(/\r?\n/).forEach((raw, i) => {
    if (raw.trim() === '') return;
    const record = out.length + 1;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (err) {
      out.push({ ok: false, record, reason: `第${i + 1}行不是有效的 JSON：${err instanceof Error ? err.message : String(err)}` });
      return;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      out.push({ ok: false, record, reason: `第${i + 1}行不是 JSON 对象` });
      return;
    }
    out.push({ ok: true, record, row: value as Record<string, unknown> });
  });
  return out;
}

/**
 * The rows of a CSV file with a header row, or of a JSON-lines file (.jsonl, .ndjson, .json),
 * as the batch commands (`npm run analyze`, `npm run commitments`) read them. CSV rows with a
 * wrong number of cells are kept as far as their cells go, so no record is lost.
 */
export function readRows(path: string, bytes: Buffer): RowRead[] {
  const content = decodeBytes(bytes);
  if (/\.(jsonl|ndjson|json)$/i.test(path)) return jsonLines(content);
  const rows: Record<string, unknown>[] = parse(content, { columns: true, bom: true, skip_empty_lines: true, relax_column_count: true, relax_quotes: true });
  return rows.map((row, i) => ({ ok: true, record: i + 1, row }));
}
