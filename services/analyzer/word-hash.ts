import { createHash } from 'node:crypto';

/** A word's md5 as two 32-bit masks: bits 0–31 and 32–63 of the simhash, least significant first. */
export function wordHash(word: string): [number, number] {
  const h = createHash('md5').update(word).digest();
  return [h.readInt32LE(0), h.readInt32LE(4)];
}
