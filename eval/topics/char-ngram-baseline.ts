/**
 * The plain baseline the product's topic model must beat (issue 10): TF-IDF over character
 * 1–3-grams and a one-vs-rest linear SVM (Pegasos: stochastic sub-gradient steps on the hinge
 * loss, averaged weights). Evaluation-only code; it shares nothing with the product model but the
 * data split.
 */
import { normalizeText } from '../../services/analyzer/normalize.ts';

export interface BaselineOptions {
  maxN: number;
  /** Grams seen in fewer training documents are dropped. */
  minDocs: number;
  /** L2 regularisation strength of the SVM. */
  lambda: number;
  epochs: number;
}

export const BASELINE_OPTIONS: BaselineOptions = { maxN: 3, minDocs: 2, lambda: 1e-4, epochs: 15 };

interface Sparse {
  at: Int32Array;
  value: Float64Array;
}

/** Character n-grams (1..maxN) of title and text, whitespace removed. */
export function charNgrams(title: string | undefined, text: string, maxN: number): string[] {
  const s = normalizeText(`${title ?? ''}${text}`).replace(/\s+/g, '');
  const grams: string[] = [];
  for (let n = 1; n <= maxN; n++) for (let i = 0; i + n <= s.length; i++) grams.push(s.slice(i, i + n));
  return grams;
}

export class CharNgramSvm {
  private readonly index = new Map<string, number>();
  private idf: Float64Array = new Float64Array(0);
  private labels: string[] = [];
  /** weights[label] over the vocabulary, then the bias as the last entry. */
  private weights: Float64Array[] = [];

  constructor(private readonly options: BaselineOptions = BASELINE_OPTIONS) {}

  train(docs: readonly { title?: string; text: string; label: string }[]): this {
    const grams = docs.map((d) => charNgrams(d.title, d.text, this.options.maxN));
    const df = new Map<string, number>();
    for (const g of grams) for (const w of new Set(g)) df.set(w, (df.get(w) ?? 0) + 1);
    for (const [w, c] of [...df].sort(([a], [b]) => (a < b ? -1 : 1))) if (c >= this.options.minDocs) this.index.set(w, this.index.size);
    this.idf = new Float64Array(this.index.size);
    for (const [w, i] of this.index) this.idf[i] = Math.log((1 + docs.length) / (1 + df.get(w)!)) + 1;
    const xs = grams.map((g) => this.vector(g));
    this.labels = [...new Set(docs.map((d) => d.label))].sort();
    const dim = this.index.size + 1;
    const { lambda, epochs } = this.options;
    this.weights = this.labels.map((label) => {
      const w = new Float64Array(dim);
      const avg = new Float64Array(dim);
      let scale = 1; // w is kept as scale × w for O(nnz) shrinking
      let t = 0;
      for (let epoch = 0; epoch < epochs; epoch++) {
        for (let step = 0; step < xs.length; step++) {
          const d = (step * 7919 + epoch * 104729) % xs.length;
          t++;
          const eta = 1 / (lambda * (t + 1000));
          const y = docs[d]!.label === label ? 1 : -1;
          const x = xs[d]!;
          const margin = y * scale * (dot(w, x) + w[dim - 1]!);
          scale *= 1 - eta * lambda;
          if (margin < 1) {
            const g = (eta * y) / scale;
            for (let k = 0; k < x.at.length; k++) w[x.at[k]!]! += g * x.value[k]!;
            w[dim - 1]! += g;
          }
          if (epoch === epochs - 1) for (let i = 0; i < dim; i++) avg[i]! += scale * w[i]!;
        }
      }
      for (let i = 0; i < dim; i++) avg[i]! /= xs.length;
      return avg;
    });
    return this;
  }

  predict(title: string | undefined, text: string): string | undefined {
    const x = this.vector(charNgrams(title, text, this.options.maxN));
    if (x.at.length === 0) return undefined;
    let best = 0;
    let bestScore = -Infinity;
    this.weights.forEach((w, k) => {
      const s = dot(w, x) + w[w.length - 1]!;
      if (s > bestScore) [best, bestScore] = [k, s];
    });
    return this.labels[best];
  }

  /** Sublinear TF × idf, scaled to unit length. */
  private vector(grams: readonly string[]): Sparse {
    const counts = new Map<number, number>();
    for (const g of grams) {
      const i = this.index.get(g);
      if (i !== undefined) counts.set(i, (counts.get(i) ?? 0) + 1);
    }
    const at = Int32Array.from(counts.keys());
    const value = Float64Array.from(at, (i) => (1 + Math.log(counts.get(i)!)) * this.idf[i]!);
    const norm = Math.hypot(...value) || 1;
    for (let k = 0; k < value.length; k++) value[k]! /= norm;
    return { at, value };
  }
}

function dot(w: Float64Array, x: Sparse): number {
  let s = 0;
  for (let k = 0; k < x.at.length; k++) s += w[x.at[k]!]! * x.value[k]!;
  return s;
}
