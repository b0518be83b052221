/**
 * A softmax (multinomial logistic) regression over TF-IDF word vectors. Chosen over naive
 * Bayes because it scored higher in 5-fold cross-validation on the training part
 * (macro-F1 0.867 against 0.840), and its weights still say which words drove a decision.
 */
export interface TopicModelData {
  kind: 'softmax-regression';
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

export interface TrainOptions {
  /** Words seen in fewer training documents are left out of the vocabulary. */
  minDocs: number;
  epochs: number;
  learningRate: number;
  /** L2 weight decay per update. */
  l2: number;
}

export const DEFAULT_TRAIN_OPTIONS: TrainOptions = { minDocs: 2, epochs: 30, learningRate: 0.5, l2: 1e-3 };

/** The words of one document (vocabulary positions, in order of first occurrence) and their values. */
export interface SparseVector {
  readonly words: number[];
  readonly values: number[];
}

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
      const x = (1 + Math.log(counts[i]!)) * idf[i * idfStride]!;
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

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

/**
 * Stochastic gradient descent in a fixed order, so the same documents always give the same
 * model byte for byte (the committed file can be reproduced and diffed).
 */
export function trainSoftmaxRegression(docs: readonly LabeledDoc[], options: TrainOptions = DEFAULT_TRAIN_OPTIONS): Omit<TopicModelData, 'provenance'> {
  const labels = [...new Set(docs.map((d) => d.label))].sort();
  const df = new Map<string, number>();
  for (const d of docs) for (const w of new Set(d.features)) df.set(w, (df.get(w) ?? 0) + 1);
  const vocabulary = [...df].filter(([, c]) => c >= options.minDocs).map(([w]) => w).sort();
  const index = new Map(vocabulary.map((w, i) => [w, i]));
  const idf = vocabulary.map((w) => round(Math.log((1 + docs.length) / (1 + df.get(w)!)) + 1, 4));
  const vectorizer = new Vectorizer(index, idf);
  const xs = docs.map((d) => vectorizer.vectorize(d.features));
  const ys = docs.map((d) => labels.indexOf(d.label));
  const weights = labels.map(() => new Array<number>(vocabulary.length).fill(0));
  const bias = labels.map(() => 0);
  const n = docs.length;
  const stride = coprimeStride(n);
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    const rate = options.learningRate / (1 + 0.1 * epoch);
    for (let step = 0; step < n; step++) {
      const d = (step * stride + epoch) % n;
      const x = xs[d]!;
      const p = softmax(scores(x, weights, bias));
      p.forEach((pk, k) => {
        const g = pk - (ys[d] === k ? 1 : 0);
        bias[k]! -= rate * g;
        const row = weights[k]!;
        for (let n = 0; n < x.words.length; n++) {
          const i = x.words[n]!;
          row[i]! -= rate * (g * x.values[n]! + options.l2 * row[i]!);
        }
      });
    }
  }
  return {
    kind: 'softmax-regression',
    labels,
    vocabulary,
    idf,
    weights: weights.map((row) => row.map((w) => round(w, 3))),
    bias: bias.map((b) => round(b, 4)),
  };
}

/** A step through 0..n-1 that visits every document once per epoch in a scrambled order. */
function coprimeStride(n: number): number {
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  let s = Math.max(1, Math.floor(n * 0.618));
  while (gcd(s, n) !== 1) s++;
  return s;
}
