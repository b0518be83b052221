// The analyzer in a thread of its own, for a process that runs it beside the console or the
// collector (`npm start`): its batches then never hold up the console's requests, the cron
// jobs or a stop. Started by start-services.ts; speaks to it by messages:
//   → { kind: 'stop' }            ← { kind: 'ready' } | { kind: 'stopped', ok } | { kind: 'failed', message }
import { parentPort, workerData } from 'node:worker_threads';
import type { Config } from '../shared/config.ts';
import { errorMessage } from '../shared/errors.ts';
import { createLogger } from '../shared/logger.ts';
import { startServices } from './start-services.ts';

const port = parentPort;
if (!port) throw new Error('analyzer-thread.ts runs as a worker thread of start-services.ts');
const { config } = workerData as { config: Config };
const logger = createLogger(config.logLevel).child({ thread: 'analyzer' });

try {
  const services = await startServices(config, ['analyzer'], logger);
  port.on('message', (message: { kind: string }) => {
    if (message.kind !== 'stop') return;
    void services.stop().then((result) => {
      port.postMessage({ kind: 'stopped', ok: result.ok });
      // Ends this thread only; whatever still holds its event loop is done with.
      process.exit(result.ok ? 0 : 1);
    });
  });
  port.postMessage({ kind: 'ready' });
} catch (err) {
  logger.error({ err }, 'the analyzer thread failed to start');
  port.postMessage({ kind: 'failed', message: errorMessage(err) });
  port.close();
}
