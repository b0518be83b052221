import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../shared/logger.ts';
import { exitOnSignals, ShutdownSequence, type ShutdownResult } from '../../shared/shutdown.ts';

/** A logger whose lines the test reads. */
function recordingLogger() {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger('debug', { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
  return { logger, lines };
}

const never = () => new Promise<void>(() => undefined);

describe('ShutdownSequence', () => {
  it('runs the phases in order — intake, consumers, bus, storage — and each phase in the order its steps were added', async () => {
    const ran: string[] = [];
    const step = (name: string) => ({ name, run: async () => void ran.push(name) });
    const result = await new ShutdownSequence({ logger: recordingLogger().logger })
      .add('storage', step('index'))
      .add('bus', step('bus'))
      .add('storage', step('ledger'))
      .add('consumers', step('analyzer'))
      .add('intake', step('collector'))
      .add('intake', step('webhook server'))
      .run();
    expect(ran).toEqual(['collector', 'webhook server', 'analyzer', 'bus', 'index', 'ledger']);
    expect(result).toEqual({ ok: true, failed: [] });
  });

  it('a step that throws or rejects is logged with its error and the later steps still run', async () => {
    const { logger, lines } = recordingLogger();
    const ran: string[] = [];
    const result = await new ShutdownSequence({ logger })
      .add('consumers', {
        name: 'analyzer',
        run: () => {
          throw new Error('subscription already gone');
        },
      })
      .add('bus', { name: 'bus', run: () => Promise.reject(new Error('broker refused')) })
      .add('storage', { name: 'index', run: async () => void ran.push('index') })
      .run();
    expect(ran).toEqual(['index']);
    expect(result.ok).toBe(false);
    expect(result.failed.map((f) => [f.phase, f.step, f.reason])).toEqual([
      ['consumers', 'analyzer', 'failed'],
      ['bus', 'bus', 'failed'],
    ]);
    const logged = lines.filter((l) => l.msg === 'shutdown step failed; going on with the next');
    expect(logged.map((l) => [l.step, (l.err as { message: string }).message])).toEqual([
      ['analyzer', 'subscription already gone'],
      ['bus', 'broker refused'],
    ]);
  });

  it('a step that hangs is cut at its timeout and the later steps still run', async () => {
    const ran: string[] = [];
    const started = Date.now();
    const result = await new ShutdownSequence({ logger: recordingLogger().logger, stepTimeoutMs: 5_000 })
      .add('intake', { name: 'console server', run: never, timeoutMs: 50 })
      .add('storage', { name: 'ledger', run: async () => void ran.push('ledger') })
      .run();
    expect(ran).toEqual(['ledger']);
    expect(result.failed).toEqual([{ phase: 'intake', step: 'console server', reason: 'timed_out' }]);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('running it again gives the first result and runs no step twice', async () => {
    let runs = 0;
    const sequence = new ShutdownSequence({ logger: recordingLogger().logger }).add('bus', { name: 'bus', run: async () => void runs++ });
    const [a, b] = await Promise.all([sequence.run(), sequence.run()]);
    expect(await sequence.run()).toBe(a);
    expect(b).toBe(a);
    expect(runs).toBe(1);
  });
});

describe('exiting on signals', () => {
  function watch(shutdown: () => Promise<ShutdownResult>, deadlineMs = 5_000) {
    const target = new EventEmitter();
    const codes: number[] = [];
    let exited!: (code: number) => void;
    const firstExit = new Promise<number>((resolve) => (exited = resolve));
    exitOnSignals({
      shutdown,
      logger: recordingLogger().logger,
      deadlineMs,
      target,
      exit: (code) => {
        codes.push(code);
        exited(code);
      },
    });
    return { target, codes, firstExit };
  }

  it('SIGTERM runs the shutdown once and exits 0 when every step succeeded, 1 when one failed', async () => {
    let shutdowns = 0;
    const clean = watch(async () => {
      shutdowns++;
      return { ok: true, failed: [] };
    });
    clean.target.emit('SIGTERM');
    expect(await clean.firstExit).toBe(0);
    expect(shutdowns).toBe(1);
    const failing = watch(async () => ({ ok: false, failed: [{ phase: 'storage', step: 'ledger', reason: 'timed_out' }] }));
    failing.target.emit('SIGINT');
    expect(await failing.firstExit).toBe(1);
  });

  it('a second signal exits 1 at once while the shutdown still runs', async () => {
    let shutdowns = 0;
    const { target, firstExit } = watch(() => {
      shutdowns++;
      return new Promise<ShutdownResult>(() => undefined);
    });
    target.emit('SIGINT');
    target.emit('SIGINT');
    expect(await firstExit).toBe(1);
    expect(shutdowns).toBe(1);
  });

  it('a shutdown still running at the deadline exits 1', async () => {
    const { target, firstExit } = watch(() => new Promise<ShutdownResult>(() => undefined), 50);
    target.emit('SIGTERM');
    expect(await firstExit).toBe(1);
  });
});
