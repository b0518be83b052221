import cron, { type Logger as CronLogger, type ScheduledTask } from 'node-cron';
import type { SourceStatus } from '../../shared/domain/collector-status.ts';
import { toChinaIso } from '../../shared/domain/time.ts';
import { errorMessage } from '../../shared/errors.ts';
import type { Logger } from '../../shared/logger.ts';
import { createSourceContext, emptyCounters, type CollectorDeps } from './source-context.ts';
import type { Source, SourceContext, SourceSchedule } from './source.ts';

/** Cron expressions are read in China time, as staff who write them think. */
export const SCHEDULE_TIMEZONE = 'Asia/Shanghai';

export interface SchedulerOptions {
  sources: Source[];
  deps: CollectorDeps;
  /** Called when a status changed in a way a person would want to see soon (see `isNews`). */
  onNews?: () => void;
}

type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** A period as staff say it: "每 30 秒", "每 5 分钟", "每 2 小时". */
function everyText(ms: number): string {
  if (ms % 3_600_000 === 0) return `每 ${ms / 3_600_000} 小时`;
  if (ms % 60_000 === 0) return `每 ${ms / 60_000} 分钟`;
  return ms % 1000 === 0 ? `每 ${ms / 1000} 秒` : `每 ${ms} 毫秒`;
}

const CRON_NUMBER = /^\d{1,2}$/;

/**
 * When a source runs, in the words the sources page shows: "推送（收到即处理）", "每 5 分钟", "每天 08:00";
 * a cron expression with no such reading is shown as written after 定时.
 */
export function describeSchedule(s: SourceSchedule | undefined): string {
  if (s === undefined) return '推送（收到即处理）';
  if (typeof s !== 'string') return everyText(s.everyMs);
  const f = s.trim().split(/\s+/);
  if (f.length !== 5 || f.slice(2).some((x) => x !== '*')) return `定时（${s}）`;
  const [minute, hour] = f as [string, string];
  const step = (x: string) => /^\*\/(\d+)$/.exec(x)?.[1];
  if (step(minute) && hour === '*') return `每 ${step(minute)} 分钟`;
  if (minute === '*' && hour === '*') return '每分钟';
  if (CRON_NUMBER.test(minute) && hour === '*') return `每小时第 ${Number(minute)} 分`;
  if (CRON_NUMBER.test(minute) && step(hour)) return `每 ${step(hour)} 小时（第 ${Number(minute)} 分）`;
  if (CRON_NUMBER.test(minute) && CRON_NUMBER.test(hour)) return `每天 ${hour.padStart(2, '0')}:${minute.padStart(2, '0')}`;
  return `定时（${s}）`;
}

/**
 * Whether a finished run is worth reporting before the next heartbeat: it brought items or
 * dead letters, or it succeeded or failed unlike the run before. The 12345 inbox is polled
 * every second; its idle polls are left to the heartbeat, or the bus would carry a report a second.
 */
function isNews(before: { ok: boolean | undefined; error: string | undefined }, after: SourceStatus, run: { items: number; deadLetters: number }): boolean {
  return run.items > 0 || run.deadLetters > 0 || after.lastRunOk !== before.ok || (after.lastRunOk === false && after.lastError?.message !== before.error);
}

/**
 * Runs each source on its own schedule. A source that throws has the error recorded in its
 * status and runs again at its next time; the others never notice. A source still running
 * when its time comes again is not started twice: the trigger joins the run in progress.
 */
export class SourceScheduler {
  private readonly sources = new Map<string, Source>();
  private readonly statuses = new Map<string, SourceStatus>();
  private readonly running = new Map<string, Promise<void>>();
  private readonly timers: (() => void)[] = [];
  private readonly tasks = new Map<string, ScheduledTask>();
  private readonly abort = new AbortController();
  private readonly now: () => number;
  private readonly log: Logger;

  constructor(private readonly opts: SchedulerOptions) {
    this.now = opts.deps.now ?? Date.now;
    this.log = opts.deps.logger.child({ component: 'source-scheduler' });
    for (const s of opts.sources) {
      if (this.sources.has(s.name)) throw new Error(`two sources are named "${s.name}"`);
      this.sources.set(s.name, s);
      this.statuses.set(s.name, {
        name: s.name,
        kind: s.kind,
        schedule: describeSchedule(s.schedule),
        running: false,
        totals: { runs: 0, failures: 0, items: 0, deadLetters: 0, overlapsSkipped: 0 },
      });
    }
  }

  /** Starts every scheduled source's timer; push sources have none. */
  start(): void {
    for (const s of this.sources.values()) {
      const schedule = s.schedule;
      if (schedule === undefined) continue;
      if (typeof schedule === 'string') {
        const task = cron.createTask(schedule, () => void this.runNow(s.name), { name: s.name, timezone: SCHEDULE_TIMEZONE, logger: this.cronLogger(s.name) });
        void task.start();
        this.tasks.set(s.name, task);
        this.timers.push(() => void task.destroy());
      } else {
        const timer = setInterval(() => void this.runNow(s.name), schedule.everyMs);
        this.timers.push(() => clearInterval(timer));
      }
      this.updateNextRun(s);
    }
  }

  /** Runs one source now, or joins its run in progress; a failing run resolves (its error goes to the status). */
  runNow(name: string): Promise<void> {
    const source = this.sources.get(name);
    if (!source) return Promise.reject(new Error(`no source named "${name}"`));
    const inFlight = this.running.get(name);
    if (inFlight) {
      this.statuses.get(name)!.totals.overlapsSkipped += 1;
      return inFlight;
    }
    if (this.abort.signal.aborted) return Promise.resolve();
    const run = this.record(source, (ctx) => source.run(ctx))
      .then(() => undefined)
      .finally(() => this.running.delete(name));
    this.running.set(name, run);
    return run;
  }

  /** One pass over every scheduled source, in parallel (tests and the first start). */
  async runAll(): Promise<void> {
    await Promise.all([...this.sources.values()].filter((s) => s.schedule !== undefined).map((s) => this.runNow(s.name)));
  }

  /**
   * Runs pushed work (a webhook delivery) through a context of the source, recorded in its
   * status like a scheduled run; pushes may run side by side. Rejects with the work's error.
   */
  async push<T>(name: string, work: (ctx: SourceContext) => Promise<T>): Promise<T> {
    const source = this.sources.get(name);
    if (!source) throw new Error(`no source named "${name}"`);
    const outcome = await this.record(source, work);
    if (!outcome.ok) throw outcome.error;
    return outcome.value;
  }

  /** Every source's status, for the responder's API. */
  status(): SourceStatus[] {
    return [...this.statuses.values()].map((s) => structuredClone(s));
  }

  /** Stops the timers, tells runs in progress to stop, and waits for them. */
  async stop(): Promise<void> {
    for (const t of this.timers.splice(0)) t();
    this.abort.abort();
    await Promise.all(this.running.values());
  }

  private async record<T>(source: Source, work: (ctx: SourceContext) => Promise<T>): Promise<Outcome<T>> {
    const status = this.statuses.get(source.name)!;
    const counters = emptyCounters();
    const ctx = createSourceContext(source, this.opts.deps, counters, this.abort.signal);
    const before = { ok: status.lastRunOk, error: status.lastError?.message };
    // Cron runs are minutes apart and may be long (a page crawl): shown running at once.
    const startIsNews = typeof source.schedule === 'string';
    status.running = true;
    status.lastRunStartedAt = toChinaIso(this.now());
    if (startIsNews) this.opts.onNews?.();
    let outcome: Outcome<T>;
    try {
      outcome = { ok: true, value: await work(ctx) };
    } catch (err) {
      outcome = { ok: false, error: err };
    }
    const error = outcome.ok ? undefined : outcome.error;
    status.running = false;
    status.lastRunEndedAt = toChinaIso(this.now());
    status.lastRunOk = outcome.ok;
    status.lastRun = { ...counters };
    status.totals.runs += 1;
    status.totals.items += counters.items;
    status.totals.deadLetters += counters.deadLetters;
    if (!outcome.ok) {
      status.totals.failures += 1;
      status.lastError = { at: status.lastRunEndedAt, message: errorMessage(error) };
      // Self-healing (the next run tries again): a warning, not an error.
      this.log.warn({ err: error, source: source.name }, 'source run failed; it runs again at its next time');
    }
    this.updateNextRun(source);
    if (startIsNews || isNews(before, status, counters)) this.opts.onNews?.();
    return outcome;
  }

  /** node-cron's own messages (a missed execution under load) as our JSON log lines. */
  private cronLogger(source: string): CronLogger {
    const log = this.log.child({ source });
    const asError = (message: string | Error, err?: Error) => ({ err: err ?? message });
    return {
      info: (m) => log.info(m),
      warn: (m) => log.warn(m),
      error: (m, err) => log.warn(asError(m, err), 'node-cron reported an error'),
      debug: (m, err) => log.debug(asError(m, err), 'node-cron'),
    };
  }

  private updateNextRun(source: Source): void {
    const status = this.statuses.get(source.name)!;
    const schedule = source.schedule;
    if (schedule === undefined) return;
    const next = typeof schedule === 'string' ? this.tasks.get(source.name)?.getNextRun()?.getTime() : this.now() + schedule.everyMs;
    if (next !== undefined) status.nextRunAt = toChinaIso(next);
  }
}
