/** A text as unit-length word weights, for cosine similarity between items and event centroids. */
export type TextVector = ReadonlyMap<string, number>;

/** Words that carry content: two characters or more with a letter or digit (drops 的, 了, punctuation). */
const CONTENT = /[\p{L}\p{N}]/u;

export function textVector(tokens: readonly string[]): TextVector {
  const tf = new Map<string, number>();
  for (const t of tokens) if (t.length >= 2 && CONTENT.test(t)) tf.set(t, (tf.get(t) ?? 0) + 1);
  return normalized(tf);
}

function normalized(v: Map<string, number>): TextVector {
  const norm = Math.sqrt([...v.values()].reduce((s, x) => s + x * x, 0));
  if (norm === 0) return v;
  for (const [k, x] of v) v.set(k, x / norm);
  return v;
}

/** Cosine of two unit vectors; 0 when either is empty. */
export function cosine(a: TextVector, b: TextVector): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let dot = 0;
  for (const [k, x] of small) dot += x * (large.get(k) ?? 0);
  return dot;
}

/** The mean direction of several texts, itself of unit length. */
export function centroid(vectors: readonly TextVector[]): TextVector {
  const sum = new Map<string, number>();
  for (const v of vectors) for (const [k, x] of v) sum.set(k, (sum.get(k) ?? 0) + x);
  return normalized(sum);
}
