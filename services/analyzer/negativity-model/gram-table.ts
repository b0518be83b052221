import { MAX_GRAM } from './features.ts';

/**
 * Character n-grams (1–3 UTF-16 units) to feature positions, keyed by their units rather than by
 * strings: an item's text has three n-grams per character, and cutting each out as a string to
 * look it up in a Map cost more than the rest of the model. Open addressing over two int32 keys
 * (units 0–1, then unit 2 and the length, never 0) kept next to the value in one array, so a probe
 * costs one cache miss rather than three: the table is megabytes, and misses are its cost.
 */
export class GramTable {
  /** Slot s at 3s: key low, key high (0 for a free slot), value. */
  private readonly slots: Int32Array;
  private readonly mask: number;

  constructor(grams: readonly { gram: string; value: number }[]) {
    let slots = 16;
    while (slots < 2 * grams.length) slots *= 2;
    this.mask = slots - 1;
    this.slots = new Int32Array(3 * slots);
    for (const { gram, value } of grams) {
      if (gram.length < 1 || gram.length > MAX_GRAM) throw new Error(`n-gram of 1 to ${MAX_GRAM} units expected: "${gram}"`);
      const u = (i: number) => (i < gram.length ? gram.charCodeAt(i) : 0);
      const lo = u(0) | (u(1) << 16);
      const hi = u(2) | (gram.length << 16);
      let at = slot(lo, hi) & this.mask;
      while (this.slots[3 * at + 1] !== 0 && !(this.slots[3 * at] === lo && this.slots[3 * at + 1] === hi)) at = (at + 1) & this.mask;
      this.slots.set([lo, hi, value], 3 * at);
    }
  }

  /** The value of the n-gram of `length` units c0 c1 c2 (0 past its end), −1 when absent. */
  get(c0: number, c1: number, c2: number, length: number): number {
    const lo = c0 | (c1 << 16);
    const hi = c2 | (length << 16);
    const slots = this.slots;
    for (let at = slot(lo, hi) & this.mask; ; at = (at + 1) & this.mask) {
      const h = slots[3 * at + 1]!;
      if (h === 0) return -1;
      if (h === hi && slots[3 * at] === lo) return slots[3 * at + 2]!;
    }
  }
}

function slot(lo: number, hi: number): number {
  const h = Math.imul(lo, 0x9e3779b1) ^ Math.imul(hi, 0x85ebca77);
  return h ^ (h >>> 15);
}
