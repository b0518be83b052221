// npm run bench (first part): the analyzer on one core: whole analyses per second on real citizen
// messages, next to raw nodejieba segmentation of the same texts, as a ratio; and peak memory.
// Issue 5 aims for the whole analysis at least half as fast as segmentation alone.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nodejieba from 'nodejieba';
import { itemId, type RawItem } from '../shared/domain/raw-item.ts';
import { loadDictionary } from '../shared/text/segmenter.ts';
import { loadConfig } from '../shared/config.ts';
import { loadAnalyzerRules } from '../services/analyzer/analyzer-config.ts';
import { ItemAnalyzer } from '../services/analyzer/item-analyzer.ts';
import { readLabeledMessages } from '../services/analyzer/topic-model/labeled-messages.ts';

const SECONDS = Number(process.argv[2] ?? 5);

/**
 * Items per second of each workload, measured in alternating passes over all items until each
 * has run about SECONDS: on a machine shared with other work, a busy spell then slows both
 * sides alike instead of only the one measured at that moment, and the ratio stays steady.
 */
function interleaved(itemsPerPass: number, workloads: (() => void)[]): number[] {
  const spent = workloads.map(() => 0);
  const passes = workloads.map(() => 0);
  while (Math.min(...spent) < SECONDS * 1000) {
    workloads.forEach((work, k) => {
      const started = performance.now();
      work();
      spent[k]! += performance.now() - started;
      passes[k]!++;
    });
  }
  return spent.map((ms, k) => (passes[k]! * itemsPerPass) / (ms / 1000));
}

loadDictionary();
const messages = readLabeledMessages();
const now = new Date().toISOString();
const items: RawItem[] = messages.map((m, i) => ({
  id: itemId('bench', String(i)),
  source: { kind: 'hotline', name: 'bench' },
  externalId: String(i),
  title: m.title,
  text: m.text,
  publishedAt: now,
  collectedAt: now,
  attrs: {},
  revision: 1,
}));
const analyzer = new ItemAnalyzer(loadAnalyzerRules(loadConfig().analyzer));
const chars = items.reduce((n, i) => n + (i.title?.length ?? 0) + i.text.length, 0);

// Warm up both paths (JIT, dictionary pages) before measuring.
for (const item of items.slice(0, 200)) {
  nodejieba.cut(`${item.title}\n${item.text}`);
  analyzer.analyze(item);
}
const [segmentation, analysis] = interleaved(items.length, [
  () => {
    for (const item of items) nodejieba.cut(`${item.title}\n${item.text}`);
  },
  () => {
    for (const item of items) analyzer.analyze(item);
  },
]) as [number, number];
const result = {
  at: new Date().toISOString(),
  items: items.length,
  avgChars: Math.round(chars / items.length),
  segmentationPerSecond: Math.round(segmentation),
  analysisPerSecond: Math.round(analysis),
  ratio: Number((analysis / segmentation).toFixed(2)),
  peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
};
process.stdout.write(
  `\nanalyzer on one core, ${result.items} TipDM messages (avg ${result.avgChars} chars)\n` +
    `  segmentation only: ${result.segmentationPerSecond} items/s\n` +
    `  whole analysis:    ${result.analysisPerSecond} items/s\n` +
    `  ratio:             ${result.ratio} (aim ≥ 0.5)\n` +
    `  peak RSS:          ${result.peakRssMiB} MiB\n`,
);
mkdirSync('bench/results', { recursive: true });
const out = join('bench/results', `analyzer-${result.at.replace(/[:.]/g, '-')}.json`);
writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
process.stdout.write(`written ${out}\n`);
