/**
 * Vocabulary positions of character n-grams (n ≤ 3), looked up by their UTF-16 units rather
 * than by a sliced string: a 400-character text has 1,200 grams, and slicing and hashing each
 * one as a string cost more than the rest of the topic model. Open addressing over typed arrays;
 * a gram is its length and units packed into two int32 keys.
 */
export class GramTable {
  /** Per slot its two keys and the vocabulary position + 1 (0: empty), side by side: one cache miss per probe. */
  private readonly slots: Int32Array;
  private readonly mask: number;
  /** Single units, most of them in the vocabulary, by their code directly: position + 1, 0 for none. */
  private readonly units = new Int32Array(0x10000);

  constructor(grams: Iterable<[gram: string, position: number]>) {
    const entries = [...grams];
    let size = 1024;
    while (size < entries.length * 2) size *= 2;
    this.mask = size - 1;
    this.slots = new Int32Array(size * 3);
    for (const [gram, position] of entries) {
      if (gram.length < 1 || gram.length > 3) throw new Error(`gram table: ${gram} is not 1 to 3 units long`);
      if (gram.length === 1) {
        this.units[gram.charCodeAt(0)] = position + 1;
        continue;
      }
      const a = keyA(gram.length, gram.charCodeAt(0));
      const b = keyB(gram.charCodeAt(1) || 0, gram.charCodeAt(2) || 0);
      let slot = hash(a, b) & this.mask;
      while (this.slots[slot * 3 + 2] !== 0) slot = (slot + 1) & this.mask;
      this.slots[slot * 3] = a;
      this.slots[slot * 3 + 1] = b;
      this.slots[slot * 3 + 2] = position + 1;
    }
  }

  /** The vocabulary position of the n units of text from `at`, −1 when the gram is not in it. */
  lookup(text: string, at: number, n: number): number {
    if (n === 1) return this.units[text.charCodeAt(at)]! - 1;
    const a = keyA(n, text.charCodeAt(at));
    const b = keyB(text.charCodeAt(at + 1), n > 2 ? text.charCodeAt(at + 2) : 0);
    const { slots, mask } = this;
    for (let slot = hash(a, b) & mask; ; slot = (slot + 1) & mask) {
      const at = slot * 3;
      const v = slots[at + 2]!;
      if (v === 0) return -1;
      if (slots[at] === a && slots[at + 1] === b) return v - 1;
    }
  }
}

const keyA = (n: number, u0: number) => (n << 16) | u0;
const keyB = (u1: number, u2: number) => (u1 << 16) | u2;

function hash(a: number, b: number): number {
  const h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca77);
  return (h ^ (h >>> 15)) >>> 0;
}
