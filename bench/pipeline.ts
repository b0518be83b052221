// npm run bench (after bench/analyzer.ts): measures the pipeline on the embedded adapters and, when Kafka,
// Elasticsearch and PostgreSQL answer (npm run infra:up), on the scaled ones, in one run.
// Prints a table and writes bench/results/pipeline-<time>.json.
import { mkdirSync, mkdtempSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig, type Config } from '../shared/config.ts';
import type { Alert } from '../shared/domain/alert.ts';
import { createLogger } from '../shared/logger.ts';
import { segmentForSearch } from '../shared/text/segmenter.ts';
import { publishTo, CHANNELS } from '../shared/bus-channels.ts';
import { openBus, openSearchIndex } from '../shared/wiring.ts';
import { startServices } from '../services/start-services.ts';
import { encodeHotlineCsv } from '../services/collector/demo/hotline-csv.ts';
import { BENCH_EXPORT_HEADER, benchExportRows, thresholdEvents } from './bench-items.ts';
import { scaledEnv } from './scaled-env.ts';

interface ModeResult {
  mode: string;
  items: number;
  itemsPerSecond: number;
  alerts: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  peakRssMiB: number;
}

const ITEMS = Number(process.argv[2] ?? 2000);
const EVENTS = 40;
const logger = createLogger('warn');

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 600_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`bench timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function runMode(mode: string, env: Record<string, string>): Promise<ModeResult> {
  const dataDir = mkdtempSync(join(tmpdir(), `yuqing-bench-${mode}-`));
  const parsed = parseConfig({ YUQING_DATA_DIR: dataDir, PORT: '0', YUQING_DEMO: '0', LOG_LEVEL: 'warn', ...env });
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  const config: Config = parsed.config;
  const services = await startServices(config, ['collector', 'analyzer', 'responder'], logger, { announce: () => undefined });
  const bus = await openBus(config.bus, logger);
  const index = await openSearchIndex(config.index, segmentForSearch, logger);
  let rssPeak = process.memoryUsage().rss;
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 100);
  try {
    // Throughput: an export of N rows dropped into the inbox, through collector, bus, analyzer and index.
    const csv = encodeHotlineCsv(BENCH_EXPORT_HEADER, benchExportRows(ITEMS));
    const started = performance.now();
    mkdirSync(config.collector.inboxDir, { recursive: true });
    writeFileSync(join(config.collector.inboxDir, 'bench.csv.part'), csv);
    renameSync(join(config.collector.inboxDir, 'bench.csv.part'), join(config.collector.inboxDir, 'bench.csv'));
    await until(`${ITEMS} items indexed`, async () => {
      await index.refresh();
      return (await index.searchItems({ page: { limit: 0 } })).total >= ITEMS;
    });
    const seconds = (performance.now() - started) / 1000;

    // Latency: each event gets one item short of the alert threshold, then the item that
    // crosses it; latency runs from publishing that item to receiving the alert on the bus.
    const run = `${mode}-${Date.now()}`;
    const { warmup, triggers } = thresholdEvents(EVENTS, run);
    const sentAt = new Map<string, number>();
    const latencies: number[] = [];
    const sub = await bus.subscribe({
      channel: CHANNELS.alerts.name,
      group: `bench-${run}`,
      start: 'latest',
      handler: async (batch) => {
        for (const m of batch) {
          const trigger = (m.value as Alert).sampleItemIds.find((id) => sentAt.has(id));
          if (trigger) latencies.push(performance.now() - sentAt.get(trigger)!);
        }
      },
    });
    await publishTo(bus, CHANNELS.rawItems, warmup);
    await until('the warm-up items indexed', async () => {
      await index.refresh();
      return (await index.searchItems({ page: { limit: 0 } })).total >= ITEMS + warmup.length;
    });
    for (const t of triggers) {
      sentAt.set(t.id, performance.now());
      await publishTo(bus, CHANNELS.rawItems, [t]);
      await new Promise((r) => setTimeout(r, 50));
    }
    await until('an alert for every event', async () => latencies.length >= EVENTS, 120_000);
    await sub.stop();
    const sorted = latencies.sort((a, b) => a - b);
    return {
      mode,
      items: ITEMS,
      itemsPerSecond: Math.round(ITEMS / seconds),
      alerts: latencies.length,
      latencyP50Ms: Math.round(percentile(sorted, 50)),
      latencyP99Ms: Math.round(percentile(sorted, 99)),
      peakRssMiB: Math.round(rssPeak / 2 ** 20),
    };
  } finally {
    clearInterval(sampler);
    await bus.close();
    await index.close();
    await services.stop();
  }
}

const results: ModeResult[] = [await runMode('embedded', {})];
const scaled = await scaledEnv();
if (scaled.ok) results.push(await runMode('scaled', scaled.env));
else process.stdout.write(`scaled mode not measured: ${scaled.reason}\n`);

const header = ['mode', 'items', 'items/s', 'alerts', 'p50 ms', 'p99 ms', 'peak RSS MiB'];
const rows = results.map((r) => [r.mode, r.items, r.itemsPerSecond, r.alerts, r.latencyP50Ms, r.latencyP99Ms, r.peakRssMiB].map(String));
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (cells: string[]) => cells.map((c, i) => c.padStart(widths[i]!)).join('  ');
process.stdout.write(`\n${line(header)}\n${rows.map(line).join('\n')}\n`);
if (results.length === 2) {
  const [e, s] = results as [ModeResult, ModeResult];
  process.stdout.write(`scaled/embedded throughput ratio: ${(s.itemsPerSecond / e.itemsPerSecond).toFixed(2)}\n`);
}
mkdirSync('bench/results', { recursive: true });
const out = join('bench/results', `pipeline-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(out, `${JSON.stringify({ at: new Date().toISOString(), items: ITEMS, results }, null, 2)}\n`);
process.stdout.write(`written ${out}\n`);
process.exit(0);
