/**
 * Scores a commitment extractor against the hand-labelled replies (GUIDE.md beside this file).
 *
 * Matching: an extracted commitment and a labelled span match when they share at least half of
 * the shorter of the two (character overlap in UTF-16 offsets); spans are clauses, and the
 * labeller's span may start at the subject where the extractor starts at 将, or run on to the
 * time limit. Pairs are taken greedily, largest overlap first, one to one. An extraction that
 * overlaps a labelled span already matched by another extraction is a split of that promise
 * ("将加强巡查" + "发现一起、查处一起"): counted apart, neither right nor wrong.
 *
 * - Government precision: extractions the extractor calls government promises that match a
 *   labelled government promise, over all it calls government (splits left out).
 * - Government recall: labelled government promises matched by an extraction called government.
 * - Third party: labelled third-party promises matched and marked third-party, and of those the
 *   extractor marks third-party, how many are labelled so.
 * - Dates: labelled government promises due on an ISO date that were matched, and of them, those
 *   the extractor dates to the same day.
 */
import type { LabelledReply } from './read-labelled-replies.ts';

/** What an extractor says about one promise, reduced to what the labels record. */
export interface ScoredExtraction {
  start: number;
  end: number;
  promiser: 'government' | 'third-party';
  /** YYYY-MM-DD, or 'vague', or 'none'. */
  due: string;
}

export interface CommitmentScores {
  replies: number;
  labelledGovernment: number;
  extractedGovernment: number;
  governmentMatched: number;
  /** Extractions matched to a labelled government promise (true positives of precision). */
  governmentCorrect: number;
  splits: number;
  labelledThirdParty: number;
  thirdPartyMarked: number;
  extractedThirdParty: number;
  extractedThirdPartyCorrect: number;
  datedMatched: number;
  datedRight: number;
  /** Labelled promises (any kind of due) matched, and those whose due kind (date/vague/none) agrees. */
  dueKindMatched: number;
  dueKindRight: number;
}

const overlap = (a: { start: number; end: number }, b: { start: number; end: number }): number => Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));
const matches = (a: { start: number; end: number }, b: { start: number; end: number }): boolean =>
  overlap(a, b) * 2 >= Math.min(a.end - a.start, b.end - b.start);
const dueKind = (due: string): string => (/^\d/.test(due) ? 'date' : due);

/** Pairs each labelled promise with at most one extraction; returns label index → extraction index. */
export function matchSpans(labels: readonly { start: number; end: number }[], found: readonly { start: number; end: number }[]): Map<number, number> {
  const pairs: [number, number, number][] = [];
  labels.forEach((l, i) => found.forEach((f, j) => matches(l, f) && pairs.push([overlap(l, f), i, j])));
  pairs.sort((a, b) => b[0] - a[0]);
  const byLabel = new Map<number, number>();
  const taken = new Set<number>();
  for (const [, i, j] of pairs) {
    if (byLabel.has(i) || taken.has(j)) continue;
    byLabel.set(i, j);
    taken.add(j);
  }
  return byLabel;
}

export function scoreCommitments(replies: readonly LabelledReply[], extract: (reply: LabelledReply) => ScoredExtraction[]): CommitmentScores {
  const s: CommitmentScores = {
    replies: replies.length,
    labelledGovernment: 0,
    extractedGovernment: 0,
    governmentMatched: 0,
    governmentCorrect: 0,
    splits: 0,
    labelledThirdParty: 0,
    thirdPartyMarked: 0,
    extractedThirdParty: 0,
    extractedThirdPartyCorrect: 0,
    datedMatched: 0,
    datedRight: 0,
    dueKindMatched: 0,
    dueKindRight: 0,
  };
  for (const reply of replies) {
    const labels = reply.commitments;
    const found = extract(reply);
    const byLabel = matchSpans(labels, found);
    const labelOf = new Map([...byLabel].map(([i, j]) => [j, i]));
    found.forEach((f, j) => {
      const i = labelOf.get(j);
      const split = i === undefined && labels.some((l, k) => byLabel.has(k) && overlap(l, f) > 0);
      if (split) {
        s.splits++;
        return;
      }
      const label = i === undefined ? undefined : labels[i];
      if (f.promiser === 'government') {
        s.extractedGovernment++;
        if (label?.promiser === 'government') s.governmentCorrect++;
      } else {
        s.extractedThirdParty++;
        if (label?.promiser === 'third-party') s.extractedThirdPartyCorrect++;
      }
    });
    labels.forEach((l, i) => {
      const j = byLabel.get(i);
      const f = j === undefined ? undefined : found[j];
      if (l.promiser === 'third-party') {
        s.labelledThirdParty++;
        if (f?.promiser === 'third-party') s.thirdPartyMarked++;
        return;
      }
      s.labelledGovernment++;
      if (f?.promiser !== 'government') return;
      s.governmentMatched++;
      s.dueKindMatched++;
      if (dueKind(f.due) === dueKind(l.due)) s.dueKindRight++;
      if (dueKind(l.due) === 'date') {
        s.datedMatched++;
        if (f.due === l.due) s.datedRight++;
      }
    });
  }
  return s;
}

const ratio = (n: number, d: number): string => (d ? `${(n / d).toFixed(3)} (${n}/${d})` : 'n/a');

/** One line of figures for a part of the set. */
export function formatScores(name: string, s: CommitmentScores): string {
  return (
    `${name} (${s.replies} replies): government precision ${ratio(s.governmentCorrect, s.extractedGovernment)}, ` +
    `recall ${ratio(s.governmentMatched, s.labelledGovernment)}; dates exact ${ratio(s.datedRight, s.datedMatched)}, ` +
    `due kind ${ratio(s.dueKindRight, s.dueKindMatched)}; third-party marked ${ratio(s.thirdPartyMarked, s.labelledThirdParty)}, ` +
    `third-party marks right ${ratio(s.extractedThirdPartyCorrect, s.extractedThirdParty)}; splits ${s.splits}`
  );
}
