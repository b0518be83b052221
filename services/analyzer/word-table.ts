import { wordHash } from './word-hash.ts';

/** What the word table asks of the topic model and the negativity scorer, once per distinct word. */
export interface WordDescribers {
  /** Position in the topic model's vocabulary, −1 for a word the model does not count. */
  vocabularyIndex(word: string): number;
  /** The word's entry in the sentiment lexicon (−1 for none) and the scorer's flags (8 bits) for it. */
  sentiment(word: string): { entry: number; flags: number };
  /** The negativity model's feature of the word as itself and as a negated word, −1 for none. */
  negativityFeatures?(word: string): { plain: number; negated: number };
}

/**
 * A word's record: RECORD int32 fields at its id. The first three are the key (length, then the
 * first four UTF-16 units; length 0 marks an empty slot), the rest what the analyzer knows of it.
 */
const RECORD = 10;
const LENGTH = 0;
const UNITS01 = 1;
const UNITS23 = 2;
/** md5 of the word, bits 0–31 and 32–63 of its simhash contribution. */
export const HASH_LO = 3;
export const HASH_HI = 4;
/** Topic-model vocabulary position, −1 when the model does not count the word. */
export const VOCABULARY = 5;
/** Sentiment-lexicon entry, −1 when the word is in none. */
export const LEXICON = 6;
/** The negativity scorer's flags (bits 0–7) and BLANK. */
export const FLAGS = 7;
/** Negativity-model features of the word as itself and negated, −1 when the model has none. */
export const NEGATIVITY_PLAIN = 8;
export const NEGATIVITY_NEGATED = 9;
/** Spaces and line breaks only: not a token of the item's word list. */
export const BLANK = 1 << 8;

/** Words up to this many UTF-16 units (all but one token in a thousand) are found by their units alone. */
const SHORT = 4;
/** Past this many distinct words the table starts over: it is a memo, not a dictionary (about 40 MB). */
const MAX_WORDS = 1 << 19;
const INITIAL_SLOTS = 1 << 13;

const unit = (word: string, i: number) => (i < word.length ? word.charCodeAt(i) : 0);

/** Hash of a word's key; the high bits are folded down, as slots are picked by the low ones. */
function slotHash(length: number, units01: number, units23: number): number {
  const h = Math.imul(units01, 0x9e3779b1) ^ Math.imul(units23 + length, 0x85ebca77);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * One lookup per token for everything the analyzer knows of a word: its simhash pieces (md5),
 * its topic-model vocabulary position, its sentiment-lexicon entry and negativity-model features, worked out the first time
 * the word is seen (words repeat across items). The simhash, the topic model and the negativity
 * scorer each looked words up in tables of their own before; after segmentation, which leaves
 * the caches cold, those lookups were a third of the analysis.
 *
 * Records live in one open-addressing table of integers, so a lookup costs one cache line: a
 * short word is found by comparing its length and units, without hashing or comparing strings;
 * a longer one through a Map to its record. A word's id is its record's offset in `records`.
 */
export class WordTable {
  records = new Int32Array(INITIAL_SLOTS * RECORD);
  private slotMask = INITIAL_SLOTS - 1;
  private size = 0;
  private readonly long = new Map<string, number>();

  constructor(
    private readonly describers: WordDescribers,
    private readonly maxWords = MAX_WORDS,
  ) {}

  /** Distinct words held. */
  get words(): number {
    return this.size;
  }

  /** Each token's word id; ids stay valid until the next call. */
  idsOf(tokens: readonly string[]): Int32Array {
    if (this.size + tokens.length > this.maxWords) this.clear();
    // Room for every token being new, so no record moves while this call hands out ids.
    while (2 * (this.size + tokens.length) > this.slotMask + 1) this.grow();
    const ids = new Int32Array(tokens.length);
    for (let i = 0; i < tokens.length; i++) ids[i] = this.idOf(tokens[i]!);
    return ids;
  }

  private idOf(word: string): number {
    const length = word.length;
    if (length === 0 || length > SHORT) {
      const id = this.long.get(word);
      if (id !== undefined) return id;
      const added = this.add(word, this.emptySlot(length, unit(word, 0) | (unit(word, 1) << 16), unit(word, 2) | (unit(word, 3) << 16)));
      this.long.set(word, added);
      return added;
    }
    const units01 = unit(word, 0) | (unit(word, 1) << 16);
    const units23 = unit(word, 2) | (unit(word, 3) << 16);
    const records = this.records;
    for (let slot = slotHash(length, units01, units23); ; slot++) {
      const at = (slot & this.slotMask) * RECORD;
      const stored = records[at + LENGTH]!;
      if (stored === 0) return this.add(word, at);
      if (stored === length && records[at + UNITS01] === units01 && records[at + UNITS23] === units23) return at;
    }
  }

  /** The first free record on the probe path of a key. */
  private emptySlot(length: number, units01: number, units23: number): number {
    for (let slot = slotHash(length, units01, units23); ; slot++) {
      const at = (slot & this.slotMask) * RECORD;
      if (this.records[at + LENGTH] === 0) return at;
    }
  }

  private add(word: string, at: number): number {
    const r = this.records;
    // Length 0 marks a free slot: the empty word is kept as a long one (found through the Map).
    r[at + LENGTH] = word.length === 0 ? SHORT + 1 : word.length;
    r[at + UNITS01] = unit(word, 0) | (unit(word, 1) << 16);
    r[at + UNITS23] = unit(word, 2) | (unit(word, 3) << 16);
    const [lo, hi] = wordHash(word);
    r[at + HASH_LO] = lo;
    r[at + HASH_HI] = hi;
    r[at + VOCABULARY] = this.describers.vocabularyIndex(word);
    const sentiment = this.describers.sentiment(word);
    r[at + LEXICON] = sentiment.entry;
    r[at + FLAGS] = (sentiment.flags & 0xff) | (word.trim() === '' ? BLANK : 0);
    const model = this.describers.negativityFeatures?.(word);
    r[at + NEGATIVITY_PLAIN] = model?.plain ?? -1;
    r[at + NEGATIVITY_NEGATED] = model?.negated ?? -1;
    this.size++;
    return at;
  }

  /** Doubles the table; only between calls of idsOf, since records move. */
  private grow(): void {
    const old = this.records;
    this.slotMask = this.slotMask * 2 + 1;
    this.records = new Int32Array((this.slotMask + 1) * RECORD);
    const moved = new Map<number, number>();
    for (let at = 0; at < old.length; at += RECORD) {
      const length = old[at + LENGTH]!;
      if (length === 0) continue;
      const to = this.emptySlot(length, old[at + UNITS01]!, old[at + UNITS23]!);
      this.records.set(old.subarray(at, at + RECORD), to);
      moved.set(at, to);
    }
    for (const [word, at] of this.long) this.long.set(word, moved.get(at)!);
  }

  private clear(): void {
    this.records.fill(0);
    this.long.clear();
    this.size = 0;
  }
}
