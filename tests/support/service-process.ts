import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { INFRA } from './infra.ts';

const MAIN = resolve(import.meta.dirname, '../../services/main.ts');

/** A service started as its own process with `tsx services/main.ts <role>`, as an operator would. */
export interface ServiceProcess {
  role: string;
  child: ChildProcess;
  /** Everything it wrote to stderr, for the failure message. */
  stderr: string[];
  /** Its log lines (pino writes JSON lines to stdout). */
  stdoutLines(): string[];
}

/** Starts a service; its logs (stdout and stderr) go to <data dir>/<role>-<pid>.log for post-mortems. */
export function startServiceProcess(role: string, env: Record<string, string>): ServiceProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, role], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = createWriteStream(join(env.YUQING_DATA_DIR ?? tmpdir(), `${role}-${child.pid}.log`));
  const stdout: string[] = [];
  child.stdout!.on('data', (c: Buffer) => {
    stdout.push(c.toString('utf8'));
    log.write(c);
  });
  const stderr: string[] = [];
  child.stderr!.on('data', (c: Buffer) => {
    stderr.push(c.toString('utf8'));
    log.write(c);
  });
  return { role, child, stderr, stdoutLines: () => stdout.join('').split('\n') };
}

export async function stopServiceProcess(p: ServiceProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (p.child.exitCode !== null || p.child.signalCode !== null) return;
  const exited = new Promise<void>((r) => p.child.once('exit', () => r()));
  p.child.kill(signal);
  const timer = setTimeout(() => p.child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolvePort(port));
    });
  });
}

/**
 * The environment of a scaled installation in its own namespace — its own topics, index
 * prefix and ledger schema on the shared servers — so runs never see each other's data.
 */
export async function scaledNamespace(name: string): Promise<{ env: Record<string, string>; dataDir: string; port: number; run: string }> {
  const run = `${name}${randomBytes(3).toString('hex')}`;
  const dataDir = mkdtempSync(join(tmpdir(), `yuqing-${name}-`));
  const port = await freePort();
  return {
    run,
    dataDir,
    port,
    env: {
      KAFKA_BROKERS: INFRA.kafkaBrokers.join(','),
      KAFKA_PARTITIONS: '4',
      KAFKA_SESSION_TIMEOUT_MS: '6000',
      YUQING_TOPIC_PREFIX: `${run}-`,
      ELASTICSEARCH_URL: INFRA.elasticsearchUrl,
      ELASTICSEARCH_PREFIX: run,
      DATABASE_URL: INFRA.databaseUrl,
      DATABASE_SCHEMA: run,
      YUQING_DATA_DIR: dataDir,
      YUQING_DEMO: '0',
      YUQING_POLL_MS: '100',
      YUQING_HASH_SECRET: 'scaled-test-secret-0123456789',
      // Scaled responders share one session key, as they would behind a load balancer.
      YUQING_SESSION_SECRET: `scaled-session-secret-${run}-0123456789`,
      // info: the post-mortem logs show each alert raised and each consumer group rejoin.
      LOG_LEVEL: 'info',
      PORT: String(port),
    },
  };
}
