import { wordHash } from './word-hash.ts';
import { HASH_HI, HASH_LO, type WordTable } from './word-table.ts';

/**
 * 64-bit simhash of a bag of words: near-identical texts get hashes a few bits apart, so
 * copies and reposts can be found by Hamming distance. Returned as 16 hex digits. A bit is set
 * when more word occurrences have it set than not (weight = set − unset > 0).
 */
export function simhash(words: readonly string[]): string {
  const hashes = new Int32Array(2 * words.length);
  const at = new Int32Array(words.length);
  words.forEach((w, k) => {
    [hashes[2 * k], hashes[2 * k + 1]] = wordHash(w);
    at[k] = 2 * k;
  });
  return majority(hashes, at, words.length, 0, 1);
}

/** simhash() of words given by their WordTable ids (the first `count` of ids). */
export function simhashOfIds(table: Pick<WordTable, 'records'>, ids: Int32Array, count: number): string {
  return majority(table.records, ids, count, HASH_LO, HASH_HI);
}

const LANES = 0x01010101;

/**
 * The simhash of `count` words whose 64-bit hashes stand at fields lo and hi of hashes[at[k]].
 * Each bit's count is kept in a byte of sixteen int32 sums (bit 8b + j of a half in byte b of
 * sum j), so a word costs sixteen shift-mask-adds and no branch; the bytes are emptied into the
 * 64 totals every 255 words, before they can overflow.
 */
function majority(hashes: Int32Array, at: Int32Array, count: number, lo: number, hi: number): string {
  const totals = new Int32Array(64);
  for (let from = 0; from < count; from += 255) {
    let l0 = 0, l1 = 0, l2 = 0, l3 = 0, l4 = 0, l5 = 0, l6 = 0, l7 = 0;
    let h0 = 0, h1 = 0, h2 = 0, h3 = 0, h4 = 0, h5 = 0, h6 = 0, h7 = 0;
    const to = Math.min(count, from + 255);
    for (let k = from; k < to; k++) {
      const a = hashes[at[k]! + lo]!;
      const b = hashes[at[k]! + hi]!;
      l0 += a & LANES;
      l1 += (a >>> 1) & LANES;
      l2 += (a >>> 2) & LANES;
      l3 += (a >>> 3) & LANES;
      l4 += (a >>> 4) & LANES;
      l5 += (a >>> 5) & LANES;
      l6 += (a >>> 6) & LANES;
      l7 += (a >>> 7) & LANES;
      h0 += b & LANES;
      h1 += (b >>> 1) & LANES;
      h2 += (b >>> 2) & LANES;
      h3 += (b >>> 3) & LANES;
      h4 += (b >>> 4) & LANES;
      h5 += (b >>> 5) & LANES;
      h6 += (b >>> 6) & LANES;
      h7 += (b >>> 7) & LANES;
    }
    const sums = [l0, l1, l2, l3, l4, l5, l6, l7, h0, h1, h2, h3, h4, h5, h6, h7];
    for (let j = 0; j < 16; j++) {
      const half = j < 8 ? 0 : 32;
      for (let byte = 0; byte < 4; byte++) totals[half + byte * 8 + (j & 7)]! += (sums[j]! >>> (byte * 8)) & 0xff;
    }
  }
  let hex = '';
  for (let nibble = 0; nibble < 16; nibble++) {
    let v = 0;
    for (let b = 0; b < 4; b++) if (2 * totals[nibble * 4 + b]! > count) v |= 1 << (3 - b);
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
