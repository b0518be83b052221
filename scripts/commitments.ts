/**
 * Extracts commitments from replies and prints one JSON line per input record, in input order:
 * { id, record, commitments } or { id, record, error }. Input: a CSV with a `text` column (or,
 * as in messages-with-replies.csv, `reply`), optional `id` and reference date (`date`,
 * `reply_time`, `答复时间`); or JSON lines {text, id?, date?}. Records without a date count from now.
 * Usage: npm run commitments -- FILE
 */
import { readFileSync } from 'node:fs';
import { extractCommitments } from '../services/responder/commitments/extract-commitments.ts';
import { readReplyRecords } from '../services/responder/commitments/read-reply-records.ts';

const file = process.argv.slice(2).find((a) => a !== '--');
if (!file) {
  console.error('usage: npm run commitments -- FILE.csv|FILE.jsonl');
  process.exit(2);
}
// `| head` closing the pipe is the reader being done, not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => process.exit(err.code === 'EPIPE' ? 0 : 1));
const now = Date.now();
for (const r of readReplyRecords(file, readFileSync(file))) {
  const head = { id: r.id ?? null, record: r.record };
  let line: object;
  if (!r.ok) line = { ...head, error: r.reason };
  else {
    try {
      line = { ...head, commitments: extractCommitments(r.text, { referenceDate: r.referenceDate ?? now }) };
    } catch (err) {
      line = { ...head, error: err instanceof Error ? err.message : String(err) };
    }
  }
  process.stdout.write(`${JSON.stringify(line)}\n`);
}
