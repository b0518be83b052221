// Starts yuqing's services in one process: all three by default (`npm start`), or the ones
// named on the command line (`npm run analyzer` runs only the analyzer).
import { loadConfig } from '../shared/config.ts';
import { createLogger } from '../shared/logger.ts';
import { ROLES, startServices, type Role } from './start-services.ts';

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
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    await services.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
} catch (err) {
  logger.fatal({ err }, 'failed to start');
  process.exit(1);
}
