import { readFile } from 'node:fs/promises';

/** The configuration files an installation runs on, as an administrator sees them in the console. */
export interface RuleFiles {
  /** config/response-rules.json or YUQING_RESPONSE_RULES: deadlines and commitment warnings. */
  responseRules?: string;
  /** config/alert-rules.json or YUQING_ALERT_RULES: events and alerts (read by the analyzer). */
  alertRules?: string;
  /** YUQING_SOURCES: the collector's sources; unset means the 12345 inbox alone. */
  sources?: string;
}

export type RuleFileView = { path: string; content: unknown } | { path: string; error: string };

/**
 * Reads each file as it is on disk now. The services read them at start, so an edit shows here
 * at once and takes effect when the service that reads it restarts.
 */
export async function readRuleFiles(files: RuleFiles): Promise<Partial<Record<keyof RuleFiles, RuleFileView>>> {
  const entries = await Promise.all(
    (Object.entries(files) as [keyof RuleFiles, string | undefined][])
      .filter((e): e is [keyof RuleFiles, string] => e[1] !== undefined)
      .map(async ([name, path]): Promise<[keyof RuleFiles, RuleFileView]> => {
        try {
          return [name, { path, content: JSON.parse(await readFile(path, 'utf8')) as unknown }];
        } catch (err) {
          return [name, { path, error: err instanceof Error ? err.message : String(err) }];
        }
      }),
  );
  return Object.fromEntries(entries);
}
