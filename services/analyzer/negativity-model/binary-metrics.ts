export interface BinaryReport {
  n: number;
  accuracy: number;
  /** F1 of the negative class. */
  f1: number;
  /** Area under the ROC curve of the score ranking negative texts above the others (ties count half). */
  auc: number;
}

/** Figures of scores (higher = more negative) against gold labels; a score ≥ threshold is called negative. */
export function binaryReport(scored: readonly { score: number; negative: boolean }[], threshold: number): BinaryReport {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let correct = 0;
  for (const s of scored) {
    const called = s.score >= threshold;
    if (called === s.negative) correct++;
    if (called && s.negative) tp++;
    else if (called) fp++;
    else if (s.negative) fn++;
  }
  return { n: scored.length, accuracy: scored.length ? correct / scored.length : 0, f1: tp ? (2 * tp) / (2 * tp + fp + fn) : 0, auc: auc(scored) };
}

function auc(scored: readonly { score: number; negative: boolean }[]): number {
  const sorted = [...scored].sort((a, b) => a.score - b.score);
  const positives = sorted.filter((s) => s.negative).length;
  const negatives = sorted.length - positives;
  if (!positives || !negatives) return 0;
  // Mann–Whitney U from ranks, tied scores sharing their mean rank.
  let rankSum = 0;
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j < sorted.length && sorted[j]!.score === sorted[i]!.score) j++;
    const meanRank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) if (sorted[k]!.negative) rankSum += meanRank;
    i = j;
  }
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}
