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

type SparseVector = Map<number, number>;

/**
 * A document as the model sees it: (1 + ln count) × idf per word, scaled to unit length, so a
 * long complaint that repeats 噪音 weighs no more than a short one. Shared by training and prediction.
 */
export function vectorize(features: readonly string[], index: ReadonlyMap<string, number>, idf: readonly number[]): SparseVector {
  const v: SparseVector = new Map();
  for (const f of features) {
    const i = index.get(f);
    if (i !== undefined) v.set(i, (v.get(i) ?? 0) + 1);
  }
  let norm = 0;
  for (const [i, c] of v) {
    const x = (1 + Math.log(c)) * idf[i]!;
    v.set(i, x);
    norm += x * x;
  }
  norm = Math.sqrt(norm) || 1;
  for (const [i, x] of v) v.set(i, x / norm);
  return v;
}

/** Class scores before the softmax. */
export function scores(x: SparseVector, weights: readonly (readonly number[])[], bias: readonly number[]): number[] {
  return bias.map((b, k) => {
    let z = b;
    const row = weights[k]!;
    for (const [i, v] of x) z += row[i]! * v;
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
  const xs = docs.map((d) => vectorize(d.features, index, idf));
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
        for (const [i, v] of x) row[i]! -= rate * (g * v + options.l2 * row[i]!);
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
