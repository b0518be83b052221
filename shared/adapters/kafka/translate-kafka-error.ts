import kafkajs from 'kafkajs';
import { errorMessage, UnavailableError, YuqingError } from '../../errors.ts';

const { KafkaJSError } = kafkajs;

/** The error and the errors it wraps: kafkajs nests the real cause under retry wrappers. */
function errorChain(err: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let e = err; e !== undefined && e !== null && chain.length < 10; e = e instanceof Error ? e.cause : undefined) chain.push(e);
  return chain;
}

/** The Kafka protocol error name (UNKNOWN_TOPIC_OR_PARTITION …) anywhere in the chain. */
export function hasKafkaErrorType(err: unknown, type: string): boolean {
  return errorChain(err).some((e) => e instanceof KafkaJSError && 'type' in e && e.type === type);
}

/**
 * True when trying again later can succeed: a broker that is down or slow, a connection that
 * closed, or a retriable error the client already gave up retrying.
 */
function retriable(err: unknown): boolean {
  return errorChain(err).some(
    (e) => e instanceof KafkaJSError && (e.retriable || e.name === 'KafkaJSNumberOfRetriesExceeded' || e.name === 'KafkaJSConnectionError'),
  );
}

/**
 * Turns a kafkajs error into ours at the adapter boundary: a missing topic keeps the code the
 * SQLite bus uses, an unreachable cluster is an UnavailableError naming the brokers.
 */
export function translateKafkaError(err: unknown, ctx: { action: string; brokers: string[]; topic?: string }): YuqingError {
  if (err instanceof YuqingError) return err;
  if (ctx.topic !== undefined && hasKafkaErrorType(err, 'UNKNOWN_TOPIC_OR_PARTITION')) {
    return unknownTopic(ctx.topic, err);
  }
  const where = `Kafka at ${ctx.brokers.join(',')}`;
  if (retriable(err)) {
    return new UnavailableError('bus.unavailable', `${where} could not ${ctx.action}: ${errorMessage(err)}`, err);
  }
  return new YuqingError('bus.failed', `${where} could not ${ctx.action}: ${errorMessage(err)}`, { cause: err });
}

export function unknownTopic(topic: string, cause?: unknown): YuqingError {
  return new YuqingError('bus.unknown_channel', `topic ${topic} does not exist; create it with ensureChannels`, { cause });
}
