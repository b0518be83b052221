/** A keyword found in a text, with where it stands. */
export interface KeywordHit {
  keyword: string;
  start: number;
  end: number;
}

/** Keywords this long are specific enough to match inside a word (拖欠工资 in 拖欠工资款). */
const SUBSTRING_MIN_LENGTH = 4;

const NONE: readonly number[] = [];

/**
 * The keywords of every rule, indexed once by their first character, so a single pass over an
 * item's text finds them all instead of one scan of the text per keyword and rule.
 */
export class KeywordIndex {
  private readonly keywords: ReadonlySet<string>;
  private readonly byFirstChar = new Map<number, string[]>();
  /** 1 for each UTF-16 unit a keyword starts with: most characters of a text start none. */
  private readonly starts = new Uint8Array(0x10000);

  constructor(keywords: Iterable<string>) {
    this.keywords = new Set(keywords);
    for (const keyword of this.keywords) {
      const first = keyword.charCodeAt(0);
      this.starts[first] = 1;
      const list = this.byFirstChar.get(first);
      if (list) list.push(keyword);
      else this.byFirstChar.set(first, [keyword]);
    }
  }

  has(keyword: string): boolean {
    return this.keywords.has(keyword);
  }

  /** Where each indexed keyword starts in text, ascending; overlapping occurrences included. */
  occurrences(text: string): Map<string, number[]> {
    const found = new Map<string, number[]>();
    for (let i = 0; i < text.length; i++) {
      const first = text.charCodeAt(i);
      if (this.starts[first] === 0) continue;
      for (const keyword of this.byFirstChar.get(first)!) {
        if (!text.startsWith(keyword, i)) continue;
        const starts = found.get(keyword);
        if (starts) starts.push(i);
        else found.set(keyword, [i]);
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
  /** tokenEnd[i] = end offset of the token that covers character i. */
  private readonly tokenEnd: Int32Array;
  private readonly tokenStart: Int32Array;
  private readonly indexed: { index: KeywordIndex; occurrences: Map<string, number[]> } | undefined;

  /** With an index, keywords it holds are found in one pass; others are still found by scanning. */
  constructor(tokens: readonly string[], index?: KeywordIndex) {
    this.text = tokens.join('');
    this.tokenStart = new Int32Array(this.text.length);
    this.tokenEnd = new Int32Array(this.text.length);
    let at = 0;
    for (const t of tokens) {
      const end = at + t.length;
      for (let i = at; i < end; i++) {
        this.tokenStart[i] = at;
        this.tokenEnd[i] = end;
      }
      at = end;
    }
    this.indexed = index && { index, occurrences: index.occurrences(this.text) };
  }

  private aligned(start: number, end: number): boolean {
    const startsWord = this.tokenStart[start] === start;
    const endsWord = this.tokenEnd[end - 1] === end;
    const inOneWord = this.tokenStart[start] === this.tokenStart[end - 1];
    return (startsWord && endsWord) || (inOneWord && (startsWord || endsWord));
  }

  private startsOf(keyword: string): readonly number[] {
    if (this.indexed?.index.has(keyword)) return this.indexed.occurrences.get(keyword) ?? NONE;
    const starts: number[] = [];
    for (let i = this.text.indexOf(keyword); i >= 0; i = this.text.indexOf(keyword, i + 1)) starts.push(i);
    return starts;
  }

  /** Every non-overlapping hit of any of the keywords, longest first when they compete. */
  find(keywords: readonly string[]): KeywordHit[] {
    const hits: KeywordHit[] = [];
    // A repeated keyword needs no dedupe: its second hits overlap the first and are dropped below.
    for (const keyword of keywords) {
      for (const start of this.startsOf(keyword)) {
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
