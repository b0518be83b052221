import { createHash } from 'node:crypto';

/**
 * 64-bit simhash of a bag of words: near-identical texts get hashes a few bits apart, so
 * copies and reposts can be found by Hamming distance. Returned as 16 hex digits.
 */
export function simhash(words: string[]): string {
  const weights = new Array<number>(64).fill(0);
  for (const w of words) {
    const h = createHash('md5').update(w).digest();
    for (let bit = 0; bit < 64; bit++) {
      const set = (h[bit >> 3]! >> (bit & 7)) & 1;
      weights[bit]! += set ? 1 : -1;
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
