import type { KeywordHit, KeywordIndex, KeywordList, KeywordMatcher } from './keyword-matcher.ts';

/**
 * A cue: words that name an incident only together, each group a set of alternatives that must
 * all be found close by in one sentence (拉肚子 + 食堂, 工资 + 不发, 路面 + 塌陷). Colloquial
 * tickets rarely use the official term (食物中毒, 拖欠工资) but nearly always say what happened
 * and to what. A term written /like this/ is a regular expression (9个学生, 十几个孩子).
 */
export type Cue = readonly (readonly string[])[];

/** Cue words further apart than this, in characters, are not taken as one statement. */
export const CUE_SPAN = 30;

/** Where a sentence ends: a cue does not join words across it. */
const SENTENCE_END = /[。！？!?；;\n]/;

const isPattern = (term: string) => term.length > 2 && term.startsWith('/') && term.endsWith('/');

/** A cue's groups resolved once: their plain words as keyword lists, their patterns compiled. */
interface ResolvedGroup {
  words: KeywordList;
  patterns: RegExp[];
}

export class CueList {
  private readonly cues: ResolvedGroup[][];

  constructor(
    index: KeywordIndex,
    readonly source: readonly Cue[],
  ) {
    this.cues = source.map((cue) =>
      cue.map((group) => ({
        words: index.list(group.filter((t) => !isPattern(t))),
        patterns: group.filter(isPattern).map((t) => new RegExp(t.slice(1, -1), 'gu')),
      })),
    );
  }

  /** The plain words of cues, to be put in the KeywordIndex the matcher is built on. */
  static words(cues: readonly Cue[]): string[] {
    return cues.flatMap((cue) => cue.flatMap((group) => group.filter((t) => !isPattern(t))));
  }

  /** Each cue found in the text, as its words joined by + (拉肚子+食堂), once per cue. */
  find(matcher: KeywordMatcher): string[] {
    const found: string[] = [];
    for (const cue of this.cues) {
      // Most cues miss on their first group: the later groups (patterns among them) are not searched then.
      const hits: KeywordHit[][] = [];
      for (const group of cue) {
        const h = hitsOf(group, matcher);
        if (h.length === 0) break;
        hits.push(h);
      }
      if (hits.length < cue.length) continue;
      const together = closeTogether(hits, matcher.text);
      if (together) found.push(together.map((h) => h.keyword).join('+'));
    }
    return found;
  }
}

/** The group's hits in the text, by start. */
function hitsOf(group: ResolvedGroup, matcher: KeywordMatcher): KeywordHit[] {
  const hits = group.words.keywords.length ? matcher.find(group.words) : [];
  if (group.patterns.length === 0) return hits;
  for (const re of group.patterns) {
    for (const m of matcher.text.matchAll(re)) hits.push({ keyword: m[0], start: m.index, end: m.index + m[0].length });
  }
  return hits.sort((a, b) => a.start - b.start);
}

/**
 * One hit of every group within CUE_SPAN of a hit of the first group and in its sentence, or
 * undefined. Hits are sorted, so each group is searched only around the anchor: a long text
 * that repeats the words costs time in proportion to its hits, not their square.
 */
function closeTogether(groups: readonly KeywordHit[][], text: string): KeywordHit[] | undefined {
  const from = groups.map(() => 0);
  for (const anchor of groups[0]!) {
    const chosen = [anchor];
    for (let g = 1; g < groups.length; g++) {
      const hits = groups[g]!;
      // Anchors ascend, so hits ending before this anchor's window are behind every later one too.
      while (from[g]! < hits.length && hits[from[g]!]!.end < anchor.start - CUE_SPAN) from[g]!++;
      let near: KeywordHit | undefined;
      for (let i = from[g]!; i < hits.length && hits[i]!.start <= anchor.end + CUE_SPAN && !near; i++) {
        const h = hits[i]!;
        if (h.start < anchor.end && anchor.start < h.end) continue; // one word cannot stand for two groups
        const start = Math.min(anchor.start, h.start);
        const end = Math.max(anchor.end, h.end);
        if (end - start <= CUE_SPAN && !SENTENCE_END.test(text.slice(start, end))) near = h;
      }
      if (!near) break;
      chosen.push(near);
    }
    if (chosen.length === groups.length) return chosen;
  }
  return undefined;
}
