import type { Logger } from '../../shared/logger.ts';
import type { Bus } from '../../shared/ports/bus.ts';
import { makeDeadLetter, publishTo, CHANNELS } from '../../shared/bus-channels.ts';
import type { CollectorState } from './collector-state.ts';
import { draftToItem } from './draft-to-item.ts';
import { maskText } from './mask-personal-data.ts';
import { publishRevisions } from './publish-revisions.ts';
import type { Source, SourceContext } from './source.ts';

/** What every source context shares: the bus, the collector's memory and the caller-key secret. */
export interface CollectorDeps {
  bus: Bus;
  state: CollectorState;
  hashSecret: string;
  logger: Logger;
  now?: () => number;
}

/** What one run did, for the source's status. */
export interface RunCounters {
  items: number;
  unchanged: number;
  deadLetters: number;
}

export function emptyCounters(): RunCounters {
  return { items: 0, unchanged: 0, deadLetters: 0 };
}

/** The context one run of `source` works through; it adds what it does to `counters`. */
export function createSourceContext(
  source: Pick<Source, 'name' | 'kind'>,
  deps: CollectorDeps,
  counters: RunCounters = emptyCounters(),
  signal: AbortSignal = new AbortController().signal,
): SourceContext {
  const now = deps.now ?? Date.now;
  const origin = `collector/${source.name}`;
  return {
    sourceName: source.name,
    kind: source.kind,
    logger: deps.logger.child({ component: 'source', source: source.name }),
    signal,
    now,
    checkpoints: {
      get: (key) => deps.state.checkpoint(source.name, key),
      set: (values) => deps.state.setCheckpoints(source.name, values),
    },
    emit: async (drafts) => {
      const at = now();
      const result = await publishRevisions(
        deps.bus,
        deps.state,
        drafts.map((d) => draftToItem(d, source, deps.hashSecret, at)),
      );
      counters.items += result.published;
      counters.unchanged += result.unchanged;
      return result;
    },
    deadLetter: async (reason, raw, context, rawRef) => {
      const letter = makeDeadLetter(origin, maskText(reason), maskText(raw), context, now());
      await publishTo(deps.bus, CHANNELS.deadLetters, [{ ...letter, ...(rawRef ? { rawRef } : {}) }]);
      counters.deadLetters += 1;
    },
  };
}
