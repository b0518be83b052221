import type { RawItem } from '../../shared/domain/raw-item.ts';
import { errorMessage } from '../../shared/errors.ts';
import type { Logger } from '../../shared/logger.ts';
import type { Bus, Subscription } from '../../shared/ports/bus.ts';
import type { SearchIndex } from '../../shared/ports/search-index.ts';
import { consume, makeDeadLetter, publishTo, CHANNELS } from '../../shared/bus-channels.ts';
import type { AnalyzerRules } from './analyzer-config.ts';
import { EventAssigner } from './event-assigner.ts';
import { EventTracker } from './event-tracker.ts';
import { ItemAnalyzer, type ItemAnalysis } from './item-analyzer.ts';
import { markRepeatCallers } from './repeat-caller.ts';

/** How often, at most, quiet events are looked for. */
const QUIET_SWEEP_MAX_MS = 10 * 60_000;

export interface AnalyzerDeps {
  bus: Bus;
  index: SearchIndex;
  rules: AnalyzerRules;
  logger: Logger;
  group?: string;
  now?: () => number;
}

export interface AnalyzerService {
  stop(): Promise<void>;
}

/**
 * Consumes raw items, analyzes them, writes them to the index, brings their events up to date
 * and raises alerts. Every write is idempotent, so a batch delivered twice changes nothing.
 * Alerts are published before they are indexed: after a crash in between, the alert is
 * published again (the responder drops the duplicate by id) rather than lost.
 */
export async function startAnalyzer(deps: AnalyzerDeps): Promise<AnalyzerService> {
  const log = deps.logger.child({ component: 'analyzer' });
  const analyzer = new ItemAnalyzer(deps.rules);
  const tracker = new EventTracker(deps.index, deps.rules, deps.now);
  const assigner = new EventAssigner(deps.index, deps.rules);

  const subscription: Subscription = await consume({
    bus: deps.bus,
    channel: CHANNELS.rawItems,
    group: deps.group ?? 'analyzer',
    logger: log,
    maxBatch: 200,
    handler: async (raws: RawItem[]) => {
      const analyses: ItemAnalysis[] = [];
      for (const raw of raws) {
        try {
          analyses.push(analyzer.analyze(raw));
        } catch (err) {
          // One item the analyzer cannot read must not hold back the rest of the batch.
          log.warn({ err, itemId: raw.id }, 'item could not be analyzed; sent to dead-letters');
          await publishTo(deps.bus, CHANNELS.deadLetters, [
            makeDeadLetter('analyzer/raw-items', `analysis failed: ${errorMessage(err)}`, JSON.stringify(raw), { itemId: raw.id }),
          ]);
        }
      }
      if (analyses.length === 0) return;
      // Both read the index: the caller's earlier calls, and the events and copies an item may join.
      const analyzed = await assigner.assign(await markRepeatCallers(analyses, deps.index, deps.rules.risk.repeatCaller));
      await deps.index.upsertItems(analyzed);
      await deps.index.refresh();
      const eventIds = [...new Set(analyzed.map((a) => a.eventId))];
      const raised = await tracker.update(eventIds, analyzed, async (alert) => {
        await publishTo(deps.bus, CHANNELS.alerts, [alert]);
        await deps.index.upsertAlerts([alert]);
        log.info({ alertId: alert.id, level: alert.level, eventId: alert.eventId }, 'alert raised');
      });
      if (raised) await deps.index.refresh();
      log.debug({ items: analyzed.length, events: eventIds.length }, 'batch analyzed');
    },
  });
  // Events go quiet without an item to say so: sweep for them a few times per quiet period.
  const sweepMs = Math.min(QUIET_SWEEP_MAX_MS, (deps.rules.alerts.lifecycle.quietHours * 3600_000) / 12);
  const sweep = setInterval(() => {
    tracker.closeQuietEvents().then(
      (n) => n > 0 && log.info({ closed: n }, 'quiet events marked 已平息'),
      (err: unknown) => log.warn({ err }, 'quiet-event sweep failed; retried at the next sweep'),
    );
  }, sweepMs);
  sweep.unref();
  log.info('analyzer consuming raw-items');
  return {
    stop: async () => {
      clearInterval(sweep);
      await subscription.stop();
    },
  };
}
