import { createLogger, type Logger } from '../../shared/logger.ts';

/** Tests log only warnings and worse, so a failing run shows what went wrong and a passing one stays quiet. */
export const testLogger: Logger = createLogger(process.env.LOG_LEVEL ?? 'error');
