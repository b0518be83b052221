import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { scores, softmax, vectorize, type TopicModelData } from './softmax-regression.ts';

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

/** The first-level topic classifier: one pass over the words of topicFeatures(), pure and deterministic. */
export class TopicModel {
  private readonly index: Map<string, number>;

  constructor(readonly data: TopicModelData) {
    this.index = new Map(data.vocabulary.map((w, i) => [w, i]));
    const v = data.vocabulary.length;
    if (data.idf.length !== v || data.bias.length !== data.labels.length || data.weights.some((row) => row.length !== v)) {
      throw new Error('topic model: one bias and one weight row per label, one weight and idf per word expected');
    }
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

  /** undefined when no word of the text is in the vocabulary: the bias alone is no judgement. */
  predict(features: readonly string[]): TopicPrediction | undefined {
    const { labels, weights, bias, vocabulary } = this.data;
    const x = vectorize(features, this.index, this.data.idf);
    if (x.size === 0) return undefined;
    const p = softmax(scores(x, weights, bias));
    const order = labels.map((_, k) => k).sort((a, b) => p[b]! - p[a]! || a - b);
    const best = order[0]!;
    const second = order[1]!;
    const evidence = [...x]
      .map(([i, v]) => ({ word: vocabulary[i]!, pull: v * (weights[best]![i]! - weights[second]![i]!) }))
      .filter((e) => e.pull > 0)
      .sort((a, b) => b.pull - a.pull || (a.word < b.word ? -1 : 1))
      .slice(0, EVIDENCE_WORDS)
      .map((e) => e.word);
    return {
      label: labels[best]!,
      probability: p[best]!,
      evidence,
      ranking: order.map((k) => ({ label: labels[k]!, probability: p[k]! })),
    };
  }
}
