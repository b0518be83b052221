import { topicFeatures } from './features.ts';
import { readLabeledMessages, splitMessages } from './labeled-messages.ts';
import { classificationReport, type ClassificationReport } from './metrics.ts';
import type { TopicModel } from './topic-model.ts';

/** Scores a model on the held-out fifth of the labeled messages, which training never reads. */
export function evaluateHeldOut(model: TopicModel): ClassificationReport {
  const { heldOut } = splitMessages(readLabeledMessages());
  return classificationReport(heldOut.map((m) => ({ gold: m.label, predicted: model.predict(topicFeatures(m.title, m.text))?.label })));
}

export function formatReport(r: ClassificationReport): string {
  const pct = (x: number) => x.toFixed(3);
  const rows = r.perLabel.map((l) => `  ${l.label.padEnd(8, '\u3000')} ${String(l.support).padStart(4)}  P ${pct(l.precision)}  R ${pct(l.recall)}  F1 ${pct(l.f1)}`);
  return [`held-out messages: ${r.n}`, `accuracy: ${pct(r.accuracy)}`, `macro-F1: ${pct(r.macroF1)}`, ...rows].join('\n');
}
