import { z } from 'zod';

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
/** What a word's first UTF-16 unit may start: flags of startFlags. */
const ENDS_SENTENCE = 1;
const IN_LEXICON = 2;
/** What follows 但是 in a sentence is usually the verdict. */
const CONTRAST_WEIGHT = 1.5;

/**
 * Lexicon negativity over jieba words with negation and degree words: 非常不满 counts more
 * than 不满, 没有解决 turns 解决 negative, 不差 is mildly positive. The score is the sum of
 * phrase values squashed into -1..1, and every phrase that contributed is in the evidence.
 */
export class NegativityScorer {
  private readonly polar: Map<string, number>;
  private readonly negators: Set<string>;
  private readonly degree: Map<string, number>;
  private readonly contrast: Set<string>;
  /** Per first UTF-16 unit, what a word starting with it can be: most words can be nothing, and skip every lookup. */
  private readonly startFlags = new Uint8Array(0x10000);

  constructor(lexicon: SentimentLexicon) {
    this.contrast = new Set(lexicon.contrast);
    this.polar = new Map([...Object.entries(lexicon.positive), ...Object.entries(lexicon.negative)]);
    this.negators = new Set(lexicon.negators);
    this.degree = new Map(Object.entries(lexicon.degree));
    for (const c of '。！？!?\n') this.startFlags[c.charCodeAt(0)]! |= ENDS_SENTENCE;
    for (const w of [...this.contrast, ...this.polar.keys()]) this.startFlags[w.charCodeAt(0)]! |= IN_LEXICON;
  }

  score(tokens: readonly string[]): Sentiment {
    let sum = 0;
    const evidence: string[] = [];
    let weight = 1;
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i]!;
      const flags = this.startFlags[token.charCodeAt(0)] ?? 0;
      if ((flags & ENDS_SENTENCE) !== 0 && SENTENCE_END.test(token)) weight = 1;
      if ((flags & IN_LEXICON) === 0) continue;
      if (this.contrast.has(token)) weight = CONTRAST_WEIGHT;
      const base = this.polar.get(token);
      if (base === undefined) continue;
      let value = base * weight;
      let start = i;
      for (let j = i - 1; j >= Math.max(0, i - WINDOW); j--) {
        const w = tokens[j]!;
        if (CLAUSE_END.test(w)) break;
        if (this.negators.has(w)) {
          value *= NEGATION_FACTOR;
          start = j;
        } else if (this.degree.has(w)) {
          value *= this.degree.get(w)!;
          start = j;
        } else if (this.polar.has(w)) {
          break;
        }
      }
      const rounded = Math.round(value * 10) / 10;
      if (rounded === 0) continue;
      sum += value;
      evidence.push(`${tokens.slice(start, i + 1).join('')}(${rounded > 0 ? '+' : ''}${rounded})`);
    }
    return { score: Math.round(Math.tanh(sum / 3) * 100) / 100, evidence: [...new Set(evidence)] };
  }
}
