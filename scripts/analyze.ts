/**
 * Analyzes a CSV (columns text, optional id, title, time) or JSON-lines file and prints one
 * JSON object per input record, in input order. Records that cannot be analyzed get a line
 * with status "empty" or "error" and the reason. Usage: npm run analyze -- FILE
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadAnalyzerRules } from '../services/analyzer/analyzer-config.ts';
import { analyzeRecord } from '../services/analyzer/batch/analyze-record.ts';
import { readRecords } from '../services/analyzer/batch/read-records.ts';
import { ItemAnalyzer } from '../services/analyzer/item-analyzer.ts';

const file = process.argv.slice(2).find((a) => a !== '--');
if (!file) {
  console.error('usage: npm run analyze -- FILE.csv|FILE.jsonl');
  process.exit(2);
}
const config = resolve(import.meta.dirname, '../config');
const analyzer = new ItemAnalyzer(
  loadAnalyzerRules({
    topicsPath: process.env.YUQING_TOPICS ?? `${config}/topics.json`,
    riskPath: process.env.YUQING_RISK_SIGNALS ?? `${config}/risk-signals.json`,
    gazetteerPath: process.env.YUQING_GAZETTEER ?? `${config}/gazetteer.json`,
    alertRulesPath: process.env.YUQING_ALERT_RULES ?? `${config}/alert-rules.json`,
  }),
);
// `| head` closing the pipe is the reader being done, not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => process.exit(err.code === 'EPIPE' ? 0 : 1));
const records = readRecords(file, readFileSync(file));
const started = performance.now();
const counts = { ok: 0, empty: 0, error: 0 };
for (const record of records) {
  const result = analyzeRecord(analyzer, record);
  counts[result.status]++;
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
const seconds = (performance.now() - started) / 1000;
console.error(
  `analyzed ${records.length} records (${counts.ok} ok, ${counts.empty} empty, ${counts.error} error) in ${seconds.toFixed(1)} s` +
    ` (${Math.round(records.length / Math.max(seconds, 1e-3))} records/s)`,
);
