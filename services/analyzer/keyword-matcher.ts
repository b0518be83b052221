/** A keyword found in a text, with where it stands. */
export interface KeywordHit {
  keyword: string;
  start: number;
  end: number;
}

/** Keywords this long are specific enough to match inside a word (拖欠工资 in 拖欠工资款). */
const SUBSTRING_MIN_LENGTH = 4;

/**
 * Finds keywords in a segmented text. A short keyword must be a jieba word, a run of words,
 * or the head or tail of a compound word (学校 in 学校食堂, 学生 in 大学生), so 学生 does not
 * fire across 大学/生活; where two hits overlap the longer one wins (医保卡 over 医保).
 */
export class KeywordMatcher {
  readonly text: string;
  /** tokenEnd[i] = end offset of the token that covers character i. */
  private readonly tokenEnd: number[] = [];
  private readonly tokenStart: number[] = [];

  constructor(tokens: readonly string[]) {
    let at = 0;
    for (const t of tokens) {
      for (let k = 0; k < t.length; k++) {
        this.tokenStart.push(at);
        this.tokenEnd.push(at + t.length);
      }
      at += t.length;
    }
    this.text = tokens.join('');
  }

  private aligned(start: number, end: number): boolean {
    const startsWord = this.tokenStart[start] === start;
    const endsWord = this.tokenEnd[end - 1] === end;
    const inOneWord = this.tokenStart[start] === this.tokenStart[end - 1];
    return (startsWord && endsWord) || (inOneWord && (startsWord || endsWord));
  }

  /** Every non-overlapping hit of any of the keywords, longest first when they compete. */
  find(keywords: readonly string[]): KeywordHit[] {
    const hits: KeywordHit[] = [];
    for (const keyword of new Set(keywords)) {
      for (let i = this.text.indexOf(keyword); i >= 0; i = this.text.indexOf(keyword, i + 1)) {
        const end = i + keyword.length;
        if (keyword.length >= SUBSTRING_MIN_LENGTH || this.aligned(i, end)) {
          hits.push({ keyword, start: i, end });
        }
      }
    }
    hits.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
    const kept: KeywordHit[] = [];
    for (const h of hits) if (!kept.some((k) => h.start < k.end && k.start < h.end)) kept.push(h);
    return kept.sort((a, b) => a.start - b.start);
  }
}
