import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { CHANNELS, publishTo } from '../../shared/bus-channels.ts';
import { COLLECTOR_HEARTBEAT_MS, type CollectorProcessState, type CollectorStatus, type SourceStatus } from '../../shared/domain/collector-status.ts';
import { toChinaIso } from '../../shared/domain/time.ts';
import type { Logger } from '../../shared/logger.ts';
import type { Bus } from '../../shared/ports/bus.ts';

export interface CollectorStatusReporterOptions {
  bus: Bus;
  logger: Logger;
  /** The sources' statuses as they are now (SourceScheduler.status). */
  sources: () => SourceStatus[];
  now?: () => number;
  heartbeatMs?: number;
  /** Least time between two reports: a burst of run starts and ends makes one report. */
  minIntervalMs?: number;
}

/**
 * Publishes this collector process's status on the collector-status channel: at once when
 * told of news (coalesced to one report per minIntervalMs), every heartbeat, and a last
 * `stopped` report. At most one publish is in flight and each report is made when it is sent,
 * so a bus that is down delays reports without queueing them; failures are logged, never thrown.
 */
export class CollectorStatusReporter {
  readonly instanceId = `${hostname()}-${process.pid}-${randomBytes(4).toString('hex')}`;
  private readonly now: () => number;
  private readonly startedAt: string;
  private readonly heartbeatMs: number;
  private readonly minIntervalMs: number;
  private readonly log: Logger;
  private state: CollectorProcessState = 'running';
  private seq = 0;
  private due = false;
  private inFlight: Promise<void> | undefined;
  private cooldown: NodeJS.Timeout | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private failing = false;
  private finished = false;

  constructor(private readonly opts: CollectorStatusReporterOptions) {
    this.now = opts.now ?? Date.now;
    this.startedAt = toChinaIso(this.now());
    this.heartbeatMs = opts.heartbeatMs ?? COLLECTOR_HEARTBEAT_MS;
    this.minIntervalMs = opts.minIntervalMs ?? 1_000;
    this.log = opts.logger.child({ component: 'collector-status', instanceId: this.instanceId });
  }

  /** Reports now, then every heartbeat. */
  start(): void {
    this.heartbeat = setInterval(() => this.changed(), this.heartbeatMs);
    this.changed();
  }

  /** Something a person would want to see soon: reported at once, or when the cool-down ends. */
  changed(): void {
    this.due = true;
    this.pump();
  }

  /** The collector is stopping: said at once, while its runs finish. */
  stopping(): void {
    this.state = 'stopping';
    this.changed();
  }

  /** Ends the reports with a `stopped` one, after the report in flight. */
  async stop(): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    clearInterval(this.heartbeat);
    clearTimeout(this.cooldown);
    await this.inFlight;
    this.state = 'stopped';
    await this.publish(this.report());
  }

  private pump(): void {
    if (!this.due || this.finished || this.inFlight || this.cooldown) return;
    this.due = false;
    this.cooldown = setTimeout(() => {
      this.cooldown = undefined;
      this.pump();
    }, this.minIntervalMs);
    this.inFlight = this.publish(this.report()).finally(() => {
      this.inFlight = undefined;
      this.pump();
    });
  }

  private report(): CollectorStatus {
    return {
      instanceId: this.instanceId,
      host: hostname(),
      pid: process.pid,
      startedAt: this.startedAt,
      at: toChinaIso(this.now()),
      seq: this.seq++,
      heartbeatMs: this.heartbeatMs,
      state: this.state,
      sources: this.opts.sources(),
    };
  }

  private async publish(report: CollectorStatus): Promise<void> {
    try {
      await publishTo(this.opts.bus, CHANNELS.collectorStatus, [report]);
      if (this.failing) this.log.info('collector status reaches the bus again');
      this.failing = false;
    } catch (err) {
      // Collection goes on without the console's view of it; said once per outage.
      if (!this.failing) this.log.warn({ err }, 'could not publish the collector status; collection continues');
      this.failing = true;
    }
  }
}
