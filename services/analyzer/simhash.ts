import { createHash } from 'node:crypto';

/**
 * Each word's md5 as two 32-bit masks (bits 0–31 and 32–63, least significant first), memoised:
 * words repeat across items, and hashing every word of every item was most of the simhash's time.
 * The memo is a fixed direct-mapped table of records [length, units 0–1, units 2–3, mask low,
 * mask high]: a lookup compares the word itself within one cache line, where a Map of strings
 * missed the cache several times. A word of more than four UTF-16 units (one in a thousand) is
 * hashed each time, into the spare record after the table.
 */
const MEMO_BITS = 16;
const MEMO_SLOTS = 1 << MEMO_BITS;
const MEMO_UNITS = 4;
const RECORD = 8;
const SPARE = MEMO_SLOTS * RECORD;
const memo = new Int32Array(SPARE + RECORD);

function hashInto(word: string, record: number): void {
  const h = createHash('md5').update(word).digest();
  memo[record + 3] = h.readInt32LE(0);
  memo[record + 4] = h.readInt32LE(4);
}

const unit = (word: string, i: number) => (i < word.length ? word.charCodeAt(i) : 0);

/** The record holding word's masks (low at +3, high at +4). */
function recordOf(word: string): number {
  if (word.length === 0 || word.length > MEMO_UNITS) {
    hashInto(word, SPARE);
    return SPARE;
  }
  const units01 = unit(word, 0) | (unit(word, 1) << 16);
  const units23 = unit(word, 2) | (unit(word, 3) << 16);
  const slot = (Math.imul(units01, 0x9e3779b1) ^ Math.imul(units23 + word.length, 0x85ebca77)) >>> (32 - MEMO_BITS);
  const record = slot * RECORD;
  if (memo[record] !== word.length || memo[record + 1] !== units01 || memo[record + 2] !== units23) {
    memo[record] = word.length;
    memo[record + 1] = units01;
    memo[record + 2] = units23;
    hashInto(word, record);
  }
  return record;
}

/** Enough bit planes to count 2^31 − 1 words per bit position (an int32 holds the total). */
const PLANES = 31;

/**
 * How many of the added masks have each of the 64 bits set, kept bit-sliced: plane p of a half
 * holds bit p of the 32 counts, so adding a mask is a binary carry through the planes (about two
 * steps) instead of one increment per set bit.
 */
class BitCounts {
  private readonly planes = new Int32Array(2 * PLANES);

  add(lo: number, hi: number): void {
    this.carry(lo, 0);
    this.carry(hi, PLANES);
  }

  /** The 64 counts, bit 0 first. */
  counts(): Int32Array {
    const out = new Int32Array(64);
    for (let p = 0; p < PLANES; p++) {
      for (let half = 0; half < 2; half++) {
        const plane = this.planes[half * PLANES + p]!;
        if (plane === 0) continue;
        for (let b = 0; b < 32; b++) out[half * 32 + b]! += ((plane >>> b) & 1) << p;
      }
    }
    return out;
  }

  private carry(bits: number, half: number): void {
    for (let p = half; bits !== 0; p++) {
      const plane = this.planes[p]!;
      this.planes[p] = plane ^ bits;
      bits &= plane;
    }
  }
}

/**
 * 64-bit simhash of a bag of words: near-identical texts get hashes a few bits apart, so
 * copies and reposts can be found by Hamming distance. Returned as 16 hex digits. A bit is set
 * when more word occurrences have it set than not (weight = set − unset > 0).
 */
export function simhash(words: string[]): string {
  const bitCounts = new BitCounts();
  for (const w of words) {
    const record = recordOf(w);
    bitCounts.add(memo[record + 3]!, memo[record + 4]!);
  }
  const counts = bitCounts.counts();
  const total = words.length;
  let hex = '';
  for (let nibble = 0; nibble < 16; nibble++) {
    let v = 0;
    for (let b = 0; b < 4; b++) if (2 * counts[nibble * 4 + b]! > total) v |= 1 << (3 - b);
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
