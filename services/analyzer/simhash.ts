import { createHash } from 'node:crypto';

/**
 * 64-bit simhash of a bag of words: near-identical texts get hashes a few bits apart, so
 * copies and reposts can be found by Hamming distance. Returned as 16 hex digits.
 */
/** md5 of a word, memoised: hashing every word of every item was most of the analyzer's time. */
const digests = new Map<string, Buffer>();
const MAX_MEMO = 200_000;

function digest(word: string): Buffer {
  let h = digests.get(word);
  if (!h) {
    if (digests.size >= MAX_MEMO) digests.clear();
    h = createHash('md5').update(word).digest();
    digests.set(word, h);
  }
  return h;
}

export function simhash(words: string[]): string {
  // Count first: a repeated word is hashed and spread over the 64 bits once.
  const counts = new Map<string, number>();
  for (const w of words) counts.set(w, (counts.get(w) ?? 0) + 1);
  const weights = new Int32Array(64);
  for (const [w, n] of counts) {
    const h = digest(w);
    for (let byte = 0; byte < 8; byte++) {
      const b = h[byte]!;
      for (let k = 0; k < 8; k++) weights[byte * 8 + k]! += (b >> k) & 1 ? n : -n;
    }
  }
  let hex = '';
  for (let nibble = 0; nibble < 16; nibble++) {
    let v = 0;
    for (let b = 0; b < 4; b++) if (weights[nibble * 4 + b]! > 0) v |= 1 << (3 - b);
    hex += v.toString(16);
  }
  return hex;
}

export function hammingDistance(a: string, b: string): number {
  let x = BigInt(`0x${a}`) ^ BigInt(`0x${b}`);
  let n = 0;
  while (x) {
    n += Number(x & 1n);
    x >>= 1n;
  }
  return n;
}
