export interface LabelScores {
  label: string;
  support: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface ClassificationReport {
  n: number;
  accuracy: number;
  macroF1: number;
  perLabel: LabelScores[];
}

/** One label's counts (true positives, predicted, gold support) and precision, recall and F1. */
export function labelScores(pairs: readonly { gold: string; predicted: string | undefined }[], label: string) {
  const tp = pairs.filter((p) => p.gold === label && p.predicted === label).length;
  const predicted = pairs.filter((p) => p.predicted === label).length;
  const support = pairs.filter((p) => p.gold === label).length;
  const precision = predicted ? tp / predicted : 0;
  const recall = support ? tp / support : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { tp, predicted, support, precision, recall, f1 };
}

/** Accuracy, macro-F1 and per-label precision/recall/F1 of predictions against gold labels. */
export function classificationReport(pairs: { gold: string; predicted: string | undefined }[]): ClassificationReport {
  const labels = [...new Set(pairs.map((p) => p.gold))].sort();
  const perLabel = labels.map((label) => {
    const { support, precision, recall, f1 } = labelScores(pairs, label);
    return { label, support, precision, recall, f1 };
  });
  const correct = pairs.filter((p) => p.gold === p.predicted).length;
  return {
    n: pairs.length,
    accuracy: pairs.length ? correct / pairs.length : 0,
    macroF1: perLabel.length ? perLabel.reduce((s, l) => s + l.f1, 0) / perLabel.length : 0,
    perLabel,
  };
}
