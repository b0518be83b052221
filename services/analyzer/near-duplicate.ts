/** Characters per shingle: long enough that two texts on one subject share few by chance. */
const SHINGLE = 4;
/** The shorter text must be at least this share of the longer: a one-line excerpt of a long document is not a copy of it. */
const MIN_LENGTH_RATIO = 0.5;

function shingles(text: string): Set<string> {
  const compact = text.replace(/[\s\p{P}\p{S}]+/gu, '');
  const out = new Set<string>();
  if (compact.length < SHINGLE) {
    if (compact) out.add(compact);
    return out;
  }
  for (let i = 0; i + SHINGLE <= compact.length; i++) out.add(compact.slice(i, i + SHINGLE));
  return out;
}

/**
 * How much of two texts is the same text: the share of the smaller one's 4-character shingles
 * the other holds, or 0 when their lengths differ by more than half. Unlike a 64-bit simhash,
 * whose few differing bits on long texts say more about shared vocabulary than shared text, it
 * keeps two different policy documents on one subject apart, and still sees a repost with a
 * comment added as a copy.
 */
export function textOverlap(a: string, b: string): number {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  if (long.length === 0 || short.length / long.length < MIN_LENGTH_RATIO) return 0;
  const sa = shingles(short);
  const sb = shingles(long);
  if (sa.size === 0) return 0;
  let shared = 0;
  for (const s of sa) if (sb.has(s)) shared++;
  return shared / sa.size;
}
