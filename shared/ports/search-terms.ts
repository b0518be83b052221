import type { Segmenter } from './search-index.ts';

/** Largest page a search returns, on every adapter. */
export const MAX_PAGE = 500;

/** Words worth indexing: at least one letter or digit (drops punctuation and spaces). */
const WORD = /[\p{L}\p{N}]/u;

/** Segmented words of the given texts, joined by spaces, as every index adapter stores them. */
export function indexTerms(segment: Segmenter, texts: (string | undefined)[]): string {
  return texts
    .filter((t): t is string => Boolean(t))
    .flatMap((t) => segment(t))
    .filter((w) => WORD.test(w))
    .join(' ');
}

/**
 * The distinct words a query must match, segmented as documents are. Search-mode
 * segmentation also yields compounds (拖欠工资 next to 拖欠 and 工资); a compound whose every
 * character is covered by shorter words of the query is dropped, so "拖欠工资" also finds
 * "拖欠员工工资" while each of its words is still required.
 */
export function queryTerms(segment: Segmenter, text: string): string[] {
  const words = [...new Set(segment(text).filter((w) => WORD.test(w)))];
  return words.filter((w) => !coveredByShorter(w, words));
}

function coveredByShorter(word: string, words: string[]): boolean {
  const covered = new Array<boolean>(word.length).fill(false);
  for (const other of words) {
    if (other.length >= word.length) continue;
    for (let at = word.indexOf(other); at >= 0; at = word.indexOf(other, at + 1)) {
      covered.fill(true, at, at + other.length);
    }
  }
  return covered.every(Boolean);
}

/**
 * The four 16-bit bands of a 64-bit simhash (16 hex digits), each tagged with its position so
 * equal bits in different positions do not match. Index adapters store them as keyword terms.
 */
export function simhashBands(simhash: string): string[] {
  return [0, 1, 2, 3].map((b) => `${b}:${simhash.slice(b * 4, b * 4 + 4)}`);
}
