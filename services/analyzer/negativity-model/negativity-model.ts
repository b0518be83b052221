import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { negatorBefore, PHRASE_KINDS, type NegativityScorer, type PhraseKind } from '../negativity.ts';
import { termWeight, Vectorizer, type SparseVector } from '../topic-model/linear-model.ts';
import { BLANK, FLAGS, NEGATIVITY_NEGATED, NEGATIVITY_PLAIN, WordTable } from '../word-table.ts';
import { GramIndex, type GramFeature } from '../gram-index.ts';
import { CHAR_GRAM, LEXICON_PHRASE, lexiconFeature, NEGATED_WORD, WORD } from './features.ts';
import { sigmoid } from './logistic-regression.ts';

/** The committed model, trained by `npm run train:negativity`; negativity-model.PROVENANCE.md sits next to it. */
export const DEFAULT_NEGATIVITY_MODEL = resolve(import.meta.dirname, '../model/negativity-model.json');

export const NegativityModelFile = z.object({
  kind: z.literal('binary-logistic'),
  /** Feature names (features.ts), most frequent in training first. */
  features: z.array(z.string()),
  idf: z.array(z.number()),
  weights: z.array(z.number()),
  bias: z.number(),
  /** P(negative) from which a text is called negative. */
  threshold: z.number().min(0).max(1),
  provenance: z.record(z.string(), z.union([z.string(), z.number()])),
});
export type NegativityModelFile = z.infer<typeof NegativityModelFile>;

export interface NegativityJudgement {
  /** P(negative), 0..1. */
  negativity: number;
  negative: boolean;
  /** What drove the decision, strongest first, each with its pull (negative = towards negative), e.g. "推诿(-0.84)". */
  evidence: string[];
}

const EVIDENCE = 5;
/** Candidates looked at for the evidence: overlapping ones (满意, 不满意, 满意度) are shown once. */
const CANDIDATES = 3 * EVIDENCE;

/**
 * The trained negativity model: logistic regression over jieba words (negated ones apart),
 * character n-grams and the lexicon's phrase kinds (features.ts). Its fast path reads a
 * WordTable built with describeWord() and the scorer's describe(), so a word costs one lookup.
 */
export class NegativityModel {
  /**
   * Feature by feature (at 3f): its idf, its weight and judgeIds()'s count of it (0 between
   * calls), side by side so a feature costs one cache miss; single precision, as idf and weight
   * were rounded to 3 decimals.
   */
  private readonly byFeature: Float32Array;
  private readonly index = new Map<string, number>();
  /** Each character n-gram (without CHAR_GRAM) and its feature position, for a GramIndex. */
  readonly grams: readonly GramFeature[];
  /** Feature position of each phrase kind, −1 when the model has none. */
  private readonly phraseFeature: Map<PhraseKind, number>;
  /** Used by probability(): feature names. */
  private readonly vectorizer: Vectorizer;
  /** judgeIds()'s working state: the features counted and their TF-IDF values. */
  private touchedFeatures = new Int32Array(1024);
  private values = new Float64Array(1024);
  private touched = 0;
  /** evidence()'s strongest candidates so far, strongest first. */
  private readonly topFeature = new Int32Array(CANDIDATES);
  private readonly topPull = new Float64Array(CANDIDATES);
  private ownWords: WordTable | undefined;
  private ownGrams: GramIndex | undefined;

  constructor(
    readonly data: NegativityModelFile,
    private readonly scorer: NegativityScorer,
  ) {
    const n = data.features.length;
    if (data.idf.length !== n || data.weights.length !== n) throw new Error('negativity model: one idf and one weight per feature expected');
    this.byFeature = new Float32Array(3 * n);
    const grams: [string, number][] = [];
    data.features.forEach((f, i) => {
      this.index.set(f, i);
      this.byFeature[3 * i] = data.idf[i]!;
      this.byFeature[3 * i + 1] = data.weights[i]!;
      if (f.startsWith(CHAR_GRAM)) grams.push([f.slice(CHAR_GRAM.length), i]);
    });
    this.grams = grams;
    this.phraseFeature = new Map(PHRASE_KINDS.map((k) => [k, this.index.get(lexiconFeature(k)) ?? -1]));
    this.vectorizer = new Vectorizer(this.index, this.byFeature, 3);
  }

  /** The model file at path, read with the lexicon scorer whose phrases and negators it was trained with. */
  static load(scorer: NegativityScorer, path: string = DEFAULT_NEGATIVITY_MODEL): NegativityModel {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(path, 'utf8'));
    } catch (err) {
      throw new Error(`negativity model ${path}: ${err instanceof Error ? err.message : String(err)} (run npm run train:negativity)`, { cause: err });
    }
    const parsed = NegativityModelFile.safeParse(json);
    if (!parsed.success) throw new Error(`${path}: ${z.prettifyError(parsed.error)}`);
    return new NegativityModel(parsed.data, scorer);
  }

  /** The model's features of a word as itself and negated, for a WordTable. */
  describeWord(word: string): { plain: number; negated: number } {
    return { plain: this.index.get(WORD + word) ?? -1, negated: this.index.get(NEGATED_WORD + word) ?? -1 };
  }

  /** P(negative) of feature names (NegativityFeatureReader): training and evaluation. */
  probability(features: readonly string[]): number {
    return sigmoid(this.logit(this.vectorizer.vectorize(features)));
  }

  /** judgeIds() with a word table and gram index of the model's own: tests and one-off calls. */
  judge(normText: string, tokens: readonly string[]): NegativityJudgement {
    this.ownWords ??= new WordTable({ vocabularyIndex: () => -1, sentiment: (w) => this.scorer.describe(w), negativityFeatures: (w) => this.describeWord(w) });
    this.ownGrams ??= new GramIndex({ negativity: this.grams });
    return this.judgeIds(tokens, this.ownWords.idsOf(tokens), this.ownWords, this.ownGrams.scan(normText).negativity);
  }

  /**
   * The judgement of a text's tokens, given as ids of a WordTable built with describeWord() and
   * the scorer's describe(), and of the feature positions of its character n-grams in text order
   * (a GramIndex built with `grams` scans them): the same features as NegativityFeatureReader.
   */
  judgeIds(tokens: readonly string[], ids: Int32Array, table: Pick<WordTable, 'records'>, grams: Int32Array): NegativityJudgement {
    const { records } = table;
    this.touched = 0;
    for (let i = 0; i < tokens.length; i++) {
      const at = ids[i]!;
      if ((records[at + FLAGS]! & BLANK) !== 0) continue;
      this.add(records[at + (negatorBefore(i, ids, records) >= 0 ? NEGATIVITY_NEGATED : NEGATIVITY_PLAIN)]!);
    }
    const phrases = new Map<number, string>();
    this.scorer.phrasesIds(ids, table, (kind, start, end) => {
      const f = this.phraseFeature.get(kind)!;
      this.add(f);
      if (f >= 0 && !phrases.has(f)) phrases.set(f, tokens.slice(start, end + 1).join(''));
    });
    for (let k = 0; k < grams.length; k++) this.add(grams[k]!);
    // The Vectorizer's TF-IDF vector, summed in place: no arrays per item, one pass for its length.
    const { byFeature, touchedFeatures } = this;
    let norm = 0;
    for (let k = 0; k < this.touched; k++) {
      const at = 3 * touchedFeatures[k]!;
      const x = termWeight(byFeature[at + 2]!) * byFeature[at]!;
      this.values[k] = x;
      norm += x * x;
      byFeature[at + 2] = 0;
    }
    norm = Math.sqrt(norm) || 1;
    let z = this.data.bias;
    for (let k = 0; k < this.touched; k++) z += byFeature[3 * touchedFeatures[k]! + 1]! * (this.values[k]! / norm);
    const negativity = sigmoid(z);
    const negative = negativity >= this.data.threshold;
    return { negativity, negative, evidence: this.evidence(norm, negative, { tokens, ids, records, phrases }) };
  }

  /** Counts one occurrence of feature f (−1: none) for judgeIds. */
  private add(f: number): void {
    if (f < 0) return;
    if (this.byFeature[3 * f + 2]!++ === 0) {
      if (this.touched === this.touchedFeatures.length) {
        const grown = new Int32Array(2 * this.touched);
        grown.set(this.touchedFeatures);
        this.touchedFeatures = grown;
        this.values = new Float64Array(2 * this.touched);
      }
      this.touchedFeatures[this.touched++] = f;
    }
  }

  private logit(x: SparseVector): number {
    let z = this.data.bias;
    for (let k = 0; k < x.words.length; k++) z += this.byFeature[3 * x.words[k]! + 1]! * x.values[k]!;
    return z;
  }

  /** The features that pull most towards the decision, as a person reads them, overlapping ones once. */
  private evidence(norm: number, negative: boolean, text: TextAt): string[] {
    const sign = negative ? 1 : -1;
    const { topFeature, topPull } = this;
    let found = 0;
    for (let k = 0; k < this.touched; k++) {
      const feature = this.touchedFeatures[k]!;
      const pull = (sign * this.byFeature[3 * feature + 1]! * this.values[k]!) / norm;
      if (!(pull > 0) || (found === CANDIDATES && pull <= topPull[CANDIDATES - 1]!)) continue;
      let at = found === CANDIDATES ? CANDIDATES - 1 : found++;
      for (; at > 0 && pull > topPull[at - 1]!; at--) {
        topPull[at] = topPull[at - 1]!;
        topFeature[at] = topFeature[at - 1]!;
      }
      topPull[at] = pull;
      topFeature[at] = feature;
    }
    const shown: { text: string; pull: number }[] = [];
    for (let k = 0; k < found && shown.length < EVIDENCE; k++) {
      const t = this.display(topFeature[k]!, text);
      if (!t || shown.some((s) => s.text.includes(t) || t.includes(s.text))) continue;
      shown.push({ text: t, pull: topPull[k]! });
    }
    // Shown as the lexicon showed its phrases: below zero pulls towards negative.
    return shown.map((s) => `${s.text}(${formatPull(-sign * s.pull)})`);
  }

  /** A feature as written in the text: the word, the negated phrase (不…满意), the n-gram or the lexicon phrase. */
  private display(feature: number, { tokens, ids, records, phrases }: TextAt): string | undefined {
    const name = this.data.features[feature]!;
    if (name.startsWith(LEXICON_PHRASE)) return phrases.get(feature);
    if (name.startsWith(NEGATED_WORD)) {
      const word = name.slice(NEGATED_WORD.length);
      for (let i = 0; i < tokens.length; i++) {
        const negator = tokens[i] === word ? negatorBefore(i, ids, records) : -1;
        if (negator >= 0) return tokens.slice(negator, i + 1).join('');
      }
      return undefined;
    }
    return name.slice(2).trim() || undefined;
  }
}

interface TextAt {
  tokens: readonly string[];
  ids: Int32Array;
  records: Int32Array;
  /** The first phrase of each lexicon phrase-kind feature. */
  phrases: Map<number, string>;
}

const formatPull = (x: number) => `${x > 0 ? '+' : ''}${x.toFixed(2)}`;
