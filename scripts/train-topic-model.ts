/**
 * Trains the first-level topic classifier from the labeled TipDM messages, on the training
 * part only, and writes services/analyzer/model/topic-model.json with its PROVENANCE.md.
 * Usage: npm run train [-- --out DIR]
 */
import { writeFileSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { topicFeatures } from '../services/analyzer/topic-model/features.ts';
import { evaluateHeldOut, formatReport } from '../services/analyzer/topic-model/evaluate.ts';
import { datasetPath } from '../datasets/read-dataset.ts';
import { HELD_OUT_RULE, LABELED_MESSAGES, readLabeledMessages, splitMessages } from '../services/analyzer/topic-model/labeled-messages.ts';
import { DEFAULT_SVM_OPTIONS, trainLinearSvm } from '../services/analyzer/topic-model/linear-svm.ts';
import { DEFAULT_TOPIC_MODEL, TopicModel } from '../services/analyzer/topic-model/topic-model.ts';

const { values } = parseArgs({ options: { out: { type: 'string' } } });
const modelPath = values.out ? join(values.out, 'topic-model.json') : DEFAULT_TOPIC_MODEL;
const root = join(import.meta.dirname, '..');
const dataFile = relative(root, datasetPath(LABELED_MESSAGES));

const started = performance.now();
const { train, heldOut } = splitMessages(readLabeledMessages());
const docs = train.map((m) => ({ label: m.label, features: topicFeatures(m.title, m.text) }));
const { probabilityScale, ...trained } = trainLinearSvm(docs, DEFAULT_SVM_OPTIONS);
const date = new Date().toISOString().slice(0, 10);
const model = new TopicModel({
  ...trained,
  provenance: {
    data: dataFile,
    split: HELD_OUT_RULE,
    trainMessages: train.length,
    heldOutMessages: heldOut.length,
    options: JSON.stringify(DEFAULT_SVM_OPTIONS),
    probabilityScale,
    command: 'npm run train',
    date,
  },
});
mkdirSync(dirname(modelPath), { recursive: true });
writeFileSync(modelPath, `${JSON.stringify(model.data)}\n`);
const seconds = ((performance.now() - started) / 1000).toFixed(1);
const report = evaluateHeldOut(model);
const figures = formatReport(report);
const size = (statSync(modelPath).size / 1024).toFixed(0);

writeFileSync(
  join(dirname(modelPath), 'PROVENANCE.md'),
  `# topic-model.json — provenance

First-level topic classifier of the analyzer: one-vs-rest linear SVM (averaged Pegasos,
\`services/analyzer/topic-model/linear-svm.ts\`) over TF-IDF jieba words (title counted twice;
stopwords, anonymised place names and numbers left out) and character bigrams of title and text.
Margins are stored ×${probabilityScale} so that their softmax reads as a probability.

- Data: \`${dataFile}\` (2020 TipDM challenge C, 7 first-level labels).
- Split: held out = ${HELD_OUT_RULE}. Training read ${train.length} messages; the ${heldOut.length} held-out messages were used only for the figures below.
- Options: \`${JSON.stringify(DEFAULT_SVM_OPTIONS)}\`; vocabulary ${model.data.vocabulary.length} words and grams; file ${size} KB.
- Command: \`npm run train\` (deterministic: the same data gives the same file). Trained ${date} in ${seconds} s.
- Check: \`npm run eval\` loads this file and prints the figures again.

\`\`\`
${figures}
\`\`\`
`,
);
console.log(`wrote ${relative(root, modelPath)} (${size} KB, ${model.data.vocabulary.length} words and grams) in ${seconds} s\n${figures}`);
