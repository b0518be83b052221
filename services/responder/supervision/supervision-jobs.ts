import cron, { type Logger as CronLogger, type ScheduledTask } from 'node-cron';
import type { Actor } from '../../../shared/domain/ledger.ts';
import { toChinaIso } from '../../../shared/domain/time.ts';
import { ConflictError } from '../../../shared/errors.ts';
import type { Logger } from '../../../shared/logger.ts';
import type { LedgerStore } from '../../../shared/ports/ledger-store.ts';
import { commitmentView } from '../commitments/commitment-state.ts';
import type { RulesInEffect } from '../cases/response-rules.ts';
import type { Notify } from '../live/live-alerts.ts';
import { deptRoom, roleRoom } from '../live/rooms.ts';
import { chinaDate } from '../../../shared/calendar/working-days.ts';
import { digestFigures, type DigestFigures } from './figures.ts';
import { latestEntry } from './ledger-reading.ts';

export const SYSTEM_ACTOR: Actor = { id: 'system', role: 'system' };
export const DIGEST_SUBJECT = 'system:digest';
/** Reminders run every 15 minutes; cron expressions are read in China time. */
export const REMINDER_CRON = '*/15 * * * *';
export const CRON_TIMEZONE = 'Asia/Shanghai';

export interface SupervisionJobDeps {
  ledger: LedgerStore;
  rules: RulesInEffect;
  /** Pushes reminders to the owner's department room (and overdue ones to 督查). */
  notify: Notify;
  logger: Logger;
}

export interface ReminderRun {
  sent: { id: string; kind: 'due_soon' | 'overdue' }[];
  /** Already reminded (by this process earlier or by another responder first). */
  skipped: number;
}

/**
 * Reminds the owner of every pending commitment due soon, and escalates every overdue one to
 * the owner and the supervisors, each once: the ledger refuses a second commitment.reminded of
 * the same kind, so when another responder process got there first this one skips it.
 */
export async function runReminders(deps: SupervisionJobDeps, now: number): Promise<ReminderRun> {
  const run: ReminderRun = { sent: [], skipped: 0 };
  for (const c of await deps.ledger.listCommitments({ status: ['pending'] })) {
    const view = commitmentView(c, now, deps.rules.current.commitments);
    if (view.state !== 'due_soon' && view.state !== 'overdue') continue;
    const kind = view.state;
    if (kind === 'due_soon' ? c.remindedDueSoonAt : c.remindedOverdueAt) {
      run.skipped += 1;
      continue;
    }
    try {
      await deps.ledger.append({ at: toChinaIso(now), actor: SYSTEM_ACTOR, action: 'commitment.reminded', subject: `commitment:${c.id}`, payload: { kind } });
    } catch (err) {
      // Refused: another process reminded it, or it changed state, since we listed it.
      if (!(err instanceof ConflictError)) throw err;
      deps.logger.debug({ commitment: c.id, kind, reason: err.message }, 'reminder skipped');
      run.skipped += 1;
      continue;
    }
    run.sent.push({ id: c.id, kind });
    const rooms = kind === 'overdue' ? [deptRoom(c.owner), roleRoom('supervisor')] : [deptRoom(c.owner)];
    deps.notify(rooms, 'reminder', { kind, commitment: view });
  }
  if (run.sent.length) deps.logger.info({ sent: run.sent.length, skipped: run.skipped }, 'commitment reminders sent');
  return run;
}

export interface Digest {
  seq: number;
  at: string;
  date: string;
  figures: DigestFigures;
}

/**
 * Appends the day's digest (digest.daily on system:digest) unless that China date already has
 * one; returns the digest of the date either way.
 */
export async function runDigest(deps: SupervisionJobDeps, now: number): Promise<{ created: boolean; digest: Digest }> {
  const date = chinaDate(now);
  const existing = await latestDigest(deps.ledger);
  if (existing?.date === date) return { created: false, digest: existing };
  const [cases, commitments] = await Promise.all([deps.ledger.listCases(), deps.ledger.listCommitments()]);
  const figures = digestFigures(cases, commitments, now, deps.rules.current.commitments);
  let entry;
  try {
    entry = await deps.ledger.append({ at: toChinaIso(now), actor: SYSTEM_ACTOR, action: 'digest.daily', subject: DIGEST_SUBJECT, payload: { date, figures } });
  } catch (err) {
    // Refused inside the append's transaction: another responder recorded this date's digest first.
    const other = err instanceof ConflictError ? await latestDigest(deps.ledger) : undefined;
    if (other?.date !== date) throw err;
    return { created: false, digest: other };
  }
  deps.logger.info({ date, overdue: figures.overdue.total }, 'daily digest recorded');
  deps.notify([roleRoom('supervisor'), roleRoom('monitor'), roleRoom('admin')], 'digest', { date, figures });
  return { created: true, digest: { seq: entry.seq, at: entry.at, date, figures } };
}

export async function latestDigest(ledger: Pick<LedgerStore, 'entries'>): Promise<Digest | undefined> {
  const e = await latestEntry(ledger, DIGEST_SUBJECT, 'digest.daily');
  if (!e) return undefined;
  return { seq: e.seq, at: e.at, date: String(e.payload.date), figures: e.payload.figures as DigestFigures };
}

export interface SupervisionJobs {
  stop(): void;
}

/**
 * Schedules the reminders (every 15 minutes) and the daily digest (`digestCron`, China time).
 * The schedules only call runReminders and runDigest with the clock; a run still going when
 * the next is due is not started twice in this process.
 */
export function startSupervisionJobs(deps: SupervisionJobDeps & { digestCron: string; now: () => number }): SupervisionJobs {
  const log = deps.logger.child({ component: 'supervision-jobs' });
  const guarded = (name: string, job: () => Promise<unknown>) => {
    let running = false;
    return async () => {
      if (running) return;
      running = true;
      try {
        await job();
      } catch (err) {
        // The next run tries again; nothing is lost, as a reminder is only recorded once sent.
        log.warn({ err, job: name }, 'supervision job failed');
      } finally {
        running = false;
      }
    };
  };
  const cronLogger: CronLogger = {
    info: (m) => log.info(m),
    warn: (m) => log.warn(m),
    error: (m, err) => log.warn({ err: err ?? m }, 'node-cron reported an error'),
    debug: (m, err) => log.debug({ err: err ?? m }, 'node-cron'),
  };
  const tasks: ScheduledTask[] = [
    cron.createTask(REMINDER_CRON, guarded('reminders', () => runReminders({ ...deps, logger: log }, deps.now())), {
      name: 'commitment-reminders',
      timezone: CRON_TIMEZONE,
      logger: cronLogger,
    }),
    cron.createTask(deps.digestCron, guarded('digest', () => runDigest({ ...deps, logger: log }, deps.now())), {
      name: 'daily-digest',
      timezone: CRON_TIMEZONE,
      logger: cronLogger,
    }),
  ];
  for (const t of tasks) void t.start();
  return {
    stop: () => {
      for (const t of tasks) void t.destroy();
    },
  };
}
