import { createHash } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { readDatasetText } from '../../../datasets/read-dataset.ts';

/** The labeled TipDM messages, relative to datasets/ (training and evaluation only, never the product). */
export const LABELED_MESSAGES = 'tipdm2020/messages-labeled.csv.gz';

const Row = z.object({ id: z.string(), title: z.string(), text: z.string(), label: z.string().min(1) });
export type LabeledMessage = z.infer<typeof Row>;

/**
 * One message in five is held out for evaluation, chosen by a hash of its words so the split
 * never changes. Most rows have no id (their title is run into the text), so the words are the
 * key; a message posted twice lands on one side only.
 */
export const HELD_OUT_RULE = 'sha256("tipdm2020:" + title + text, whitespace removed), first byte % 5 === 0';

export function isHeldOut(row: Pick<LabeledMessage, 'title' | 'text'>): boolean {
  const key = `tipdm2020:${row.title}${row.text}`.replace(/\s+/g, '');
  return createHash('sha256').update(key).digest()[0]! % 5 === 0;
}

/** Reads a labeled-messages CSV from datasets/ (path relative to it). */
export function readLabeledMessages(path: string = LABELED_MESSAGES): LabeledMessage[] {
  const rows: unknown[] = parse(readDatasetText(path), { columns: true, bom: true, skip_empty_lines: true });
  return rows.map((r, i) => {
    const p = Row.safeParse(r);
    if (!p.success) throw new Error(`${path} row ${i + 2}: ${z.prettifyError(p.error)}`);
    return p.data;
  });
}

export function splitMessages(rows: LabeledMessage[]): { train: LabeledMessage[]; heldOut: LabeledMessage[] } {
  return { train: rows.filter((r) => !isHeldOut(r)), heldOut: rows.filter((r) => isHeldOut(r)) };
}
