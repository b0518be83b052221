import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';

/** One input record of `npm run analyze` (record = its 1-based position in the file), or the reason it could not be read. */
export type InputRecord =
  | { ok: true; record: number; id?: string; title?: string; text: string; time?: string }
  | { ok: false; record: number; id?: string; reason: string };

/** UTF-8 when the bytes are valid UTF-8, else GB18030 (what 12345 exports and Excel write). */
export function decodeBytes(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return iconv.decode(bytes, 'gb18030');
  }
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);

function toRecord(record: number, r: Record<string, unknown>): InputRecord {
  const id = str(r.id);
  const text = str(r.text);
  if (text === undefined) return { ok: false, record, id, reason: '记录没有 text 字段' };
  return { ok: true, record, id, title: str(r.title), text, time: str(r.time) };
}

/** Records of a JSON-lines file; a line that is not a JSON object becomes a record with its reason. */
export function readJsonLines(content: string): InputRecord[] {
  const out: InputRecord[] = [];
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
    out.push(toRecord(record, value as Record<string, unknown>));
  });
  return out;
}

/**
 * Records of a CSV file with a header row (text required; id, title, time optional). Rows
 * with a wrong number of cells are kept as far as their cells go, so no record is lost.
 */
export function readCsv(content: string): InputRecord[] {
  const rows: Record<string, unknown>[] = parse(content, {
    columns: true,
    bom: true,
    skip_empty_lines: true,
    relax_column_count: true,
    relax_quotes: true,
  });
  return rows.map((r, i) => toRecord(i + 1, r));
}

export function readRecords(path: string, bytes: Buffer): InputRecord[] {
  const content = decodeBytes(bytes);
  return /\.(jsonl|ndjson|json)$/i.test(path) ? readJsonLines(content) : readCsv(content);
}
