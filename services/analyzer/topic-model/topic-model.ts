import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import type { GramFeature } from '../gram-index.ts';
import { GRAM_LENGTH, GRAM_MARK, isFeatureWord } from './features.ts';
import { VOCABULARY, type WordTable } from '../word-table.ts';
import { softmax, Vectorizer, type SparseVector, type TopicModelData } from './linear-model.ts';

/** The committed model, trained by `npm run train`; its PROVENANCE.md sits next to it. */
export const DEFAULT_TOPIC_MODEL = resolve(import.meta.dirname, '../model/topic-model.json');

const ModelFile = z.object({
  kind: z.enum(['softmax-regression', 'linear-svm']),
  labels: z.array(z.string()).min(2),
  vocabulary: z.array(z.string()),
  idf: z.array(z.number()),
  weights: z.array(z.array(z.number())),
  bias: z.array(z.number()),
  provenance: z.record(z.string(), z.union([z.string(), z.number()])),
});

export interface TopicPrediction {
  label: string;
  /** Posterior probability of the label, 0..1. */
  probability: number;
  /** The words that pushed the decision towards this label over the runner-up, strongest first. */
  evidence: string[];
  /** Every label's posterior, highest first. */
  ranking: { label: string; probability: number }[];
}

const EVIDENCE_WORDS = 6;

interface Pull {
  word: string;
  pull: number;
}

/** Evidence order: stronger pull first, ties by word. */
const stronger = (a: Pull, b: Pull) => a.pull > b.pull || (a.pull === b.pull && a.word < b.word);

/** The first-level topic classifier: one pass over the words of topicFeatures(), pure and deterministic. */
export class TopicModel {
  private readonly vectorizer: Vectorizer;
  /** Vocabulary position of each word the model counts. */
  private readonly index = new Map<string, number>();
  /** Each character gram (without GRAM_MARK) and its vocabulary position, for a GramIndex. */
  readonly grams: readonly GramFeature[];
  /** Grams sort before every word (GRAM_MARK is #): they hold vocabulary positions [0, gramCount). */
  private readonly gramCount: number;
  /**
   * Word by word, its idf and then its weight for each label (word i at i × stride): a text's
   * words are scattered over the vocabulary, so all a word's figures sharing a cache line saves
   * misses, where separate idf and per-label rows meant one per array.
   */
  private readonly byWord: Float64Array;
  private readonly stride: number;

  constructor(readonly data: TopicModelData) {
    const v = data.vocabulary.length;
    if (data.idf.length !== v || data.bias.length !== data.labels.length || data.weights.some((row) => row.length !== v)) {
      throw new Error('topic model: one bias and one weight row per label, one weight and idf per word expected');
    }
    // Only words featuresFromTokens keeps (every trained word is one), so predictIds need not filter.
    const grams: [string, number][] = [];
    data.vocabulary.forEach((w, i) => {
      if (w.startsWith(GRAM_MARK)) {
        grams.push([w.slice(GRAM_MARK.length), i]);
        this.index.set(w, i);
      } else if (isFeatureWord(w)) this.index.set(w, i);
    });
    if (grams.some(([g]) => g.length !== GRAM_LENGTH)) throw new Error(`topic model: grams of ${GRAM_LENGTH} characters expected`);
    this.grams = grams;
    this.gramCount = grams.length;
    if (grams.some(([, i], k) => i !== k)) throw new Error('topic model: the vocabulary must list its grams first (sorted)');
    this.stride = data.labels.length + 1;
    this.byWord = new Float64Array(v * this.stride);
    data.idf.forEach((idf, i) => (this.byWord[i * this.stride] = idf));
    data.weights.forEach((row, k) => row.forEach((w, i) => (this.byWord[i * this.stride + 1 + k] = w)));
    this.vectorizer = new Vectorizer(this.index, this.byWord, this.stride);
  }

  static load(path: string = DEFAULT_TOPIC_MODEL): TopicModel {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(path, 'utf8'));
    } catch (err) {
      throw new Error(`topic model ${path}: ${err instanceof Error ? err.message : String(err)} (run npm run train)`, { cause: err });
    }
    const parsed = ModelFile.safeParse(json);
    if (!parsed.success) throw new Error(`${path}: ${z.prettifyError(parsed.error)}`);
    return new TopicModel(parsed.data);
  }

  /** Where a word stands in the vocabulary, −1 for a word the model does not count. */
  vocabularyIndex(word: string): number {
    return isFeatureWord(word) ? (this.index.get(word) ?? -1) : -1;
  }

  /**
   * predict(topicFeatures(title, text)) of a segmented title and text given as word ids of a
   * WordTable, and the vocabulary positions of the grams of gramSource(title, text) in order (a
   * GramIndex built with `grams` scans them): the title counts twice, and words
   * featuresFromTokens drops are not in the vocabulary either, so nothing needs filtering.
   */
  predictIds(table: Pick<WordTable, 'records'>, titleIds: Int32Array, textIds: Int32Array, grams: Int32Array): TopicPrediction | undefined {
    const { records } = table;
    for (let pass = 0; pass < 2; pass++) for (let k = 0; k < titleIds.length; k++) this.vectorizer.add(records[titleIds[k]! + VOCABULARY]!);
    for (let k = 0; k < textIds.length; k++) this.vectorizer.add(records[textIds[k]! + VOCABULARY]!);
    for (let k = 0; k < grams.length; k++) this.vectorizer.add(grams[k]!);
    return this.predictVector(this.vectorizer.take());
  }

  /** undefined when no word of the text is in the vocabulary: the bias alone is no judgement. */
  predict(features: readonly string[]): TopicPrediction | undefined {
    return this.predictVector(this.vectorizer.vectorize(features));
  }

  private predictVector(x: SparseVector): TopicPrediction | undefined {
    const { labels } = this.data;
    if (x.words.length === 0) return undefined;
    const p = softmax(this.scores(x));
    const order = labels.map((_, k) => k).sort((a, b) => p[b]! - p[a]! || a - b);
    const best = order[0]!;
    return {
      label: labels[best]!,
      probability: p[best]!,
      evidence: this.evidence(x, best, order[1]!),
      ranking: order.map((k) => ({ label: labels[k]!, probability: p[k]! })),
    };
  }

  /** scores() of the training code on byWord: each label's sum in the same order, so the same numbers. */
  private scores(x: SparseVector): number[] {
    const { byWord, stride } = this;
    // A typed array: its element type never needs checking, where the array's did per add.
    const z = Float64Array.from(this.data.bias);
    const labels = z.length;
    for (let n = 0; n < x.words.length; n++) {
      const at = x.words[n]! * stride + 1;
      const v = x.values[n]!;
      for (let k = 0; k < labels; k++) z[k]! += byWord[at + k]! * v;
    }
    return [...z];
  }

  /** The words that pull most towards best over second, strongest first. */
  private evidence(x: SparseVector, best: number, second: number): string[] {
    const { vocabulary } = this.data;
    const { byWord, stride } = this;
    // Only the strongest few are kept, in order, rather than sorting every word for six.
    const top: Pull[] = [];
    for (let n = 0; n < x.words.length; n++) {
      // Grams weigh in the decision but make poor evidence for a person: only words are named.
      if (x.words[n]! < this.gramCount) continue;
      const weights = x.words[n]! * stride + 1;
      const pull = x.values[n]! * (byWord[weights + best]! - byWord[weights + second]!);
      if (!(pull > 0)) continue;
      // Most words lose to the sixth: only a tie needs the word itself to decide.
      if (top.length === EVIDENCE_WORDS && pull < top[EVIDENCE_WORDS - 1]!.pull) continue;
      const e = { word: vocabulary[x.words[n]!]!, pull };
      if (top.length === EVIDENCE_WORDS) {
        if (!stronger(e, top[EVIDENCE_WORDS - 1]!)) continue;
        top.pop();
      }
      let at = top.length;
      while (at > 0 && stronger(e, top[at - 1]!)) at--;
      top.splice(at, 0, e);
    }
    return top.map((e) => e.word);
  }
}
