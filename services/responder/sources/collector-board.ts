import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { CHANNELS, consume } from '../../../shared/bus-channels.ts';
import {
  COLLECTOR_STATUS_KEPT_MS,
  HEARTBEATS_BEFORE_LOST,
  type CollectorProcessState,
  type CollectorStatus,
  type SourceStatus,
} from '../../../shared/domain/collector-status.ts';
import type { Logger } from '../../../shared/logger.ts';
import type { Bus, Subscription } from '../../../shared/ports/bus.ts';

/** A process's own state, or `lost` when it has been silent for HEARTBEATS_BEFORE_LOST heartbeats. */
export type CollectorCondition = CollectorProcessState | 'lost';

/** One collector process as the console's sources page shows it. */
export interface CollectorProcessView {
  instanceId: string;
  host: string;
  pid: number;
  startedAt: string;
  /** When it made its newest report, by its own clock. */
  lastReportAt: string;
  condition: CollectorCondition;
  sources: SourceStatus[];
}

/** GET /api/sources: every collector process heard from within the last hour, with its sources. */
export interface SourcesAnswer {
  collectors: CollectorProcessView[];
}

interface Heard {
  report: CollectorStatus;
  /** Epoch ms of the report: its own time, but never later than when it arrived here. */
  at: number;
}

/**
 * The newest status report of every collector process, as this responder process hears them
 * on the collector-status channel.
 */
export class CollectorBoard {
  private readonly latest = new Map<string, Heard>();
  private subscription: Subscription | undefined;

  private constructor(private readonly now: () => number) {}

  /**
   * Every responder process must see every report, so each has a consumer group of its own.
   * It starts at the channel's earliest message rather than its end: the channel keeps an hour
   * (CHANNELS.collectorStatus.retentionMs, on SQLite and Kafka alike), about 240 reports per
   * collector process at one heartbeat per 15 s, so a fresh responder knows every process at
   * once, stopped ones included, instead of after the next heartbeat. Asking collectors to report
   * on demand would have given each collector a consumer group too, and Kafka takes seconds to
   * join one. The groups outlive their process: Kafka expires their offsets after a week
   * (offsets.retention.minutes); the SQLite bus keeps one small row per partition per start.
   */
  static async start(deps: { bus: Bus; logger: Logger; now: () => number }): Promise<CollectorBoard> {
    const board = new CollectorBoard(deps.now);
    board.subscription = await consume({
      bus: deps.bus,
      channel: CHANNELS.collectorStatus,
      group: `collector-status-${hostname()}-${process.pid}-${randomBytes(4).toString('hex')}`,
      start: 'earliest',
      logger: deps.logger,
      handler: async (reports) => board.record(reports),
    });
    return board;
  }

  /** Every process heard from within COLLECTOR_STATUS_KEPT_MS, by host and start time. */
  view(): SourcesAnswer {
    const now = this.now();
    const collectors: CollectorProcessView[] = [];
    for (const [id, { report, at }] of this.latest) {
      if (now - at > COLLECTOR_STATUS_KEPT_MS) {
        this.latest.delete(id);
        continue;
      }
      const silent = now - at > HEARTBEATS_BEFORE_LOST * report.heartbeatMs;
      collectors.push({
        instanceId: report.instanceId,
        host: report.host,
        pid: report.pid,
        startedAt: report.startedAt,
        lastReportAt: report.at,
        condition: report.state !== 'stopped' && silent ? 'lost' : report.state,
        sources: report.sources,
      });
    }
    collectors.sort((a, b) => a.host.localeCompare(b.host) || a.startedAt.localeCompare(b.startedAt) || a.instanceId.localeCompare(b.instanceId));
    return { collectors };
  }

  async stop(): Promise<void> {
    await this.subscription?.stop();
  }

  /**
   * Keeps the newest report per process (by its seq, so a redelivered older one changes
   * nothing). A report's time is capped by its arrival: a collector clock running ahead
   * cannot keep a dead process looking alive, and reports read back at start keep their age.
   */
  private record(reports: CollectorStatus[]): void {
    const arrived = this.now();
    for (const report of reports) {
      const held = this.latest.get(report.instanceId);
      if (held && held.report.seq >= report.seq) continue;
      this.latest.set(report.instanceId, { report, at: Math.min(arrived, Date.parse(report.at)) });
    }
  }
}
