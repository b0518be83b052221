/**
 * What the linear topic models share: the model file's data, the TF-IDF vectors and the class
 * scores. The softmax regression that came first (file kind softmax-regression) and the linear
 * SVM that replaced it (linear-svm.ts) predict alike: softmax over weights · vector + bias.
 */
export interface TopicModelData {
  kind: 'softmax-regression' | 'linear-svm';
  labels: string[];
  vocabulary: string[];
  /** Inverse document frequency per word. */
  idf: number[];
  /** weights[label][word]. */
  weights: number[][];
  bias: number[];
  provenance: Record<string, string | number>;
}

export interface LabeledDoc {
  label: string;
  features: string[];
}

/** The words of one document (vocabulary positions, in order of first occurrence) and their values. */
export interface SparseVector {
  readonly words: number[];
  readonly values: number[];
}

/** 1 + ln count, a repeated word's weight; counts up to 63, nearly all, from a table: Math.log per word cost a tenth of a prediction. */
const LOG_TABLE = Float64Array.from({ length: 64 }, (_, c) => 1 + Math.log(c));
export const termWeight = (count: number) => (count < 64 ? LOG_TABLE[count]! : 1 + Math.log(count));

/**
 * A document as the model sees it: (1 + ln count) × idf per word, scaled to unit length, so a
 * long complaint that repeats 噪音 weighs no more than a short one. Shared by training and prediction.
 */
export class Vectorizer {
  /** Count per vocabulary word; all zero between vectors, so a vector allocates no map. */
  private readonly counts: Int32Array;
  /** The words added since the last vector, in order of first occurrence. */
  private words: number[] = [];

  /** idf of word i at idf[i × idfStride], so a model can keep each word's idf next to its weights. */
  constructor(
    private readonly index: ReadonlyMap<string, number>,
    private readonly idf: ArrayLike<number>,
    private readonly idfStride = 1,
  ) {
    this.counts = new Int32Array(idf.length / idfStride);
  }

  vectorize(features: readonly string[]): SparseVector {
    for (const f of features) this.add(this.index.get(f) ?? -1);
    return this.take();
  }

  /** Counts one occurrence of the word at vocabulary position i; −1 (not in the vocabulary) counts nothing. */
  add(i: number): void {
    if (i < 0) return;
    if (this.counts[i] === 0) this.words.push(i);
    this.counts[i]! += 1;
  }

  /** The vector of the words added since the last one. */
  take(): SparseVector {
    const { counts, idf, idfStride, words } = this;
    this.words = [];
    const values = new Array<number>(words.length);
    let norm = 0;
    for (let k = 0; k < words.length; k++) {
      const i = words[k]!;
      const x = termWeight(counts[i]!) * idf[i * idfStride]!;
      counts[i] = 0;
      values[k] = x;
      norm += x * x;
    }
    norm = Math.sqrt(norm) || 1;
    for (let k = 0; k < values.length; k++) values[k] = values[k]! / norm;
    return { words, values };
  }
}

/** Class scores before the softmax. */
export function scores(x: SparseVector, weights: readonly (readonly number[])[], bias: readonly number[]): number[] {
  return bias.map((b, k) => {
    let z = b;
    const row = weights[k]!;
    for (let n = 0; n < x.words.length; n++) z += row[x.words[n]!]! * x.values[n]!;
    return z;
  });
}

export function softmax(z: readonly number[]): number[] {
  const max = Math.max(...z);
  const e = z.map((s) => Math.exp(s - max));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / sum);
}

/** A step through 0..n-1 that visits every document once per epoch in a scrambled order. */
export function coprimeStride(n: number): number {
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  let s = Math.max(1, Math.floor(n * 0.618));
  while (gcd(s, n) !== 1) s++;
  return s;
}
