/**
 * Builds the web console (services/responder/console) with Vite into its dist/ directory,
 * only when dist/ is missing or older than a source file, so `npm start` right after
 * `npm install` just works and later starts cost a directory scan. --force rebuilds anyway.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CONSOLE_DIST_DIR, CONSOLE_SOURCE_DIR } from '../services/responder/console/serve-console.ts';

const ROOT = join(import.meta.dirname, '..');
/** Beyond the console's own files: what else changes the bundle (dependency versions). */
const EXTRA_INPUTS = [join(ROOT, 'package-lock.json')];

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** True when dist/index.html exists and is newer than every input. */
export function consoleBuildIsFresh(): boolean {
  const built = join(CONSOLE_DIST_DIR, 'index.html');
  if (!existsSync(built)) return false;
  const inputs = Math.max(newestMtime(CONSOLE_SOURCE_DIR), ...EXTRA_INPUTS.filter(existsSync).map((p) => statSync(p).mtimeMs));
  return statSync(built).mtimeMs >= inputs;
}

export async function buildConsole(opts: { force?: boolean } = {}): Promise<'built' | 'fresh'> {
  if (!opts.force && consoleBuildIsFresh()) return 'fresh';
  // Loaded only when a build is due: starting a responder never loads Vite.
  const { build } = await import('vite');
  await build({ configFile: join(CONSOLE_SOURCE_DIR, 'vite.config.ts'), logLevel: 'warn' });
  return 'built';
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const started = Date.now();
  const result = await buildConsole({ force: process.argv.includes('--force') });
  process.stdout.write(result === 'fresh' ? 'console build is up to date\n' : `console built in ${((Date.now() - started) / 1000).toFixed(1)}s: ${CONSOLE_DIST_DIR}\n`);
}
