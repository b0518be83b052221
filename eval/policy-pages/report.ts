import { POLICY_PAGE_CHECKS } from './checks.ts';

/** "policy-page checks: N/M passed" and one line per check, with what went wrong when it failed. */
export function policyPageReport(): string[] {
  const results = POLICY_PAGE_CHECKS.map((c) => {
    let failure: string | undefined;
    try {
      failure = c.failure();
    } catch (err) {
      failure = err instanceof Error ? err.message : String(err);
    }
    return { name: c.name, failure };
  });
  const passed = results.filter((r) => r.failure === undefined).length;
  return [
    `policy-page checks: ${passed}/${results.length} passed (fixture pages in tests/fixtures/pages/)`,
    ...results.map((r) => (r.failure === undefined ? `  ✓ ${r.name}` : `  ✗ ${r.name} — ${r.failure}`)),
  ];
}
