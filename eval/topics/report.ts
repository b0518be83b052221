/**
 * The first-level topic figures of `npm run eval`: the product's model and the character n-gram
 * baseline, both trained on the training part and scored on the same held-out fifth.
 */
import { topicFeatures } from '../../services/analyzer/topic-model/features.ts';
import { readLabeledMessages, splitMessages } from '../../services/analyzer/topic-model/labeled-messages.ts';
import { classificationReport, type ClassificationReport } from '../../services/analyzer/topic-model/metrics.ts';
import type { TopicModel } from '../../services/analyzer/topic-model/topic-model.ts';
import { BASELINE_OPTIONS, CharNgramSvm } from './char-ngram-baseline.ts';

export function topicModelReport(model: TopicModel): string[] {
  const { train, heldOut } = splitMessages(readLabeledMessages());
  const product = classificationReport(heldOut.map((m) => ({ gold: m.label, predicted: model.predict(topicFeatures(m.title, m.text))?.label })));
  const svm = new CharNgramSvm().train(train);
  const baseline = classificationReport(heldOut.map((m) => ({ gold: m.label, predicted: svm.predict(m.title, m.text) })));
  const f = (x: number) => x.toFixed(3);
  const of = (r: ClassificationReport, label: string) => r.perLabel.find((l) => l.label === label)!;
  return [
    `first-level topics, ${product.n} held-out TipDM messages (trained on ${train.length}):`,
    `  ${'model'.padEnd(46)} accuracy  macro-F1`,
    `  ${`product (${model.data.kind}, ${model.data.vocabulary.length} features)`.padEnd(46)} ${f(product.accuracy)}     ${f(product.macroF1)}`,
    `  ${`baseline (char 1-${BASELINE_OPTIONS.maxN}-gram TF-IDF + linear SVM)`.padEnd(46)} ${f(baseline.accuracy)}     ${f(baseline.macroF1)}`,
    `  per label (support): product P/R/F1 | baseline P/R/F1`,
    ...product.perLabel.map((p) => {
      const b = of(baseline, p.label);
      return `  ${p.label.padEnd(8, '\u3000')} ${String(p.support).padStart(4)}  ${f(p.precision)} ${f(p.recall)} ${f(p.f1)} | ${f(b.precision)} ${f(b.recall)} ${f(b.f1)}`;
    }),
  ];
}
