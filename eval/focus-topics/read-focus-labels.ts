/**
 * Reads the hand-labelled focus-topic set (eval/focus-topics/labels.csv) joined to its TipDM
 * messages. The labels are for evaluation only; the product never reads them.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { readLabeledMessages, type LabeledMessage } from '../../services/analyzer/topic-model/labeled-messages.ts';

/** The focus topics labelled, by their codes in config/topics.json, and the label for none of them. */
export const FOCUS_CODES = ['food_drug_safety', 'wage_arrears', 'work_safety', 'environment'] as const;
export const NONE = 'none';
export type FocusGold = (typeof FOCUS_CODES)[number] | typeof NONE;

const Row = z.object({
  key: z.string().regex(/^[0-9a-f]{16}$/),
  stratum: z.string().regex(/^(random|label:.+)$/),
  gold: z.enum([...FOCUS_CODES, NONE]),
});

export interface FocusLabelled {
  message: LabeledMessage;
  stratum: string;
  gold: FocusGold;
  /** dev: the cues were written knowing these; test: never looked at while writing them. */
  split: 'dev' | 'test';
}

/** The selection and split key of a message (see README.md). */
export function focusKey(m: Pick<LabeledMessage, 'title' | 'text'>): string {
  return createHash('sha256').update(`focus-topics:${m.title}${m.text}`.replace(/\s+/g, '')).digest('hex');
}

export function readFocusLabels(): FocusLabelled[] {
  const file = fileURLToPath(new URL('labels.csv', import.meta.url));
  const rows = (parse(readFileSync(file, 'utf8'), { columns: true, skip_empty_lines: true }) as unknown[]).map((r) => Row.parse(r));
  const byKey = new Map(readLabeledMessages().map((m) => [focusKey(m).slice(0, 16), m]));
  return rows.map((r) => {
    const message = byKey.get(r.key);
    if (!message) throw new Error(`focus-topics labels.csv: no TipDM message has key ${r.key}`);
    return { message, stratum: r.stratum, gold: r.gold, split: parseInt(r.key[12]!, 16) % 2 === 0 ? 'dev' : 'test' };
  });
}
