import { existsSync, readFileSync, rmSync } from 'node:fs';
import type { Reporter, TestModule } from 'vitest/node';
import { caseLogPath } from '../contracts/case-counter.ts';

/**
 * Ends every run with the contract cases each adapter passed and one plain closing line,
 * "Tests: N passed, N failed, N skipped", that CI reads whatever runner printed before it.
 */
export default class SummaryReporter implements Reporter {
  private readonly caseLog = caseLogPath(String(process.pid));

  onInit(): void {
    rmSync(this.caseLog, { force: true });
    process.env.YUQING_CASE_LOG = this.caseLog;
  }

  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
    const counts = { passed: 0, failed: unhandledErrors.length, skipped: 0 };
    for (const m of testModules) {
      let failedInModule = 0;
      for (const t of m.children.allTests()) {
        const state = t.result().state;
        if (state === 'passed') counts.passed += 1;
        else if (state === 'failed') failedInModule += 1;
        else counts.skipped += 1;
      }
      // A file that failed to load, or whose hook failed, fails the count even if no test did.
      counts.failed += m.state() === 'failed' ? Math.max(1, failedInModule) : failedInModule;
    }
    const out: string[] = [];
    if (existsSync(this.caseLog)) {
      const perAdapter = new Map<string, number>();
      for (const line of readFileSync(this.caseLog, 'utf8').split('\n').filter(Boolean)) perAdapter.set(line, (perAdapter.get(line) ?? 0) + 1);
      out.push('Contract cases passed per adapter:');
      for (const [key, n] of [...perAdapter].sort(([a], [b]) => a.localeCompare(b))) {
        const [port, adapter] = key.split('\t');
        out.push(`  ${port} on ${adapter}: ${n}`);
      }
      rmSync(this.caseLog);
    }
    out.push(`Tests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
    process.stdout.write(`\n${out.join('\n')}\n`);
  }
}
