import { Vectorizer } from '../topic-model/linear-model.ts';

/**
 * Binary logistic regression over TF-IDF feature vectors (the topic model's Vectorizer: 1 + ln
 * count, times idf, unit length), trained by SGD in a fixed order so the same texts always give
 * the same file.
 */
export interface LogisticOptions {
  /** Features seen in fewer training texts are left out. */
  minDocs: number;
  epochs: number;
  learningRate: number;
  /** L2 weight decay per update. */
  l2: number;
  /** After a first fit, only features whose |weight| reaches this are kept, and the model is fitted again on them. */
  keepWeight: number;
}

export const DEFAULT_LOGISTIC_OPTIONS: LogisticOptions = { minDocs: 3, epochs: 15, learningRate: 0.3, l2: 1e-6, keepWeight: 0.3 };

export interface LogisticFit {
  features: string[];
  idf: number[];
  weights: number[];
  bias: number;
}

export interface LabeledFeatures {
  features: string[];
  negative: boolean;
  /** How much the text counts in the fit, 1 when absent. */
  weight?: number;
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

export const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

export function trainLogistic(docs: readonly LabeledFeatures[], options: LogisticOptions = DEFAULT_LOGISTIC_OPTIONS): LogisticFit {
  const df = new Map<string, number>();
  for (const d of docs) for (const f of new Set(d.features)) df.set(f, (df.get(f) ?? 0) + 1);
  const first = fit(docs, [...df].filter(([, c]) => c >= options.minDocs).map(([f]) => f), df, options);
  const kept = first.features.filter((_, i) => Math.abs(first.weights[i]!) >= options.keepWeight);
  return fit(docs, kept, df, options);
}

function fit(docs: readonly LabeledFeatures[], chosen: string[], df: Map<string, number>, options: LogisticOptions): LogisticFit {
  // Most frequent first (ties by name): the features most texts have then sit together in the
  // model's arrays and stay in cache, where alphabetical order scattered them.
  const features = [...chosen].sort((a, b) => df.get(b)! - df.get(a)! || (a < b ? -1 : a > b ? 1 : 0));
  const index = new Map(features.map((f, i) => [f, i]));
  const idf = features.map((f) => round(Math.log((1 + docs.length) / (1 + df.get(f)!)) + 1, 3));
  const vectorizer = new Vectorizer(index, idf);
  const xs = docs.map((d) => {
    const v = vectorizer.vectorize(d.features);
    return { words: Int32Array.from(v.words), values: Float32Array.from(v.values) };
  });
  const weights = new Float64Array(features.length);
  let bias = 0;
  const n = docs.length;
  const stride = coprimeStride(n);
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    const rate = options.learningRate / (1 + 0.3 * epoch);
    for (let step = 0; step < n; step++) {
      const d = (step * stride + epoch) % n;
      const x = xs[d]!;
      let z = bias;
      for (let k = 0; k < x.words.length; k++) z += weights[x.words[k]!]! * x.values[k]!;
      const g = (sigmoid(z) - (docs[d]!.negative ? 1 : 0)) * (docs[d]!.weight ?? 1);
      bias -= rate * g;
      for (let k = 0; k < x.words.length; k++) {
        const i = x.words[k]!;
        weights[i]! -= rate * (g * x.values[k]! + options.l2 * weights[i]!);
      }
    }
  }
  return { features, idf, weights: [...weights].map((w) => round(w, 3)), bias: round(bias, 4) };
}

/** A step through 0..n-1 that visits every text once per epoch in a scrambled order. */
function coprimeStride(n: number): number {
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  let s = Math.max(1, Math.floor(n * 0.618));
  while (gcd(s, n) !== 1) s++;
  return s;
}
