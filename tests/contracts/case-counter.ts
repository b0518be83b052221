import { appendFileSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * Records that one contract case ran against one adapter, so the run can print how many
 * cases each adapter passed (tests/support/summary-reporter.ts).
 */
export const CASE_LOG = resolve(import.meta.dirname, '../../test-results/contract-cases.log');

export function countCase(adapter: string, port: string): void {
  mkdirSync(resolve(CASE_LOG, '..'), { recursive: true });
  appendFileSync(CASE_LOG, `${port}\t${adapter}\n`);
}
