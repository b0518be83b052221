import { z } from 'zod';
import { FLAGS, LEXICON, WordTable } from './word-table.ts';

export const SentimentLexicon = z.object({
  negative: z.record(z.string(), z.number().max(0)),
  positive: z.record(z.string(), z.number().min(0)),
  negators: z.array(z.string().min(1)),
  contrast: z.array(z.string().min(1)).default([]),
  degree: z.record(z.string(), z.number().positive()),
});
export type SentimentLexicon = z.infer<typeof SentimentLexicon>;


export interface Sentiment {
  /** -1 (strongly negative) .. 1 (strongly positive); 0 when nothing polar was said. */
  score: number;
  /** Each polar phrase as written with its value, e.g. "非常不满(-2.7)", "没有解决(-0.6)". */
  evidence: string[];
}

/** A negated word keeps part of its strength: 不太好 is milder than 差. */
const NEGATION_FACTOR = -0.6;
/** How many words before a polar word a negator or degree word may stand. */
const WINDOW = 3;
/** Punctuation ends a clause: a negator never reaches across it. */
const CLAUSE_END = /^[\p{P}\s]+$/u;
const SENTENCE_END = /^[。！？!?\n]+$/u;
/** What a word is to the scorer: flags of describe(). */
const ENDS_SENTENCE = 1;
const ENDS_CLAUSE = 2;
const NEGATOR = 4;
const DEGREE = 8;
const CONTRAST = 16;
/** What follows 但是 in a sentence is usually the verdict. */
const CONTRAST_WEIGHT = 1.5;

/** What a polar phrase is, whatever its words: 不满意 is a negated positive word, 非常差 a strengthened negative one. */
export type PhraseKind = `${'neg' | 'pos'}${'' | '~not'}${'' | '^very'}`;

export const PHRASE_KINDS: readonly PhraseKind[] = ['neg', 'neg~not', 'neg^very', 'neg~not^very', 'pos', 'pos~not', 'pos^very', 'pos~not^very'];

export function phraseKind(negativeWord: boolean, negated: boolean, strengthened: boolean): PhraseKind {
  return `${negativeWord ? 'neg' : 'pos'}${negated ? '~not' : ''}${strengthened ? '^very' : ''}`;
}

/** The negator that reaches the word at i (within its clause, as scoreIds() reads negation), −1 for none. */
export function negatorBefore(i: number, ids: Int32Array, records: Int32Array): number {
  for (let j = i - 1; j >= Math.max(0, i - WINDOW); j--) {
    const flags = records[ids[j]! + FLAGS]!;
    if ((flags & ENDS_CLAUSE) !== 0) return -1;
    if ((flags & NEGATOR) !== 0) return j;
  }
  return -1;
}

/**
 * Lexicon negativity over jieba words with negation and degree words: 非常不满 counts more
 * than 不满, 没有解决 turns 解决 negative, 不差 is mildly positive. The score is the sum of
 * phrase values squashed into -1..1, and every phrase that contributed is in the evidence.
 */
export class NegativityScorer {
  /** Each polar or degree word's entry: its value and degree factor at that index (NaN, 0 when not). */
  private readonly entries = new Map<string, number>();
  private readonly polar: Float64Array;
  private readonly degree: Float64Array;
  private readonly negators: Set<string>;
  private readonly contrast: Set<string>;
  /** Words scored through score() rather than an analyzer's table. */
  private ownWords: WordTable | undefined;

  constructor(lexicon: SentimentLexicon) {
    this.contrast = new Set(lexicon.contrast);
    this.negators = new Set(lexicon.negators);
    const polar = new Map([...Object.entries(lexicon.positive), ...Object.entries(lexicon.negative)]);
    const degree = new Map(Object.entries(lexicon.degree));
    for (const w of [...polar.keys(), ...degree.keys()]) if (!this.entries.has(w)) this.entries.set(w, this.entries.size);
    this.polar = new Float64Array(this.entries.size).fill(Number.NaN);
    this.degree = new Float64Array(this.entries.size);
    for (const [w, v] of polar) this.polar[this.entries.get(w)!] = v;
    for (const [w, v] of degree) this.degree[this.entries.get(w)!] = v;
  }

  /** What one word is to the scorer, for a WordTable: its lexicon entry and flags. */
  describe(word: string): { entry: number; flags: number } {
    const entry = this.entries.get(word) ?? -1;
    const flags =
      (SENTENCE_END.test(word) ? ENDS_SENTENCE : 0) |
      (CLAUSE_END.test(word) ? ENDS_CLAUSE : 0) |
      (this.negators.has(word) ? NEGATOR : 0) |
      (entry >= 0 && this.degree[entry]! > 0 ? DEGREE : 0) |
      (this.contrast.has(word) ? CONTRAST : 0);
    return { entry, flags };
  }

  score(tokens: readonly string[]): Sentiment {
    this.ownWords ??= new WordTable({ vocabularyIndex: () => -1, sentiment: (w) => this.describe(w) });
    return this.scoreIds(tokens, this.ownWords.idsOf(tokens), this.ownWords);
  }

  /** score() of tokens given with their ids in a WordTable built with describe(). */
  scoreIds(tokens: readonly string[], ids: Int32Array, table: Pick<WordTable, 'records'>): Sentiment {
    let sum = 0;
    const evidence: string[] = [];
    this.eachPhrase(ids, table.records, (value, start, end) => {
      const rounded = Math.round(value * 10) / 10;
      if (rounded === 0) return;
      sum += value;
      evidence.push(`${tokens.slice(start, end + 1).join('')}(${rounded > 0 ? '+' : ''}${rounded})`);
    });
    return { score: Math.round(Math.tanh(sum / 3) * 100) / 100, evidence: [...new Set(evidence)] };
  }

  /**
   * The kind (phraseKind()) of each polar phrase scoreIds() finds, with its first and last
   * token, for the negativity model's lexicon features: without the evidence text, which the
   * model does not read and which cost more than finding the phrases.
   */
  phrasesIds(ids: Int32Array, table: Pick<WordTable, 'records'>, onPhrase: (kind: PhraseKind, start: number, end: number) => void): void {
    this.eachPhrase(ids, table.records, (_, start, end, kind) => onPhrase(kind, start, end));
  }

  /** Each polar phrase in token order: its value, first and last token and kind. */
  private eachPhrase(ids: Int32Array, records: Int32Array, visit: (value: number, start: number, end: number, kind: PhraseKind) => void): void {
    let weight = 1;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      const flags = records[id + FLAGS]!;
      if ((flags & ENDS_SENTENCE) !== 0) weight = 1;
      if ((flags & CONTRAST) !== 0) weight = CONTRAST_WEIGHT;
      const entry = records[id + LEXICON]!;
      if (entry < 0 || Number.isNaN(this.polar[entry]!)) continue;
      let value = this.polar[entry]! * weight;
      let start = i;
      let negated = false;
      let strengthened = false;
      for (let j = i - 1; j >= Math.max(0, i - WINDOW); j--) {
        const other = ids[j]!;
        const otherFlags = records[other + FLAGS]!;
        if ((otherFlags & ENDS_CLAUSE) !== 0) break;
        if ((otherFlags & NEGATOR) !== 0) {
          value *= NEGATION_FACTOR;
          negated = !negated;
          start = j;
        } else if ((otherFlags & DEGREE) !== 0) {
          value *= this.degree[records[other + LEXICON]!]!;
          strengthened ||= this.degree[records[other + LEXICON]!]! > 1;
          start = j;
        } else if (records[other + LEXICON]! >= 0 && !Number.isNaN(this.polar[records[other + LEXICON]!]!)) {
          break;
        }
      }
      visit(value, start, i, phraseKind(this.polar[entry]! < 0, negated, strengthened));
    }
  }
}
