/**
 * Measures the analyzer: the committed topic model on the held-out fifth of the labeled TipDM
 * messages beside a character n-gram baseline trained on the same split, the focus topics on
 * hand-labelled TipDM messages, and the negativity lexicon on ChnSentiCorp validation.
 * Usage: npm run eval [-- --model FILE]
 */
import { parseArgs } from 'node:util';
import { readJson } from '../shared/read-json.ts';
import { DEFAULT_SENTIMENT_LEXICON } from '../services/analyzer/analyzer-config.ts';
import { NegativityScorer, SentimentLexicon } from '../services/analyzer/negativity.ts';
import { sentimentAgreement } from '../services/analyzer/sentiment-agreement.ts';
import { TopicModel } from '../services/analyzer/topic-model/topic-model.ts';
import { focusTopicReport } from '../eval/focus-topics/report.ts';
import { topicModelReport } from '../eval/topics/report.ts';

const { values } = parseArgs({ options: { model: { type: 'string' }, lexicon: { type: 'string' } } });
const model = TopicModel.load(values.model);
console.log(`topic model: ${model.data.kind}, ${model.data.vocabulary.length} words, trained ${model.data.provenance.date ?? '?'}`);
for (const line of [...topicModelReport(model), '', ...focusTopicReport()]) console.log(line);

const lexiconPath = values.lexicon ?? DEFAULT_SENTIMENT_LEXICON;
const s = sentimentAgreement(new NegativityScorer(readJson(lexiconPath, SentimentLexicon)));
const pct = (x: number) => x.toFixed(3);
console.log(
  `\nnegativity on ChnSentiCorp validation (${s.n} reviews): agreement ${pct(s.agreement)} ` +
    `(negative recall ${pct(s.negativeRecall)}, positive recall ${pct(s.positiveRecall)}), lexicon coverage ${pct(s.coverage)}`,
);
