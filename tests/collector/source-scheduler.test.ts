import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeSchedule, SourceScheduler } from '../../services/collector/source-scheduler.ts';
import type { Source, SourceContext, SourceSchedule } from '../../services/collector/source.ts';
import { waitFor } from '../support/wait-for.ts';
import { CollectorHarness, itPublishedNothingUnmasked } from './support/collector-harness.ts';

/** A source made of a function, counting its runs; a null schedule makes it a push source. */
function fakeSource(name: string, run: (ctx: SourceContext) => Promise<void>, schedule: SourceSchedule | null = '0 8 * * *'): Source & { runs: number } {
  const s = {
    name,
    kind: 'comment' as const,
    schedule: schedule ?? undefined,
    runs: 0,
    run: async (ctx: SourceContext) => {
      s.runs += 1;
      await run(ctx);
    },
  };
  return s;
}

const emitOne = (id: string) => async (ctx: SourceContext) => {
  await ctx.emit([{ externalId: id, text: `留言 ${id}，电话13812345678`, publishedAt: ctx.now() }]);
};

describe('source scheduler', () => {
  let h: CollectorHarness;
  let scheduler: SourceScheduler | undefined;

  beforeEach(async () => {
    h = await CollectorHarness.create();
  });
  afterEach(async () => {
    await scheduler?.stop();
    scheduler = undefined;
    await h.close();
  });

  it('a failing source never stops the others: its error is in its status and the others publish', async () => {
    const good = fakeSource('good', emitOne('g1'));
    const bad = fakeSource('bad', async () => {
      throw new Error('the site answered HTTP 500');
    });
    scheduler = new SourceScheduler({ sources: [bad, good], deps: h.deps });
    await scheduler.runAll();
    await scheduler.runAll();
    expect(good.runs).toBe(2);
    expect(h.items()).toHaveLength(1);
    const [badStatus, goodStatus] = scheduler.status();
    expect(badStatus).toMatchObject({
      name: 'bad',
      running: false,
      lastRunOk: false,
      lastError: { at: '2026-11-24T10:00:00.000+08:00', message: 'the site answered HTTP 500' },
      totals: { runs: 2, failures: 2 },
    });
    expect(goodStatus).toMatchObject({ lastRunOk: true, lastRun: { items: 0, unchanged: 1, deadLetters: 0 }, totals: { runs: 2, items: 1, failures: 0 } });
  });

  it('a source still running when triggered again is not started twice: the trigger joins the run', async () => {
    let release!: () => void;
    const slow = fakeSource('slow', () => new Promise<void>((r) => (release = r)));
    scheduler = new SourceScheduler({ sources: [slow], deps: h.deps });
    const first = scheduler.runNow('slow');
    const second = scheduler.runNow('slow');
    expect(scheduler.status()[0]).toMatchObject({ running: true, lastRunStartedAt: '2026-11-24T10:00:00.000+08:00' });
    h.clock += 5000;
    release();
    await Promise.all([first, second]);
    expect(slow.runs).toBe(1);
    expect(scheduler.status()[0]).toMatchObject({ running: false, lastRunEndedAt: '2026-11-24T10:00:05.000+08:00', totals: { runs: 1, overlapsSkipped: 1 } });
  });

  it('gives the next run of a cron schedule in China time', () => {
    scheduler = new SourceScheduler({ sources: [fakeSource('daily', emitOne('d1'), '30 8 * * *')], deps: h.deps });
    scheduler.start();
    expect(scheduler.status()[0]!.schedule).toBe('每天 08:30');
    expect(scheduler.status()[0]!.nextRunAt).toMatch(/T08:30:00\.000\+08:00$/);
  });

  it('runs a source on its cron schedule', async () => {
    const everySecond = fakeSource('every-second', emitOne('s1'), '* * * * * *');
    scheduler = new SourceScheduler({ sources: [everySecond], deps: h.deps });
    scheduler.start();
    await waitFor('a scheduled run', () => everySecond.runs >= 1, 5000);
    await waitFor('the run to be recorded', () => scheduler!.status()[0]!.totals.runs >= 1, 5000);
  });

  it('runs an interval source again and again', async () => {
    const polled = fakeSource('polled', async () => undefined, { everyMs: 20 });
    scheduler = new SourceScheduler({ sources: [polled], deps: h.deps });
    scheduler.start();
    await waitFor('three runs', () => polled.runs >= 3);
    expect(scheduler.status()[0]!.schedule).toBe('每 20 毫秒');
  });

  it('tells of news (items, a first run, a failure, a cron run) but leaves an idle poll to the heartbeat', async () => {
    let news = 0;
    const polled = fakeSource('polled', emitOne('p1'), { everyMs: 60_000 });
    const failing = fakeSource('failing', async () => {
      throw new Error('the site answered HTTP 500');
    }, { everyMs: 60_000 });
    const daily = fakeSource('daily', async () => undefined, '0 8 * * *');
    scheduler = new SourceScheduler({ sources: [polled, failing, daily], deps: h.deps, onNews: () => void (news += 1) });
    await scheduler.runNow('polled');
    expect(news).toBe(1);
    // The same item again: nothing new, the run succeeded as before.
    await scheduler.runNow('polled');
    expect(news).toBe(1);
    await scheduler.runNow('failing');
    expect(news).toBe(2);
    await scheduler.runNow('failing');
    expect(news).toBe(2);
    // A cron run is told at its start and its end.
    await scheduler.runNow('daily');
    expect(news).toBe(4);
  });

  it('stop tells a run in progress to stop and waits for it', async () => {
    let sawAbort = false;
    const long = fakeSource('long', (ctx) => new Promise<void>((r) => ctx.signal.addEventListener('abort', () => ((sawAbort = true), r()))));
    scheduler = new SourceScheduler({ sources: [long], deps: h.deps });
    const run = scheduler.runNow('long');
    await scheduler.stop();
    await run;
    expect(sawAbort).toBe(true);
    // Once stopped, triggers start nothing.
    await scheduler.runNow('long');
    expect(long.runs).toBe(1);
  });

  it('pushed work is recorded in the status of its source; a push source is never scheduled', async () => {
    const hook = fakeSource('hook', async () => undefined, null);
    scheduler = new SourceScheduler({ sources: [hook], deps: h.deps });
    scheduler.start();
    await scheduler.runAll();
    const result = await scheduler.push('hook', (ctx) => ctx.emit([{ externalId: 'p1', text: '推送的评论', publishedAt: ctx.now() }]));
    expect(result).toEqual({ published: 1, unchanged: 0, revisions: [1] });
    expect(hook.runs).toBe(0);
    expect(scheduler.status()[0]).toMatchObject({ schedule: '推送（收到即处理）', totals: { runs: 1, items: 1 } });
    expect(scheduler.status()[0]!.nextRunAt).toBeUndefined();
  });

  it('refuses two sources with one name', () => {
    expect(() => new SourceScheduler({ sources: [fakeSource('x', emitOne('1')), fakeSource('x', emitOne('2'))], deps: h.deps })).toThrow(
      'two sources are named "x"',
    );
  });

  itPublishedNothingUnmasked();
});

describe('schedules as the sources page shows them', () => {
  it('reads periods and the common cron forms in Chinese; any other cron expression as written', () => {
    expect(describeSchedule({ everyMs: 30_000 })).toBe('每 30 秒');
    expect(describeSchedule({ everyMs: 300_000 })).toBe('每 5 分钟');
    expect(describeSchedule('*/5 * * * *')).toBe('每 5 分钟');
    expect(describeSchedule('0 8 * * *')).toBe('每天 08:00');
    expect(describeSchedule('15 * * * *')).toBe('每小时第 15 分');
    expect(describeSchedule('0 */2 * * *')).toBe('每 2 小时（第 0 分）');
    expect(describeSchedule('0 9 * * 1-5')).toBe('定时（0 9 * * 1-5）');
  });
});
