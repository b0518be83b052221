import type { Logger } from './logger.ts';

/**
 * The phases of a shutdown, in the order they run: stop taking in work (collector sources,
 * webhook and console servers), stop the consumers so no batch is half handled, close the bus
 * (flushing what producers hold), and only then close storage, which the earlier phases still
 * write to.
 */
export const SHUTDOWN_PHASES = ['intake', 'consumers', 'bus', 'storage'] as const;
export type ShutdownPhase = (typeof SHUTDOWN_PHASES)[number];

/** One thing to stop, with a name for the log and how long it may take. */
export interface ShutdownStep {
  name: string;
  run: () => Promise<void> | void;
  /** Past this the step is given up on and the next one runs. Default: the sequence's stepTimeoutMs. */
  timeoutMs?: number;
}

/** A step that did not finish: it threw, or it was still running at its timeout. */
export interface FailedStep {
  phase: ShutdownPhase;
  step: string;
  reason: 'failed' | 'timed_out';
  err?: unknown;
}

export interface ShutdownResult {
  ok: boolean;
  failed: FailedStep[];
}

export interface ShutdownOptions {
  logger: Logger;
  /** Default time limit of each step. */
  stepTimeoutMs?: number;
}

const DEFAULT_STEP_TIMEOUT_MS = 10_000;

/**
 * Stops a process's parts in order, as Outline's ShutdownHelper does: phase by phase
 * (SHUTDOWN_PHASES), each phase's steps in the order they were added. Every step is isolated
 * and time-limited: one that throws or hangs is logged and passed over, so the rest still run
 * and storage is still closed. Running it again returns the first run's result.
 */
export class ShutdownSequence {
  private readonly steps = new Map<ShutdownPhase, ShutdownStep[]>(SHUTDOWN_PHASES.map((p) => [p, []]));
  private readonly log: Logger;
  private readonly stepTimeoutMs: number;
  private running: Promise<ShutdownResult> | undefined;

  constructor(opts: ShutdownOptions) {
    this.log = opts.logger.child({ component: 'shutdown' });
    this.stepTimeoutMs = opts.stepTimeoutMs ?? DEFAULT_STEP_TIMEOUT_MS;
  }

  add(phase: ShutdownPhase, step: ShutdownStep): this {
    this.steps.get(phase)!.push(step);
    return this;
  }

  run(): Promise<ShutdownResult> {
    this.running ??= this.runAll();
    return this.running;
  }

  private async runAll(): Promise<ShutdownResult> {
    const failed: FailedStep[] = [];
    for (const phase of SHUTDOWN_PHASES) {
      for (const step of this.steps.get(phase)!) {
        const failure = await this.runStep(phase, step);
        if (failure) failed.push(failure);
      }
    }
    if (failed.length) this.log.warn({ failed: failed.map((f) => `${f.phase}/${f.step}: ${f.reason}`) }, 'shut down with failed steps');
    else this.log.info('shut down');
    return { ok: failed.length === 0, failed };
  }

  private async runStep(phase: ShutdownPhase, step: ShutdownStep): Promise<FailedStep | undefined> {
    const timeoutMs = step.timeoutMs ?? this.stepTimeoutMs;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timed_out'>((resolve) => {
      timer = setTimeout(() => resolve('timed_out'), timeoutMs);
    });
    try {
      // Promise.resolve().then: a step that throws at once is caught like one that rejects.
      const outcome = await Promise.race([Promise.resolve().then(step.run), timedOut]);
      if (outcome === 'timed_out') {
        this.log.error({ phase, step: step.name, timeoutMs }, 'shutdown step timed out; going on with the next');
        return { phase, step: step.name, reason: 'timed_out' };
      }
      this.log.debug({ phase, step: step.name }, 'stopped');
      return undefined;
    } catch (err) {
      this.log.error({ err, phase, step: step.name }, 'shutdown step failed; going on with the next');
      return { phase, step: step.name, reason: 'failed', err };
    } finally {
      clearTimeout(timer);
    }
  }
}

/** What exitOnSignals listens to and ends: the process, or a stand-in in tests. */
export interface SignalTarget {
  on(signal: NodeJS.Signals, listener: () => void): unknown;
}

export interface SignalOptions {
  shutdown: () => Promise<ShutdownResult>;
  logger: Logger;
  exit: (code: number) => void;
  /** The whole shutdown's limit; past it the process exits whatever still runs. */
  deadlineMs: number;
  target?: SignalTarget;
}

/**
 * On SIGINT or SIGTERM runs the shutdown and exits 0 when every step succeeded, 1 when one
 * failed. A second signal, or the deadline passing first, exits 1 at once: an operator who
 * presses Ctrl-C twice, or an orchestrator's grace period, is never kept waiting by a hung stop.
 */
export function exitOnSignals(opts: SignalOptions): void {
  const target = opts.target ?? process;
  let started = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (started) {
      opts.logger.warn({ signal }, 'second signal: exiting without waiting for the shutdown');
      opts.exit(1);
      return;
    }
    started = true;
    opts.logger.info({ signal, deadlineMs: opts.deadlineMs }, 'shutting down');
    const deadline = setTimeout(() => {
      opts.logger.error({ deadlineMs: opts.deadlineMs }, 'shutdown passed its deadline: exiting');
      opts.exit(1);
    }, opts.deadlineMs);
    deadline.unref();
    void opts.shutdown().then(
      (result) => {
        clearTimeout(deadline);
        opts.exit(result.ok ? 0 : 1);
      },
      (err: unknown) => {
        clearTimeout(deadline);
        opts.logger.error({ err }, 'shutdown failed');
        opts.exit(1);
      },
    );
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) target.on(signal, () => onSignal(signal));
}
