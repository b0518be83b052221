import { MAX_GRAM } from './features.ts';

/** Bits of the membership filter: 32 KB, small enough to stay in cache between items. */
const FILTER_BITS = 1 << 18;

/**
 * Character n-grams (1–3 UTF-16 units) to feature positions, keyed by their units rather than by
 * strings: an item's text has three n-grams per character, and cutting each out as a string to
 * look it up in a Map cost more than the rest of the model.
 *
 * An n-gram is known by its units alone (unit 0 never occurs: normalization removes control
 * characters), so a slot is two int32: units 0–1, then unit 2 and the value. The table is
 * hundreds of kilobytes and goes cold while jieba runs, so a probe is a cache miss; most
 * n-grams of a text are no feature (19 in 20 trigrams), and a bit filter that stays in cache
 * turns most of them away before the table is touched.
 */
export class GramTable {
  /** Single units by their code, value + 1 (0: none): a text's characters are mostly features (5 in 6) and few. */
  private readonly units = new Uint16Array(0x10000);
  /** Slot s at 2s: units 0–1 (0 for a free slot), then unit 2 | value << 16. */
  private readonly slots: Int32Array;
  private readonly mask: number;
  private readonly filter = new Int32Array(FILTER_BITS >>> 5);

  constructor(grams: readonly { gram: string; value: number }[]) {
    let slots = 16;
    while (slots < 1.5 * grams.length) slots *= 2;
    this.mask = slots - 1;
    this.slots = new Int32Array(2 * slots);
    for (const { gram, value } of grams) {
      const u = (i: number) => (i < gram.length ? gram.charCodeAt(i) : 0);
      if (gram.length < 1 || gram.length > MAX_GRAM || [...Array(gram.length).keys()].some((i) => u(i) === 0)) {
        throw new Error(`n-gram of 1 to ${MAX_GRAM} nonzero units expected: ${JSON.stringify(gram)}`);
      }
      if (value < 0 || value >= 0xffff) throw new Error(`n-gram value ${value} out of 0..65534`);
      if (gram.length === 1) {
        this.units[u(0)] = value + 1;
        continue;
      }
      const lo = u(0) | (u(1) << 16);
      const c2 = u(2);
      const h = hash(lo, c2);
      this.filter[(h >>> 14) & ((FILTER_BITS >>> 5) - 1)]! |= 1 << (h & 31);
      let at = h & this.mask;
      while (this.slots[2 * at] !== 0 && !(this.slots[2 * at] === lo && (this.slots[2 * at + 1]! & 0xffff) === c2)) at = (at + 1) & this.mask;
      this.slots[2 * at] = lo;
      this.slots[2 * at + 1] = c2 | (value << 16);
    }
  }

  /** The value of the single unit c0, −1 when absent. */
  unit(c0: number): number {
    return this.units[c0]! - 1;
  }

  /** The value of the n-gram of units c0 c1 c2 (0 past its end), −1 when absent. */
  get(c0: number, c1: number, c2: number): number {
    if (c1 === 0) return this.unit(c0);
    const lo = c0 | (c1 << 16);
    const h = hash(lo, c2);
    if ((this.filter[(h >>> 14) & ((FILTER_BITS >>> 5) - 1)]! & (1 << (h & 31))) === 0) return -1;
    const slots = this.slots;
    for (let at = h & this.mask; ; at = (at + 1) & this.mask) {
      const key = slots[2 * at]!;
      if (key === 0) return -1;
      const rest = slots[2 * at + 1]!;
      if (key === lo && (rest & 0xffff) === c2) return rest >>> 16;
    }
  }
}

function hash(lo: number, c2: number): number {
  const h = Math.imul(lo, 0x9e3779b1) ^ Math.imul(c2 + 0x7f4a7c15, 0x85ebca77);
  return (h ^ (h >>> 15)) >>> 0;
}
