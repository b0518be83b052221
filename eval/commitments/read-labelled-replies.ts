/**
 * Reads eval/commitments/labelled-replies.jsonl: government replies with their commitments
 * labelled by hand (see GUIDE.md beside this file). One JSON object per line; every line is
 * checked against the schema below, and a span must stand in its reply at [start, end).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');

/** One labelled commitment. `start`/`end` are UTF-16 offsets (JavaScript string indices) into `reply`. */
export const LabelledCommitmentSchema = z.strictObject({
  span: z.string().min(1),
  start: z.number().int().nonnegative(),
  end: z.number().int().positive(),
  promiser: z.enum(['government', 'third-party']),
  /** The unit as written in the reply, or "reply author" when the reply leaves it implicit. */
  owner: z.string().min(1),
  /** An ISO date resolved against `reply_date`, or "vague" (尽快, 近期, 下一步 …), or "none" (no time words). */
  due: z.union([isoDate, z.literal('vague'), z.literal('none')]),
  /** The time words exactly as written; null exactly when due is "none". */
  due_phrase: z.string().min(1).nullable(),
  /** "如…将…", "一经查实…将…", "待…后…". */
  conditional: z.boolean(),
  note: z.string().nullable(),
});

/** One line of the file: a reply and every commitment in it (possibly none). */
export const LabelledReplySchema = z
  .strictObject({
    /** The message id in the TipDM 2020 messages-with-replies.csv. */
    id: z.string().min(1),
    /** Title of the citizen's message. */
    title: z.string(),
    /** The reply text, unchanged from the source. */
    reply: z.string().min(1),
    /** The source's reply_time cell, as written ("2019/5/9 9:49:10"). */
    reply_time: z.string().min(1),
    /** The date relative due phrases were resolved against: signed_date when valid, else the date of reply_time. */
    reply_date: isoDate,
    /** The date the reply signs itself with at its end, if any. */
    signed_date: isoDate.nullable(),
    /** Date of the citizen's message. */
    message_date: isoDate,
    /** "random": lowest sha256(id); "promise-rich": the second stratum; "unseen": the held-out set labelled after tuning (README). */
    stratum: z.enum(['random', 'promise-rich', 'unseen']),
    sha256_id: z.string().regex(/^[0-9a-f]{64}$/),
    note: z.string().nullable(),
    commitments: z.array(LabelledCommitmentSchema),
  })
  .superRefine((r, ctx) => {
    r.commitments.forEach((c, i) => {
      if (r.reply.slice(c.start, c.end) !== c.span) {
        ctx.addIssue({ code: 'custom', path: ['commitments', i, 'span'], message: 'span is not reply.slice(start, end)' });
      }
      if ((c.due === 'none') !== (c.due_phrase === null)) {
        ctx.addIssue({ code: 'custom', path: ['commitments', i, 'due_phrase'], message: 'due_phrase must be null exactly when due is "none"' });
      }
    });
  });

export type LabelledCommitment = z.infer<typeof LabelledCommitmentSchema>;
export type LabelledReply = z.infer<typeof LabelledReplySchema>;

/** The labelled set shipped beside this file. */
export const LABELLED_REPLIES_PATH = fileURLToPath(new URL('./labelled-replies.jsonl', import.meta.url));

/** Parses the JSON-lines text; throws with the 1-based line number on the first invalid line. */
export function parseLabelledReplies(text: string): LabelledReply[] {
  const out: LabelledReply[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (err) {
      throw new Error(`labelled-replies line ${i + 1}: not JSON (${err instanceof Error ? err.message : String(err)})`);
    }
    const parsed = LabelledReplySchema.safeParse(json);
    if (!parsed.success) throw new Error(`labelled-replies line ${i + 1}: ${z.prettifyError(parsed.error)}`);
    out.push(parsed.data);
  });
  return out;
}

/** Reads and validates the labelled set (by default the file beside this module). */
export function readLabelledReplies(path: string = LABELLED_REPLIES_PATH): LabelledReply[] {
  return parseLabelledReplies(readFileSync(path, 'utf8'));
}
