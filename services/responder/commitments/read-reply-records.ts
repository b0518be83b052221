import { parseChinaTime } from '../../../shared/domain/time.ts';
import { cellText, readRows } from '../../../shared/text/read-rows.ts';

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

const pick = (row: Record<string, unknown>, names: string[]): string | undefined => {
  const name = names.find((n) => cellText(row[n]) !== undefined);
  return name === undefined ? undefined : cellText(row[name]);
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

/** Reads a CSV (header row) or JSON-lines file of replies, as `npm run analyze` reads its input. */
export function readReplyRecords(path: string, bytes: Buffer): ReplyRecord[] {
  return readRows(path, bytes).map((r) => (r.ok ? toRecord(r.record, r.row) : r));
}
