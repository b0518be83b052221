import { existsSync, readFileSync, rmSync } from 'node:fs';
import type { Reporter, TestModule } from 'vitest/node';
import { CASE_LOG } from '../contracts/case-counter.ts';

/**
 * Ends every run with the contract cases each adapter passed and one plain closing line,
 * "Tests: N passed, N failed, N skipped", that CI reads whatever runner printed before it.
 */
export default class SummaryReporter implements Reporter {
  onInit(): void {
    rmSync(CASE_LOG, { force: true });
  }

  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    for (const m of testModules) {
      for (const t of m.children.allTests()) {
        const state = t.result().state;
        if (state === 'passed') counts.passed += 1;
        else if (state === 'failed') counts.failed += 1;
        else counts.skipped += 1;
      }
      // A file that failed to load has no tests but must still fail the count.
      if (m.state() === 'failed' && [...m.children.allTests()].length === 0) counts.failed += 1;
    }
    const out: string[] = [];
    if (existsSync(CASE_LOG)) {
      const perAdapter = new Map<string, number>();
      for (const line of readFileSync(CASE_LOG, 'utf8').split('\n').filter(Boolean)) perAdapter.set(line, (perAdapter.get(line) ?? 0) + 1);
      out.push('Contract cases passed per adapter:');
      for (const [key, n] of [...perAdapter].sort(([a], [b]) => a.localeCompare(b))) {
        const [port, adapter] = key.split('\t');
        out.push(`  ${port} on ${adapter}: ${n}`);
      }
    }
    out.push(`Tests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
    process.stdout.write(`\n${out.join('\n')}\n`);
  }
}
