/**
 * Counts, over the TipDM message-board messages (labelled and with replies), how many messages
 * hold each character and character pair, and writes services/analyzer/model/term-rarity.json:
 * the rarity the event assigner weighs shared terms by. Terms in one message only are left out
 * (a missing term counts as rarest). Deterministic: the same data gives the same file.
 * Usage: npm run train (runs this after the topic model)
 */
import { writeFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { readDatasetText } from '../datasets/read-dataset.ts';
import { DEFAULT_TERM_RARITY, incidentTerms, type TermRarity } from '../services/analyzer/incident-terms.ts';

const FILES = ['tipdm2020/messages-labeled.csv.gz', 'tipdm2020/messages-with-replies.csv.gz'];
const texts = FILES.flatMap((f) => (parse(readDatasetText(f), { columns: true }) as Record<string, string>[]).map((r) => `${r.title ?? ''}\n${r.text ?? ''}`));
const df = new Map<string, number>();
for (const text of texts) for (const term of incidentTerms(text)) df.set(term, (df.get(term) ?? 0) + 1);
const kept = [...df].filter(([, n]) => n >= 2).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
const rarity: TermRarity = {
  documents: texts.length,
  documentFrequency: Object.fromEntries(kept),
  provenance: { data: FILES.map((f) => `datasets/${f}`).join(', '), fields: 'title and text of each message', command: 'npm run train' },
};
writeFileSync(DEFAULT_TERM_RARITY, `${JSON.stringify(rarity)}\n`);
console.log(`term rarity: ${texts.length} messages, ${kept.length} terms in two or more → ${DEFAULT_TERM_RARITY}`);
