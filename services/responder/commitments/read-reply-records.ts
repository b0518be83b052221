import { parse } from 'csv-parse/sync';
import { parseChinaTime } from '../../../shared/domain/time.ts';
import { decodeBytes } from '../../analyzer/batch/read-records.ts';

/** One input of `npm run commitments` (record = its 1-based position), or why it cannot be read. */
export type ReplyRecord =
  | { ok: true; record: number; id?: string; text: string; referenceDate?: number }
  | { ok: false; record: number; id?: string; reason: string };

/**
 * Column names, first present wins. A reply column beats `text`: in a 12345 export with both
 * (messages-with-replies.csv: text = the citizen's message, reply = the department's answer)
 * the promises are in the reply, and they count from its reply time, not the message time.
 */
const TEXT_COLUMNS = ['reply', '答复内容', '回复内容', '答复意见', 'text'];
const DATE_COLUMNS = ['reply_time', '答复时间', '回复时间', 'date'];
const ID_COLUMNS = ['id', '编号', '工单编号'];

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);
const pick = (row: Record<string, unknown>, names: string[]): string | undefined => {
  const name = names.find((n) => str(row[n]) !== undefined);
  return name === undefined ? undefined : str(row[name]);
};

function toRecord(record: number, row: Record<string, unknown>): ReplyRecord {
  const id = pick(row, ID_COLUMNS);
  const text = pick(row, TEXT_COLUMNS);
  if (text === undefined) return { ok: false, record, id, reason: `记录没有答复文本（${TEXT_COLUMNS.join(' / ')}）` };
  const date = pick(row, DATE_COLUMNS)?.trim();
  if (!date) return { ok: true, record, id, text };
  const referenceDate = parseChinaTime(date);
  if (referenceDate === null) return { ok: false, record, id, reason: `参考日期“${date}”不是有效日期` };
  return { ok: true, record, id, text, referenceDate };
}

function jsonLines(content: string): ReplyRecord[] {
  const out: ReplyRecord[] = [];
  content.split(/\r?\n/).forEach((raw, i) => {
    if (raw.trim() === '') return;
    const record = out.length + 1;
    try {
      const value: unknown = JSON.parse(raw);
      if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('不是 JSON 对象');
      out.push(toRecord(record, value as Record<string, unknown>));
    } catch (err) {
      out.push({ ok: false, record, reason: `第${i + 1}行不是有效的 JSON 对象：${err instanceof Error ? err.message : String(err)}` });
    }
  });
  return out;
}

/** Reads a CSV (header row) or JSON-lines file of replies, decoded as analyze does (UTF-8, else GB18030). */
export function readReplyRecords(path: string, bytes: Buffer): ReplyRecord[] {
  const content = decodeBytes(bytes);
  if (/\.(jsonl|ndjson|json)$/i.test(path)) return jsonLines(content);
  const rows: Record<string, unknown>[] = parse(content, { columns: true, bom: true, skip_empty_lines: true, relax_column_count: true, relax_quotes: true });
  return rows.map((row, i) => toRecord(i + 1, row));
}
