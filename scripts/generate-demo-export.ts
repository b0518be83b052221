/**
 * Writes the demo 12345 export into a folder the collector watches.
 *
 *   tsx scripts/generate-demo-export.ts [outDir] [--rows N] [--seed S]
 *
 * outDir defaults to ./data/inbox. The export is stamped with the current time, so the
 * burst it contains is "happening now" when the demo runs.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DEFAULT_DEMO_ROWS, DEFAULT_DEMO_SEED, generateDemoExport } from '../services/collector/demo/demo-export.ts';

interface Args { outDir: string; rows: number; seed: number }

const USAGE = 'usage: tsx scripts/generate-demo-export.ts [outDir] [--rows N] [--seed S]';

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { outDir: 'data/inbox', rows: DEFAULT_DEMO_ROWS, seed: DEFAULT_DEMO_SEED };
  let outDirSeen = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.split('=', 2) as [string, string | undefined];
    if (flag === '--rows' || flag === '--seed') {
      const text = inline ?? argv[++i];
      const value = Number(text);
      if (text === undefined || !Number.isInteger(value) || value < 0) throw new Error(`${flag} needs a non-negative integer\n${USAGE}`);
      if (flag === '--rows') args.rows = value;
      else args.seed = value;
    } else if (arg === '--help' || arg === '-h') {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    } else if (arg.startsWith('--') || outDirSeen) {
      throw new Error(`unexpected argument ${arg}\n${USAGE}`);
    } else {
      args.outDir = arg;
      outDirSeen = true;
    }
  }
  return args;
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  const out = generateDemoExport({ now: Date.now(), seed: args.seed, rows: args.rows });
  const dir = resolve(args.outDir);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, out.fileName);
  // Write then rename, so a collector watching the folder never reads half a file.
  const partial = join(dir, `.${out.fileName}.part`);
  writeFileSync(partial, out.csv);
  renameSync(partial, path);
  process.stdout.write(`${path}\n${out.rows.length} rows (seed ${args.seed})\n`);
}

try {
  main();
} catch (err) {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
