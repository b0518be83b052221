import { createHash } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { readDatasetText } from '../../../datasets/read-dataset.ts';

/** Polarity-labeled texts, relative to datasets/ (training and evaluation only, never the product). */
export const CHNSENTICORP_TRAIN = 'sentiment/chnsenticorp-train.csv.gz';
export const CHNSENTICORP_VALIDATION = 'sentiment/chnsenticorp-validation.csv.gz';
export const SMP2020_USUAL = 'sentiment/smp2020-ewect-usual-train.csv.gz';

/** SMP2020-EWECT emotions counted as negative; neutral ("neural" in the release), happy and surprise are not. */
export const NEGATIVE_EMOTIONS = new Set(['angry', 'sad', 'fear']);

export interface PolarText {
  text: string;
  negative: boolean;
  /** Where the text comes from, for per-corpus figures. */
  corpus: 'chnsenticorp' | 'smp2020';
  /** SMP2020 emotion label as released (angry, sad, …); absent for reviews. */
  emotion?: string;
}

/**
 * Each text falls in one part by a hash of its characters, so the split never changes and a text
 * posted twice lands on one side only: test (never trained on, reported), dev (for choosing
 * options, reported), train. ChnSentiCorp's test part is its own validation file.
 */
export const SPLIT_RULE = 'b = first byte of sha256("sentiment:" + text, whitespace removed); test: b % 5 === 0 (SMP2020 only), dev: b % 10 === 1, train: the rest';

export type Part = 'train' | 'dev' | 'test';

export function partOf(text: string, hasOwnTest: boolean): Part {
  const b = createHash('sha256').update(`sentiment:${text.replace(/\s+/g, '')}`).digest()[0]!;
  if (!hasOwnTest && b % 5 === 0) return 'test';
  return b % 10 === 1 ? 'dev' : 'train';
}

function readCsv(path: string): Record<string, string>[] {
  return parse(readDatasetText(path), { columns: true, bom: true, skip_empty_lines: true, relax_quotes: true });
}

export function readChnSentiCorp(path: string): PolarText[] {
  return readCsv(path).map((r) => ({ text: r.text ?? '', negative: r.label === '0', corpus: 'chnsenticorp' as const }));
}

export function readSmp2020(path: string = SMP2020_USUAL): PolarText[] {
  return readCsv(path).map((r) => ({ text: r.text ?? '', negative: NEGATIVE_EMOTIONS.has(r.label ?? ''), corpus: 'smp2020' as const, emotion: r.label }));
}

/** All labeled texts in their parts: ChnSentiCorp train and SMP2020 split by hash, ChnSentiCorp validation as its test. */
export function sentimentSplits(): Record<Part, PolarText[]> {
  const parts: Record<Part, PolarText[]> = { train: [], dev: [], test: [] };
  for (const t of readChnSentiCorp(CHNSENTICORP_TRAIN)) parts[partOf(t.text, true)].push(t);
  for (const t of readSmp2020()) parts[partOf(t.text, false)].push(t);
  parts.test.push(...readChnSentiCorp(CHNSENTICORP_VALIDATION));
  return parts;
}
