/**
 * Measures the analyzer without training anything: the committed topic model on the held-out
 * fifth of the labeled TipDM messages, the negativity lexicon on ChnSentiCorp validation,
 * events and alerts on the labelled incident streams (eval/incidents), the policy-page checks
 * and the commitment extractor on the labelled replies.
 * Usage: npm run eval [-- --model FILE]
 */
import { parseArgs } from 'node:util';
import { policyPageReport } from '../eval/policy-pages/report.ts';
import { readJson } from '../shared/read-json.ts';
import { DEFAULT_SENTIMENT_LEXICON, loadAnalyzerRules } from '../services/analyzer/analyzer-config.ts';
import { NegativityScorer, SentimentLexicon } from '../services/analyzer/negativity.ts';
import { sentimentAgreement } from '../services/analyzer/sentiment-agreement.ts';
import { negativityReport } from '../eval/negativity/report.ts';
import { evaluateHeldOut, formatReport } from '../services/analyzer/topic-model/evaluate.ts';
import { TopicModel } from '../services/analyzer/topic-model/topic-model.ts';
import { loadConfig } from '../shared/config.ts';
import { incidentReport } from '../eval/incidents/report.ts';
import { commitmentReport } from '../eval/commitments/report.ts';

const { values } = parseArgs({ options: { model: { type: 'string' }, lexicon: { type: 'string' } } });
const model = TopicModel.load(values.model);
console.log(`topic model: ${model.data.kind}, ${model.data.vocabulary.length} words, trained ${model.data.provenance.date ?? '?'}`);
console.log(formatReport(evaluateHeldOut(model)));

const lexiconPath = values.lexicon ?? DEFAULT_SENTIMENT_LEXICON;
const s = sentimentAgreement(new NegativityScorer(readJson(lexiconPath, SentimentLexicon)));
const pct = (x: number) => x.toFixed(3);
console.log(
  `\nnegativity on ChnSentiCorp validation (${s.n} reviews): agreement ${pct(s.agreement)} ` +
    `(negative recall ${pct(s.negativeRecall)}, positive recall ${pct(s.positiveRecall)}), lexicon coverage ${pct(s.coverage)}`,
);

console.log('\nincidents (eval/incidents: 3 weeks of 12345 streams, 404 tickets, 15 incidents, 13 alert-worthy):');
console.log(await incidentReport(loadAnalyzerRules(loadConfig().analyzer)));

console.log(`\n${policyPageReport().join('\n')}`);

console.log(`\n${commitmentReport().join('\n')}`);

console.log(`\n${negativityReport().join('\n')}`);
