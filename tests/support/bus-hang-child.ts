// Child process for the bus contract: receives one batch, reports it, and never lets the
// handler finish, so the parent can SIGKILL it between receive and commit.
import type { BusConfig } from '../../shared/config.ts';
import { openBus } from '../../shared/wiring.ts';
import { testLogger } from './test-logger.ts';

const args = JSON.parse(process.argv[2]!) as { config: BusConfig; options: { pollMs?: number; leaseMs?: number }; topic: string; group: string };
const bus = await openBus(args.config, testLogger, args.options);
await bus.subscribe({
  channel: args.topic,
  group: args.group,
  handler: async (batch) => {
    process.stdout.write(`received ${batch.map((m) => m.offset).join(',')}\n`);
    await new Promise(() => {});
  },
});
