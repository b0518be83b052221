import { readJson } from '../../shared/read-json.ts';
import { DEFAULT_SENTIMENT_LEXICON } from '../../services/analyzer/analyzer-config.ts';
import { NegativityScorer, SentimentLexicon } from '../../services/analyzer/negativity.ts';
import { binaryReport, type BinaryReport } from '../../services/analyzer/negativity-model/binary-metrics.ts';
import { NegativityFeatureReader } from '../../services/analyzer/negativity-model/features.ts';
import { NegativityModel } from '../../services/analyzer/negativity-model/negativity-model.ts';
import { sentimentSplits, type PolarText } from '../../services/analyzer/negativity-model/sentiment-data.ts';
import { normalizeText } from '../../services/analyzer/normalize.ts';
import { IntensityScorer } from '../../services/analyzer/intensity.ts';
import { cutWords } from '../../shared/text/segmenter.ts';

interface Row {
  set: string;
  model: BinaryReport;
  lexicon: BinaryReport;
}

/**
 * Negativity of the committed model next to the old lexicon, on texts neither was fitted to:
 * ChnSentiCorp validation reviews and the held-out fifth of the SMP2020 Weibo posts (angry, sad,
 * fear = negative), and on the dev part used to choose training options. Intensity is checked
 * as a ranking of the held-out angry posts above the rest.
 */
export function negativityReport(model?: NegativityModel): string[] {
  const scorer = new NegativityScorer(readJson(DEFAULT_SENTIMENT_LEXICON, SentimentLexicon));
  const m = model ?? NegativityModel.load(scorer);
  const reader = new NegativityFeatureReader(scorer);
  const intensity = IntensityScorer.load();
  const parts = sentimentSplits();
  const sets: [string, PolarText[]][] = [
    ['ChnSentiCorp validation', parts.test.filter((t) => t.corpus === 'chnsenticorp')],
    ['SMP2020 held out (test)', parts.test.filter((t) => t.corpus === 'smp2020')],
    ['ChnSentiCorp dev', parts.dev.filter((t) => t.corpus === 'chnsenticorp')],
    ['SMP2020 dev', parts.dev.filter((t) => t.corpus === 'smp2020')],
  ];
  const rows: Row[] = [];
  const angry: { score: number; negative: boolean }[] = [];
  for (const [set, texts] of sets) {
    const modelScores: { score: number; negative: boolean }[] = [];
    const lexiconScores: { score: number; negative: boolean }[] = [];
    for (const t of texts) {
      const norm = normalizeText(t.text);
      const tokens = cutWords(norm);
      modelScores.push({ score: m.probability(reader.of(norm, tokens)), negative: t.negative });
      lexiconScores.push({ score: -scorer.score(tokens).score, negative: t.negative });
      if (set.startsWith('SMP2020 held out')) angry.push({ score: intensity.score(norm).score, negative: t.emotion === 'angry' });
    }
    // The lexicon calls a text negative when its score is below zero, i.e. −score above zero.
    rows.push({ set, model: binaryReport(modelScores, m.data.threshold), lexicon: binaryReport(lexiconScores, Number.MIN_VALUE) });
  }
  const f = (x: number) => x.toFixed(3);
  const lines = [
    `negativity (model: ${m.data.features.length} features, trained ${m.data.provenance.date ?? '?'}; lexicon: config/sentiment-lexicon.json)`,
    '  set                        n      accuracy        F1 (negative)    AUC',
    '                                    model  lexicon  model  lexicon   model  lexicon',
    ...rows.map(
      (r) =>
        `  ${r.set.padEnd(25)} ${String(r.model.n).padStart(5)}  ${f(r.model.accuracy)}  ${f(r.lexicon.accuracy)}    ${f(r.model.f1)}  ${f(r.lexicon.f1)}    ${f(r.model.auc)}  ${f(r.lexicon.auc)}`,
    ),
  ];
  const intense = angry.filter((a) => a.score > 0).length;
  const a = binaryReport(angry, 0.5);
  lines.push(
    `intensity on SMP2020 held out: angry vs the rest AUC ${f(a.auc)}; ${f(intense / angry.length)} of posts have any intensity evidence, ` +
      `${f(angry.filter((x) => x.score >= 0.5 && x.negative).length / Math.max(1, angry.filter((x) => x.score >= 0.5).length))} of those ≥ 0.5 are angry`,
  );

  return lines;
}
