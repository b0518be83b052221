// npm run bench (last part): how the console answers while the analyzer works through an export, in the
// one-process default. Two arrangements on the same export: the analyzer on the console's event loop
// (as before it had a thread of its own) and in its own worker thread (`npm start` now). Prints request
// latency and event-loop delay of the console's thread, and writes bench/results/console-latency-<time>.json.
import { mkdirSync, mkdtempSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseConfig, type Config } from '../shared/config.ts';
import { createLogger } from '../shared/logger.ts';
import { segmentForSearch } from '../shared/text/segmenter.ts';
import { openSearchIndex } from '../shared/wiring.ts';
import { startServices, type RunningServices } from '../services/start-services.ts';
import { encodeHotlineCsv } from '../services/collector/demo/hotline-csv.ts';
import { BENCH_EXPORT_HEADER, benchExportRows } from './bench-items.ts';

const ITEMS = Number(process.argv[2] ?? 3000);
const logger = createLogger('warn');

interface Arrangement {
  name: string;
  start: (config: Config) => Promise<{ consoleUrl: string; stop: () => Promise<unknown> }>;
}

const ARRANGEMENTS: Arrangement[] = [
  {
    name: 'analyzer on the console thread',
    async start(config) {
      // Two calls in one thread: each runs its roles here, as one process did before the analyzer thread.
      const front: RunningServices = await startServices(config, ['collector', 'responder'], logger, { announce: () => undefined });
      const analyzer = await startServices(config, ['analyzer'], logger);
      return { consoleUrl: front.consoleUrl!, stop: async () => Promise.all([front.stop(), analyzer.stop()]) };
    },
  },
  {
    name: 'analyzer in its own thread',
    async start(config) {
      const all = await startServices(config, ['collector', 'analyzer', 'responder'], logger, { announce: () => undefined });
      return { consoleUrl: all.consoleUrl!, stop: () => all.stop() };
    },
  },
];

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

async function measure(arrangement: Arrangement) {
  const dataDir = mkdtempSync(join(tmpdir(), 'yuqing-bench-console-'));
  const parsed = parseConfig({ YUQING_DATA_DIR: dataDir, PORT: '0', YUQING_DEMO: '0', LOG_LEVEL: 'warn' });
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  const config = parsed.config;
  const running = await arrangement.start(config);
  const index = await openSearchIndex(config.index, segmentForSearch, logger);
  const latencies: number[] = [];
  const loop = monitorEventLoopDelay({ resolution: 10 });
  try {
    mkdirSync(config.collector.inboxDir, { recursive: true });
    writeFileSync(join(config.collector.inboxDir, 'bench.csv.part'), encodeHotlineCsv(BENCH_EXPORT_HEADER, benchExportRows(ITEMS)));
    renameSync(join(config.collector.inboxDir, 'bench.csv.part'), join(config.collector.inboxDir, 'bench.csv'));
    const started = performance.now();
    loop.enable();
    // A console user's requests, one after another, for as long as the export is being analysed.
    for (;;) {
      const sent = performance.now();
      await fetch(`${running.consoleUrl}/api/health`);
      latencies.push(performance.now() - sent);
      if (latencies.length % 20 === 0 && (await index.searchItems({ page: { limit: 0 } })).total >= ITEMS) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    loop.disable();
    const seconds = (performance.now() - started) / 1000;
    const sorted = latencies.sort((a, b) => a - b);
    return {
      arrangement: arrangement.name,
      items: ITEMS,
      itemsPerSecond: Math.round(ITEMS / seconds),
      requests: sorted.length,
      requestP50Ms: Math.round(percentile(sorted, 50)),
      requestP99Ms: Math.round(percentile(sorted, 99)),
      requestMaxMs: Math.round(sorted.at(-1) ?? NaN),
      loopDelayP99Ms: Math.round(loop.percentile(99) / 1e6),
      loopDelayMaxMs: Math.round(loop.max / 1e6),
    };
  } finally {
    await index.close();
    await running.stop();
  }
}

const results = [];
for (const a of ARRANGEMENTS) results.push(await measure(a));
const header = ['arrangement', 'items/s', 'requests', 'p50 ms', 'p99 ms', 'max ms', 'loop p99 ms', 'loop max ms'];
const rows = results.map((r) => [r.arrangement, r.itemsPerSecond, r.requests, r.requestP50Ms, r.requestP99Ms, r.requestMaxMs, r.loopDelayP99Ms, r.loopDelayMaxMs].map(String));
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
process.stdout.write(`\nthe console while the analyzer works through ${ITEMS} rows (one process, embedded)\n${line(header)}\n${rows.map(line).join('\n')}\n`);
const [before, after] = results as [(typeof results)[0], (typeof results)[0]];
process.stdout.write(`request p99 ratio (own thread / console thread): ${(after.requestP99Ms / before.requestP99Ms).toFixed(2)}\n`);
mkdirSync('bench/results', { recursive: true });
const out = join('bench/results', `console-latency-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(out, `${JSON.stringify({ at: new Date().toISOString(), items: ITEMS, results }, null, 2)}\n`);
process.stdout.write(`written ${out}\n`);
process.exit(0);
