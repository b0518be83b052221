import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * Records that one contract case passed against one adapter, so the run can print how many
 * cases each adapter passed (tests/support/summary-reporter.ts). The reporter names a log per
 * run in YUQING_CASE_LOG before the test workers start; they inherit it.
 */
export function caseLogPath(runId: string): string {
  return resolve(import.meta.dirname, `../../test-results/contract-cases-${runId}.log`);
}

export function countCase(adapter: string, port: string): void {
  const log = process.env.YUQING_CASE_LOG;
  if (!log) return;
  mkdirSync(dirname(log), { recursive: true });
  appendFileSync(log, `${port}\t${adapter}\n`);
}
