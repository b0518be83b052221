import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

/** Starts a TypeScript helper script in a child process (through tsx), with JSON arguments. */
export function spawnTs(script: string, args: unknown): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', resolve(import.meta.dirname, script), JSON.stringify(args)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Collects a child's stdout lines as they come. */
export function lines(child: ChildProcess): string[] {
  const out: string[] = [];
  let partial = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    const parts = (partial + chunk.toString('utf8')).split('\n');
    partial = parts.pop()!;
    out.push(...parts);
  });
  return out;
}

export function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((r) => {
    if (child.exitCode !== null || child.signalCode !== null) r(child.exitCode);
    else child.once('exit', (code) => r(code));
  });
}
