import { existsSync, readFileSync, rmSync } from 'node:fs';
import { CASE_LOG } from './case-counter.ts';

/** Vitest global setup: clears the contract case log, and at the end prints cases passed per adapter. */
export function setup(): void {
  rmSync(CASE_LOG, { force: true });
}

export function teardown(): void {
  if (!existsSync(CASE_LOG)) return;
  const counts = new Map<string, number>();
  for (const line of readFileSync(CASE_LOG, 'utf8').split('\n').filter(Boolean)) counts.set(line, (counts.get(line) ?? 0) + 1);
  const rows = [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `  ${k.replace('\t', ' on ')}: ${v} cases passed`);
  process.stdout.write(`\nContract cases per adapter:\n${rows.join('\n')}\n`);
}
