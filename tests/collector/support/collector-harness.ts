import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { SqliteBus } from '../../../shared/adapters/sqlite/sqlite-bus.ts';
import type { DeadLetter } from '../../../shared/domain/dead-letter.ts';
import type { RawItem } from '../../../shared/domain/raw-item.ts';
import { ensureProductChannels, CHANNELS } from '../../../shared/bus-channels.ts';
import { CollectorState } from '../../../services/collector/collector-state.ts';
import { createSourceContext, emptyCounters, type CollectorDeps, type RunCounters } from '../../../services/collector/source-context.ts';
import type { Source, SourceContext } from '../../../services/collector/source.ts';
import { testLogger } from '../../support/test-logger.ts';
import { RecordingBus } from './recording-bus.ts';
import { findUnmasked } from './unmasked.ts';

/** Every message published by any harness in this test file (each file runs in its own worker). */
const PUBLISHED_IN_FILE: { channel: string; value: unknown }[] = [];

export const TEST_SECRET = 'test-secret-0123456789';
export const FIXED_NOW = Date.parse('2026-11-24T10:00:00+08:00');

/** A collector's surroundings for one test: a real SQLite bus and state in a fresh folder, a fixed clock. */
export class CollectorHarness {
  readonly bus: RecordingBus;
  readonly state: CollectorState;
  readonly deps: CollectorDeps;
  clock = FIXED_NOW;

  private constructor(readonly dir: string, sqlite: SqliteBus) {
    this.bus = new RecordingBus(sqlite, PUBLISHED_IN_FILE);
    this.state = new CollectorState(join(dir, 'collector.sqlite'));
    this.deps = { bus: this.bus, state: this.state, hashSecret: TEST_SECRET, logger: testLogger, now: () => this.clock };
  }

  static async create(): Promise<CollectorHarness> {
    const dir = mkdtempSync(join(tmpdir(), 'yuqing-collector-'));
    mkdirSync(join(dir, 'inbox'));
    const bus = new SqliteBus({ path: join(dir, 'bus.sqlite'), logger: testLogger, pollMs: 10 });
    await ensureProductChannels(bus, 1);
    return new CollectorHarness(dir, bus);
  }

  context(source: Pick<Source, 'name' | 'kind'>, counters: RunCounters = emptyCounters()): SourceContext {
    return createSourceContext(source, this.deps, counters);
  }

  items(): RawItem[] {
    return this.bus.values<RawItem>(CHANNELS.rawItems.name);
  }

  deadLetters(): DeadLetter[] {
    return this.bus.values<DeadLetter>(CHANNELS.deadLetters.name);
  }

  async close(): Promise<void> {
    await this.bus.close();
    this.state.close();
  }
}

/**
 * The last case of a collector test file: nothing any case published carries an unmasked
 * phone, ID, bank card or e-mail. Cases in a file run in order, so this sees them all.
 */
export function itPublishedNothingUnmasked(): void {
  it('published no unmasked phone, ID, bank card or e-mail number in any message of this file', () => {
    expect(PUBLISHED_IN_FILE.length).toBeGreaterThan(0);
    expect(findUnmasked(PUBLISHED_IN_FILE)).toEqual([]);
  });
}
