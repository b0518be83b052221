import { cellText, readRows } from '../../../shared/text/read-rows.ts';

/** One input record of `npm run analyze` (record = its 1-based position in the file), or the reason it could not be read. */
export type InputRecord =
  | { ok: true; record: number; id?: string; title?: string; text: string; time?: string }
  | { ok: false; record: number; id?: string; reason: string };

function toRecord(record: number, r: Record<string, unknown>): InputRecord {
  const id = cellText(r.id);
  const text = cellText(r.text);
  if (text === undefined) return { ok: false, record, id, reason: '记录没有 text 字段' };
  return { ok: true, record, id, title: cellText(r.title), text, time: cellText(r.time) };
}

/** Records of a CSV (text required; id, title, time optional) or JSON-lines file. */
export function readRecords(path: string, bytes: Buffer): InputRecord[] {
  return readRows(path, bytes).map((r) => (r.ok ? toRecord(r.record, r.row) : r));
}
