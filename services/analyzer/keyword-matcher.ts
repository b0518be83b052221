/** A keyword found in a text, with where it stands. */
export interface KeywordHit {
  keyword: string;
  start: number;
  end: number;
}

/** Keywords this long are specific enough to match inside a word (拖欠工资 in 拖欠工资款). */
const SUBSTRING_MIN_LENGTH = 4;

const NONE: readonly number[] = [];

/** A rule's keywords with their ids in one KeywordIndex, resolved once rather than per item. */
export interface KeywordList {
  readonly index: KeywordIndex;
  readonly keywords: readonly string[];
  /** Each keyword's id in the index, −1 for one it does not hold. */
  readonly ids: Int32Array;
}

/**
 * The keywords of every rule, indexed once by their first character, so a single pass over an
 * item's text finds them all instead of one scan of the text per keyword and rule.
 */
export class KeywordIndex {
  private readonly ids = new Map<string, number>();
  private readonly keywords: string[] = [];
  private readonly byFirstChar = new Map<number, number[]>();
  /**
   * A bit for each UTF-16 unit a keyword starts with: most characters of a text start none. Bits
   * rather than bytes, so the table stays in cache between items (8 KB rather than 64 KB).
   */
  private readonly starts = new Int32Array(0x10000 >>> 5);

  constructor(keywords: Iterable<string>) {
    for (const keyword of keywords) {
      if (this.ids.has(keyword)) continue;
      const id = this.keywords.length;
      this.ids.set(keyword, id);
      this.keywords.push(keyword);
      const first = keyword.charCodeAt(0);
      // The empty keyword starts with no unit (NaN) and is found by no scan.
      if (!Number.isNaN(first)) this.starts[first >>> 5]! |= 1 << (first & 31);
      const list = this.byFirstChar.get(first);
      if (list) list.push(id);
      else this.byFirstChar.set(first, [id]);
    }
  }

  /** The keyword's id, −1 when the index does not hold it. */
  idOf(keyword: string): number {
    return this.ids.get(keyword) ?? -1;
  }

  list(keywords: readonly string[]): KeywordList {
    return { index: this, keywords, ids: Int32Array.from(keywords, (k) => this.idOf(k)) };
  }

  /** Where each indexed keyword starts in text, ascending; overlapping occurrences included. */
  occurrences(text: string): Map<string, number[]> {
    const found = new Map<string, number[]>();
    for (const [id, starts] of this.startsById(text).entries()) if (starts) found.set(this.keywords[id]!, starts);
    return found;
  }

  /** occurrences() by keyword id: undefined for a keyword the text does not hold. */
  startsById(text: string): (number[] | undefined)[] {
    const found = new Array<number[] | undefined>(this.keywords.length);
    for (let i = 0; i < text.length; i++) {
      const first = text.charCodeAt(i);
      if (((this.starts[first >>> 5]! >>> (first & 31)) & 1) === 0) continue;
      for (const id of this.byFirstChar.get(first)!) {
        if (!text.startsWith(this.keywords[id]!, i)) continue;
        const starts = found[id];
        if (starts) starts.push(i);
        else found[id] = [i];
      }
    }
    return found;
  }
}

/**
 * Finds keywords in a segmented text. A short keyword must be a jieba word, a run of words,
 * or the head or tail of a compound word (学校 in 学校食堂, 学生 in 大学生), so 学生 does not
 * fire across 大学/生活; where two hits overlap the longer one wins (医保卡 over 医保).
 */
export class KeywordMatcher {
  readonly text: string;
  /** 1 where a token starts, and at the end of the text. */
  private readonly boundary: Uint8Array;
  private readonly indexed: { index: KeywordIndex; starts: (number[] | undefined)[] } | undefined;

  /** With an index, keywords it holds are found in one pass; others are still found by scanning. */
  constructor(tokens: readonly string[], index?: KeywordIndex) {
    this.text = tokens.join('');
    this.boundary = new Uint8Array(this.text.length + 1);
    let at = 0;
    for (const t of tokens) {
      this.boundary[at] = 1;
      at += t.length;
    }
    this.boundary[at] = 1;
    this.indexed = index && { index, starts: index.startsById(this.text) };
  }

  private aligned(start: number, end: number): boolean {
    const startsWord = this.boundary[start] === 1;
    const endsWord = this.boundary[end] === 1;
    let inOneWord = true;
    for (let i = start + 1; i < end && inOneWord; i++) inOneWord = this.boundary[i] === 0;
    return (startsWord && endsWord) || (inOneWord && (startsWord || endsWord));
  }

  /** Where the keyword (of the matcher's index: id ≥ 0) starts in the text. */
  private startsOf(keyword: string, id: number): readonly number[] {
    if (id >= 0) return this.indexed!.starts[id] ?? NONE;
    const starts: number[] = [];
    for (let i = this.text.indexOf(keyword); i >= 0; i = this.text.indexOf(keyword, i + 1)) starts.push(i);
    return starts;
  }

  /** Every non-overlapping hit of any of the keywords, longest first when they compete. */
  find(keywords: readonly string[] | KeywordList): KeywordHit[] {
    const words = 'ids' in keywords ? keywords.keywords : keywords;
    // Ids resolved against this matcher's index serve as they are; other keywords are looked up.
    const ids = 'ids' in keywords && keywords.index === this.indexed?.index ? keywords.ids : undefined;
    const hits: KeywordHit[] = [];
    // A repeated keyword needs no dedupe: its second hits overlap the first and are dropped below.
    for (let k = 0; k < words.length; k++) {
      const keyword = words[k]!;
      const id = ids ? ids[k]! : (this.indexed?.index.idOf(keyword) ?? -1);
      for (const start of this.startsOf(keyword, id)) {
        const end = start + keyword.length;
        if (keyword.length >= SUBSTRING_MIN_LENGTH || this.aligned(start, end)) {
          hits.push({ keyword, start, end });
        }
      }
    }
    if (hits.length === 0) return hits;
    hits.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
    const kept: KeywordHit[] = [];
    for (const h of hits) if (!kept.some((k) => h.start < k.end && k.start < h.end)) kept.push(h);
    return kept.sort((a, b) => a.start - b.start);
  }
}
