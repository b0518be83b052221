/**
 * The character n-grams both models count, found in one pass over an item's text: the topic
 * model's bigrams (read across spaces) and the negativity model's 1–3-grams (broken at blanks).
 *
 * An item has three n-grams per character, and the tables holding them are megabytes that go
 * cold while jieba runs, so every probe is a cache miss. One table for both models answers a
 * bigram for both with one probe, where each model probing its own table cost two; a bigram's
 * slot also says whether any trigram starts with it, so most trigrams need no probe at all.
 * Grams are keyed by their UTF-16 units rather than by sliced strings: slicing and hashing each
 * one as a string cost more than the rest of the models.
 */

import { isBlankUnit, MAX_GRAM } from './negativity-model/features.ts';

/** A gram and the feature position a model gives it. */
export type GramFeature = readonly [gram: string, position: number];

/** The grams each model counts; a model left out finds none. */
export interface GramVocabularies {
  /** The topic model's character bigrams. */
  topic?: readonly GramFeature[];
  /** The negativity model's character 1–3-grams, none holding a blank unit. */
  negativity?: readonly GramFeature[];
}

/** What scan() found, in text order: feature positions, valid until the next scan. */
export interface ScannedGrams {
  topic: Int32Array;
  negativity: Int32Array;
}

/** A unit that /\s/ matches: the topic model's grams are read from the text with those removed (gramSource). */
export function isSpaceUnit(u: number): boolean {
  if (u <= 0x20) return u === 0x20 || (u >= 0x09 && u <= 0x0d);
  if (u < 0xa0) return false;
  if (u >= 0x3000) return u === 0x3000 || u === 0xfeff;
  return u === 0xa0 || u === 0x1680 || (u >= 0x2000 && u <= 0x200a) || u === 0x2028 || u === 0x2029 || u === 0x202f || u === 0x205f;
}

/** Slot fields (3 int32): units 0–1 (0: free slot); unit 2 | negativity position + 1 << 16; topic position + 1 | EXTENDS. */
const KEY = 0;
const REST = 1;
const TOPIC = 2;
const SLOT = 3;
/** The bigram begins some negativity trigram: only then is the trigram looked up. */
const EXTENDS = 1 << 30;
const POSITION = EXTENDS - 1;
/** Bits of the trigram filter: 16 KB, small enough to stay in cache between items. */
const FILTER_BITS = 1 << 17;

export class GramIndex {
  /** Negativity position + 1 of single units, by code (0: none): a text's characters are mostly features, and few. */
  private readonly units = new Uint16Array(0x10000);
  private readonly slots: Int32Array;
  private readonly mask: number;
  /**
   * A bit per trigram hash: of the trigrams whose first two units begin some trigram feature,
   * four in five are none, and the filter turns most of those away without a probe of the
   * table, which is a cache miss.
   */
  private readonly trigrams = new Int32Array(FILTER_BITS >>> 5);
  private topicOut = new Int32Array(256);
  private negativityOut = new Int32Array(768);

  constructor({ topic = [], negativity = [] }: GramVocabularies) {
    /** Per bigram or trigram: its two keys and fields, merged across the models. */
    const entries = new Map<string, { key: number; c2: number; topic: number; negativity: number; extends: boolean }>();
    const entry = (gram: string) => {
      const units = [...Array(gram.length).keys()].map((i) => gram.charCodeAt(i));
      if (units.some((u) => u === 0)) throw new Error(`n-gram of nonzero units expected: ${JSON.stringify(gram)}`);
      let e = entries.get(gram);
      if (!e) entries.set(gram, (e = { key: units[0]! | (units[1]! << 16), c2: units[2] ?? 0, topic: -1, negativity: -1, extends: false }));
      return e;
    };
    for (const [gram, position] of topic) {
      if (gram.length !== 2) throw new Error(`topic gram of 2 units expected: ${JSON.stringify(gram)}`);
      if (position < 0 || position >= POSITION) throw new Error(`topic gram position ${position} out of range`);
      entry(gram).topic = position;
    }
    for (const [gram, position] of negativity) {
      if (gram.length < 1 || gram.length > MAX_GRAM) throw new Error(`negativity n-gram of 1 to 3 units expected: ${JSON.stringify(gram)}`);
      if (position < 0 || position >= 0xffff) throw new Error(`negativity n-gram position ${position} out of 0..65534`);
      if (gram.length === 1) {
        if (gram.charCodeAt(0) === 0) throw new Error('n-gram of nonzero units expected: "\\u0000"');
        this.units[gram.charCodeAt(0)] = position + 1;
        continue;
      }
      entry(gram).negativity = position;
      if (gram.length === 3) entry(gram.slice(0, 2)).extends = true;
    }
    let size = 1024;
    while (size < 1.5 * entries.size) size *= 2;
    this.mask = size - 1;
    this.slots = new Int32Array(SLOT * size);
    for (const e of entries.values()) {
      if (e.c2 !== 0) this.trigrams[filterWord(hash(e.key, e.c2))]! |= filterBit(hash(e.key, e.c2));
      let at = SLOT * (hash(e.key, e.c2) & this.mask);
      while (this.slots[at + KEY] !== 0) at = (at + SLOT) % this.slots.length;
      this.slots[at + KEY] = e.key;
      this.slots[at + REST] = e.c2 | ((e.negativity + 1) << 16);
      this.slots[at + TOPIC] = (e.topic + 1) | (e.extends ? EXTENDS : 0);
    }
  }

  /**
   * The grams of a text as each model reads them, in its order: the topic model's bigram at
   * each non-space unit with the next non-space one; the negativity model's unit, bigram and
   * trigram starting at each unit, none across a blank.
   */
  scan(text: string): ScannedGrams {
    const n = text.length;
    if (this.topicOut.length < n) this.topicOut = new Int32Array(2 * n);
    if (this.negativityOut.length < 3 * n) this.negativityOut = new Int32Array(6 * n);
    const { units, slots, topicOut, negativityOut } = this;
    let topics = 0;
    let negatives = 0;
    for (let s = 0; s < n; s++) {
      const c0 = text.charCodeAt(s);
      const c1 = s + 1 < n ? text.charCodeAt(s + 1) : -1;
      const negativityGrams = !isBlankUnit(c0);
      if (negativityGrams) {
        const v = units[c0]!;
        if (v !== 0) negativityOut[negatives++] = v - 1;
      }
      const negativityBigram = negativityGrams && c1 >= 0 && !isBlankUnit(c1);
      const topicGram = c1 >= 0 && !isSpaceUnit(c0);
      // Units s and s + 1 as a bigram, looked up once for both models.
      const bigram = negativityBigram || (topicGram && !isSpaceUnit(c1)) ? this.find(c0 | (c1 << 16), 0) : -1;
      if (topicGram) {
        let at = bigram;
        if (isSpaceUnit(c1)) {
          // The topic model reads the text with spaces removed: its bigram joins the next non-space unit.
          let next = s + 2;
          while (next < n && isSpaceUnit(text.charCodeAt(next))) next++;
          at = next < n ? this.find(c0 | (text.charCodeAt(next) << 16), 0) : -1;
        }
        const v = at >= 0 ? slots[at + TOPIC]! & POSITION : 0;
        if (v !== 0) topicOut[topics++] = v - 1;
      }
      if (!negativityBigram || bigram < 0) continue;
      const v = slots[bigram + REST]! >>> 16;
      if (v !== 0) negativityOut[negatives++] = v - 1;
      if ((slots[bigram + TOPIC]! & EXTENDS) === 0 || s + 2 >= n) continue;
      const c2 = text.charCodeAt(s + 2);
      if (isBlankUnit(c2)) continue;
      const h = hash(c0 | (c1 << 16), c2);
      if ((this.trigrams[filterWord(h)]! & filterBit(h)) === 0) continue;
      const trigram = this.find(c0 | (c1 << 16), c2);
      const w = trigram >= 0 ? slots[trigram + REST]! >>> 16 : 0;
      if (w !== 0) negativityOut[negatives++] = w - 1;
    }
    return { topic: topicOut.subarray(0, topics), negativity: negativityOut.subarray(0, negatives) };
  }

  /** The slot (offset in slots) of the gram with units key (0–1) and c2 (0 for a bigram), −1 when absent. */
  private find(key: number, c2: number): number {
    const { slots } = this;
    for (let at = SLOT * (hash(key, c2) & this.mask); ; at = (at + SLOT) % slots.length) {
      const k = slots[at + KEY]!;
      if (k === 0) return -1;
      if (k === key && (slots[at + REST]! & 0xffff) === c2) return at;
    }
  }
}

/** The filter bit of a hash: from bits the table's slot number does not use. */
const filterWord = (h: number) => (h >>> 15) & ((FILTER_BITS >>> 5) - 1);
const filterBit = (h: number) => 1 << (h & 31);

function hash(key: number, c2: number): number {
  const h = Math.imul(key, 0x9e3779b1) ^ Math.imul(c2 + 0x7f4a7c15, 0x85ebca77);
  return (h ^ (h >>> 15)) >>> 0;
}
