import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { isFeatureWord } from './features.ts';
import { softmax, Vectorizer, type SparseVector, type TopicModelData } from './softmax-regression.ts';

/** The committed model, trained by `npm run train`; its PROVENANCE.md sits next to it. */
export const DEFAULT_TOPIC_MODEL = resolve(import.meta.dirname, '../model/topic-model.json');

const ModelFile = z.object({
  kind: z.literal('softmax-regression'),
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
  /**
   * The weights word by word (all labels of word i at i × labels), so the labels' weights of a
   * word share a cache line: a text's words are scattered over the vocabulary, and seven rows
   * meant seven cache misses per word.
   */
  private readonly weightsByWord: Float64Array;

  constructor(readonly data: TopicModelData) {
    const v = data.vocabulary.length;
    if (data.idf.length !== v || data.bias.length !== data.labels.length || data.weights.some((row) => row.length !== v)) {
      throw new Error('topic model: one bias and one weight row per label, one weight and idf per word expected');
    }
    // Only words featuresFromTokens keeps (every trained word is one), so predictTokens need not filter.
    const index = new Map<string, number>();
    data.vocabulary.forEach((w, i) => {
      if (isFeatureWord(w)) index.set(w, i);
    });
    this.vectorizer = new Vectorizer(index, data.idf);
    const labels = data.labels.length;
    this.weightsByWord = new Float64Array(v * labels);
    data.weights.forEach((row, k) => row.forEach((w, i) => (this.weightsByWord[i * labels + k] = w)));
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

  /**
   * predict(featuresFromTokens(titleTokens, textTokens)) without testing every word against the
   * stopwords and noise patterns: words they drop are not in the vocabulary either.
   */
  predictTokens(titleTokens: readonly string[], textTokens: readonly string[]): TopicPrediction | undefined {
    return this.predict(titleTokens.concat(titleTokens, textTokens));
  }

  /** undefined when no word of the text is in the vocabulary: the bias alone is no judgement. */
  predict(features: readonly string[]): TopicPrediction | undefined {
    const { labels } = this.data;
    const x = this.vectorizer.vectorize(features);
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

  /** scores() of the training code on weightsByWord: each label's sum in the same order, so the same numbers. */
  private scores(x: SparseVector): number[] {
    const labels = this.data.labels.length;
    const z = [...this.data.bias];
    for (let n = 0; n < x.words.length; n++) {
      const at = x.words[n]! * labels;
      const v = x.values[n]!;
      for (let k = 0; k < labels; k++) z[k]! += this.weightsByWord[at + k]! * v;
    }
    return z;
  }

  /** The words that pull most towards best over second, strongest first. */
  private evidence(x: SparseVector, best: number, second: number): string[] {
    const { vocabulary } = this.data;
    const labels = this.data.labels.length;
    // Only the strongest few are kept, in order, rather than sorting every word for six.
    const top: Pull[] = [];
    for (let n = 0; n < x.words.length; n++) {
      const i = x.words[n]!;
      const pull = x.values[n]! * (this.weightsByWord[i * labels + best]! - this.weightsByWord[i * labels + second]!);
      if (!(pull > 0)) continue;
      const e = { word: vocabulary[i]!, pull };
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
