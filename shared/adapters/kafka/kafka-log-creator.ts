import kafkajs, { type LogEntry, type logCreator } from 'kafkajs';
import type { Logger } from '../../logger.ts';

const { logLevel } = kafkajs;

const OWN_FIELDS = new Set(['message', 'timestamp', 'logger']);

type Level = 'warn' | 'info' | 'debug' | 'silent';

/**
 * The pino level for a kafkajs entry. kafkajs logs at ERROR for problems it then retries itself
 * (a broker refusing connections, a consumer restarting after a crash), so ERROR and WARN both
 * become warnings; KafkaBus logs ERROR itself when something will not heal. Some entries say
 * less than their kafkajs level suggests and are lowered.
 */
function levelFor({ namespace, level, log }: LogEntry): Level {
  if (level > logLevel.WARN) return 'silent';
  // Every error answer from the broker (an unknown topic, "the group is rebalancing" to a
  // heartbeat) is also handed to the code that sent the request, which handles or reports it.
  if (namespace === 'Connection' && log.message.startsWith('Response ')) return 'debug';
  // A member joining or leaving: routine in a scaled deployment.
  if (log.message === 'The group is rebalancing, re-joining') return 'info';
  // KafkaBus bounds the idempotent producer's retries so publish() can fail with a clear error,
  // and replaces the producer after a failed send, so no sequence number is reused.
  if (log.message.startsWith('Limiting retries for the idempotent producer')) return 'silent';
  return 'warn';
}

/** Routes kafkajs log entries into pino (kafkajs builds only WARN and ERROR entries; see KafkaBus). */
export function kafkaLogCreator(logger: Logger): logCreator {
  return () => (entry: LogEntry) => {
    const level = levelFor(entry);
    if (level === 'silent') return;
    // pino adds its own time; kafkajs's timestamp and logger name would only repeat it.
    const extra = Object.fromEntries(Object.entries(entry.log).filter(([k]) => !OWN_FIELDS.has(k)));
    logger[level]({ kafkajs: entry.namespace, kafkajsLevel: entry.level === logLevel.ERROR ? 'error' : 'warn', ...extra }, entry.log.message);
  };
}
