import { createHash } from 'node:crypto';

/**
 * The set bits (0–63) of a word's md5, memoised: words repeat across items, and hashing every
 * word of every item was most of the simhash's time.
 */
const setBits = new Map<string, Uint8Array>();
const MAX_MEMO = 200_000;

function bitsOf(word: string): Uint8Array {
  let bits = setBits.get(word);
  if (!bits) {
    if (setBits.size >= MAX_MEMO) setBits.clear();
    const h = createHash('md5').update(word).digest();
    const list: number[] = [];
    for (let byte = 0; byte < 8; byte++) for (let k = 0; k < 8; k++) if ((h[byte]! >> k) & 1) list.push(byte * 8 + k);
    bits = Uint8Array.from(list);
    setBits.set(word, bits);
  }
  return bits;
}

/**
 * 64-bit simhash of a bag of words: near-identical texts get hashes a few bits apart, so
 * copies and reposts can be found by Hamming distance. Returned as 16 hex digits. A bit is set
 * when more word occurrences have it set than not (weight = set − unset > 0).
 */
export function simhash(words: string[]): string {
  const set = new Int32Array(64);
  for (const w of words) {
    const bits = bitsOf(w);
    for (let i = 0; i < bits.length; i++) set[bits[i]!]! += 1;
  }
  const total = words.length;
  let hex = '';
  for (let nibble = 0; nibble < 16; nibble++) {
    let v = 0;
    for (let b = 0; b < 4; b++) if (2 * set[nibble * 4 + b]! > total) v |= 1 << (3 - b);
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
