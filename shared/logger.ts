import { pino, type Logger } from 'pino';

export type { Logger } from 'pino';

/**
 * Keys whose values never reach a log line: secrets, and personal data that the collector
 * masks before publishing but that may still sit in a parse error's context.
 */
const REDACTED_KEYS = [
  'password',
  'secret',
  'token',
  'authorization',
  'cookie',
  'phone',
  'mobile',
  'idNumber',
  '来电号码',
  '来电人',
  '联系电话',
  '身份证号',
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'yuqing' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: REDACTED_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]),
        censor: '[redacted]',
      },
    },
    destination,
  );
}
