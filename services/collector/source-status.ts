import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { SourceKind } from '../../shared/domain/raw-item.ts';

/** What the console shows about one source; JSON as it is. */
export interface SourceStatus {
  name: string;
  kind: SourceKind;
  /** The cron expression, "every N ms", or "push" for the webhook. */
  schedule: string;
  running: boolean;
  lastRunStartedAt?: string;
  lastRunEndedAt?: string;
  lastRunOk?: boolean;
  /** Counts of the last finished run. */
  lastRun?: { items: number; unchanged: number; deadLetters: number };
  lastError?: { at: string; message: string };
  nextRunAt?: string;
  totals: { runs: number; failures: number; items: number; deadLetters: number; overlapsSkipped: number };
}

/** The collector's status as the snapshot file holds it. */
export interface CollectorStatusSnapshot {
  writtenAt: string;
  sources: SourceStatus[];
}

export const STATUS_FILE = 'collector-status.json';

/** Written whole to a temporary name, then renamed, so a reader never sees half a file. */
export function writeStatusSnapshot(path: string, snapshot: CollectorStatusSnapshot): void {
  writeFileSync(`${path}.tmp`, `${JSON.stringify(snapshot, null, 2)}\n`);
  renameSync(`${path}.tmp`, path);
}

/** For a responder in another process: the last snapshot the collector wrote, or undefined. */
export function readStatusSnapshot(path: string): CollectorStatusSnapshot | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as CollectorStatusSnapshot;
  } catch {
    return undefined;
  }
}
