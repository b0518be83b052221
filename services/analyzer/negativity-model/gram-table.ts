import { MAX_GRAM } from './features.ts';

/**
 * Character n-grams (1–3 UTF-16 units) to feature positions, keyed by their units rather than by
 * strings: an item's text has three n-grams per character, and cutting each out as a string to
 * look it up in a Map cost more than the rest of the model. Open addressing over two int32 keys
 * (units 0–1, then unit 2 and the length, never 0), one probe path per n-gram.
 */
export class GramTable {
  private readonly lo: Int32Array;
  private readonly hi: Int32Array;
  private readonly values: Int32Array;
  private readonly mask: number;

  constructor(grams: readonly { gram: string; value: number }[]) {
    let slots = 16;
    while (slots < 2 * grams.length) slots *= 2;
    this.mask = slots - 1;
    this.lo = new Int32Array(slots);
    this.hi = new Int32Array(slots);
    this.values = new Int32Array(slots).fill(-1);
    for (const { gram, value } of grams) {
      if (gram.length < 1 || gram.length > MAX_GRAM) throw new Error(`n-gram of 1 to ${MAX_GRAM} units expected: "${gram}"`);
      const u = (i: number) => (i < gram.length ? gram.charCodeAt(i) : 0);
      const lo = u(0) | (u(1) << 16);
      const hi = u(2) | (gram.length << 16);
      let at = slot(lo, hi) & this.mask;
      while (this.hi[at] !== 0 && !(this.lo[at] === lo && this.hi[at] === hi)) at = (at + 1) & this.mask;
      this.lo[at] = lo;
      this.hi[at] = hi;
      this.values[at] = value;
    }
  }

  /** The value of the n-gram of `length` units c0 c1 c2 (0 past its end), −1 when absent. */
  get(c0: number, c1: number, c2: number, length: number): number {
    const lo = c0 | (c1 << 16);
    const hi = c2 | (length << 16);
    for (let at = slot(lo, hi) & this.mask; ; at = (at + 1) & this.mask) {
      const h = this.hi[at]!;
      if (h === 0) return -1;
      if (h === hi && this.lo[at] === lo) return this.values[at]!;
    }
  }
}

function slot(lo: number, hi: number): number {
  const h = Math.imul(lo, 0x9e3779b1) ^ Math.imul(hi, 0x85ebca77);
  return h ^ (h >>> 15);
}
