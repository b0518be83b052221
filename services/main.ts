// Starts yuqing's services in one process: all three by default (`npm start`), or the ones
// named on the command line (`npm run analyzer` runs only the analyzer).
import { loadConfig } from '../shared/config.ts';
import { createLogger } from '../shared/logger.ts';
import { exitOnSignals } from '../shared/shutdown.ts';
import { ROLES, startServices, type Role } from './start-services.ts';

/** Within the usual grace period of a process manager (30 s), with each step limited to 10 s. */
const SHUTDOWN_DEADLINE_MS = 25_000;

function parseRoles(args: string[]): Role[] {
  if (args.length === 0) return [...ROLES];
  const unknown = args.filter((a) => !(ROLES as readonly string[]).includes(a));
  if (unknown.length) {
    process.stderr.write(`yuqing: unknown service ${unknown.join(', ')}; choose from ${ROLES.join(', ')}\n`);
    process.exit(2);
  }
  return args as Role[];
}

const roles = parseRoles(process.argv.slice(2));
const config = loadConfig();
const logger = createLogger(config.logLevel);

try {
  const services = await startServices(config, roles, logger);
  if (services.consoleUrl) process.stdout.write(`\n  yuqing 控制台 / console: ${services.consoleUrl}\n\n`);
  exitOnSignals({ shutdown: services.stop, logger, exit: (code) => process.exit(code), deadlineMs: SHUTDOWN_DEADLINE_MS });
} catch (err) {
  logger.fatal({ err }, 'failed to start');
  process.exit(1);
}
