/**
 * Measures every judgement of the analyzer and the responder without training anything: the
 * committed topic model on the held-out fifth of the labeled TipDM messages beside a character
 * n-gram baseline trained on the same split, the focus topics on hand-labelled TipDM messages,
 * events and alerts on the labelled incident streams, the policy-page checks, the commitment
 * extractor on the labelled replies, and the negativity model beside the old lexicon.
 * Usage: npm run eval [-- --model FILE]
 */
import { parseArgs } from 'node:util';
import { commitmentReport } from '../eval/commitments/report.ts';
import { focusTopicReport } from '../eval/focus-topics/report.ts';
import { incidentReport } from '../eval/incidents/report.ts';
import { negativityReport } from '../eval/negativity/report.ts';
import { policyPageReport } from '../eval/policy-pages/report.ts';
import { topicModelReport } from '../eval/topics/report.ts';
import { loadAnalyzerRules } from '../services/analyzer/analyzer-config.ts';
import { TopicModel } from '../services/analyzer/topic-model/topic-model.ts';
import { loadConfig } from '../shared/config.ts';

const { values } = parseArgs({ options: { model: { type: 'string' } } });
const model = TopicModel.load(values.model);
console.log(`topic model: ${model.data.kind}, ${model.data.vocabulary.length} words, trained ${model.data.provenance.date ?? '?'}`);
for (const line of [...topicModelReport(model), '', ...focusTopicReport()]) console.log(line);

console.log('\nincidents (eval/incidents: 3 weeks of 12345 streams, 404 tickets, 15 incidents, 13 alert-worthy):');
console.log(await incidentReport(loadAnalyzerRules(loadConfig().analyzer)));

console.log(`\n${negativityReport().join('\n')}`);

console.log(`\n${commitmentReport().join('\n')}`);

console.log(`\n${policyPageReport().join('\n')}`);
