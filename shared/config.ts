import { resolve } from 'node:path';
import cron from 'node-cron';
import { z } from 'zod';

/**
 * The one place that reads process.env. Every setting is parsed here, synchronously at
 * start; a bad value stops the process with every problem named (exit code 2).
 */

const flag = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'])
  .transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

/** Rule and dictionary files ship in the repository's config/ folder; other paths are taken from the working directory. */
const CONFIG_DIR = resolve(import.meta.dirname, '../config');

/** The shipped response rules, also what a responder started without a configuration (tests) uses. */
export const DEFAULT_RESPONSE_RULES_PATH = `${CONFIG_DIR}/response-rules.json`;

/** 0 asks the system for any free port (tests, several responders on one host). */
const port = z.coerce.number().int().min(0).max(65535);

const EnvSchema = z.object({
  YUQING_DATA_DIR: z.string().min(1).default('./data'),
  YUQING_HOST: z.string().min(1).default('127.0.0.1'),
  PORT: port.default(8080),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Key for the hash that lets the analyzer count repeat callers without knowing them. */
  YUQING_HASH_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  /**
   * Key that signs console session cookies. Unset: generated once into the data directory,
   * which only processes sharing that directory can read; responders on several machines
   * need the same value here.
   */
  YUQING_SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** Express "trust proxy": which proxies' X-Forwarded-For to believe (login throttling by IP, Secure cookies). */
  YUQING_TRUST_PROXY: z.string().min(1).optional(),
  /** Load the demo 12345 export on first start. */
  YUQING_DEMO: flag.default(true),
  YUQING_INBOX_DIR: z.string().min(1).optional(),
  YUQING_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(1000),
  /** A JSON file listing the collector's sources (see config/sources.example.json); unset: the 12345 inbox alone. */
  YUQING_SOURCES: z.string().min(1).optional(),
  /** Where the collector answers webhook pushes (POST /api/ingest/:source), apart from the console. */
  YUQING_INGEST_PORT: port.default(8081),
  YUQING_GAZETTEER: z.string().min(1).default(`${CONFIG_DIR}/gazetteer.json`),
  YUQING_TOPICS: z.string().min(1).default(`${CONFIG_DIR}/topics.json`),
  YUQING_RISK_SIGNALS: z.string().min(1).default(`${CONFIG_DIR}/risk-signals.json`),
  YUQING_ALERT_RULES: z.string().min(1).default(`${CONFIG_DIR}/alert-rules.json`),
  /** Deadlines of 回应事项 and warning levels of commitments (config/response-rules.json). */
  YUQING_RESPONSE_RULES: z.string().min(1).default(DEFAULT_RESPONSE_RULES_PATH),
  KAFKA_BROKERS: z
    .string()
    .regex(/^[^\s,]+:\d+(,[^\s,]+:\d+)*$/, 'must be host:port[,host:port…]')
    .optional(),
  KAFKA_PARTITIONS: z.coerce.number().int().min(1).max(256).default(4),
  KAFKA_REPLICATION: z.coerce.number().int().min(1).max(16).default(1),
  /** How long a silent consumer keeps its partitions before the group moves them (Kafka's minimum is 6000). */
  KAFKA_SESSION_TIMEOUT_MS: z.coerce.number().int().min(1000).max(300_000).optional(),
  /** Prepended to every topic name, so several installations or test runs can share one Kafka. */
  YUQING_TOPIC_PREFIX: z.string().regex(/^[A-Za-z0-9._-]*$/, 'letters, digits, ".", "_" and "-"').default(''),
  ELASTICSEARCH_URL: z.url().optional(),
  ELASTICSEARCH_PREFIX: z.string().regex(/^[a-z0-9_-]+$/, 'lower-case letters, digits, _ and -').default('yuqing'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  DATABASE_SCHEMA: z.string().regex(/^[a-z_][a-z0-9_]*$/, 'lower-case letters, digits and _').default('yuqing'),
  /** Scaled mode with several responders: they share socket.io rooms through this Redis. */
  YUQING_REDIS_URL: z.string().regex(/^rediss?:\/\/\S+$/, 'must be a redis:// URL').optional(),
  /** When the responder records the daily digest (node-cron, China time). */
  YUQING_DIGEST_CRON: z.string().refine((s) => cron.validate(s), 'is not a node-cron expression').default('30 8 * * *'),
});

export type BusConfig = (
  | { kind: 'sqlite'; path: string }
  | {
      kind: 'kafka';
      brokers: string[];
      partitions: number;
      replication: number;
      clientId: string;
      /** Consumer-group session: how long a silent member keeps its partitions. Default 30 s; tests use the broker minimum (6 s). */
      sessionTimeoutMs?: number;
    }
) & { topicPrefix?: string };
export type IndexConfig = { kind: 'sqlite'; path: string } | { kind: 'elasticsearch'; url: string; prefix: string };
export type LedgerConfig = { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string; schema?: string };

export interface Config {
  dataDir: string;
  http: { host: string; port: number };
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  /** Undefined: a secret is generated once and kept in the data directory. */
  hashSecret?: string;
  /** Undefined: a session key is generated once and kept in the data directory. */
  sessionSecret?: string;
  /** Express "trust proxy" setting; undefined trusts no proxy. */
  trustProxy?: string | number;
  demo: boolean;
  collector: { inboxDir: string; archiveDir: string; stateDir: string; pollMs: number; sourcesPath?: string; ingestPort: number };
  analyzer: { gazetteerPath: string; topicsPath: string; riskPath: string; alertRulesPath: string };
  /** digestCron: the daily digest's schedule, read in China time. */
  responder: { rulesPath: string; digestCron: string };
  bus: BusConfig;
  index: IndexConfig;
  ledger: LedgerConfig;
  /** Redis for the responders' shared socket.io rooms; undefined: each responder serves its own sockets. */
  redisUrl?: string;
}

export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: string[] };

/** Parses an environment into a Config; never throws, never exits. */
export function parseConfig(env: Record<string, string | undefined>): ConfigResult {
  // An empty variable is treated as unset, as shells and compose files often produce them.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((i) => `${i.path.join('.') || '(environment)'}: ${i.message}`),
    };
  }
  const e = parsed.data;
  const dataDir = resolve(e.YUQING_DATA_DIR);
  const inboxDir = resolve(e.YUQING_INBOX_DIR ?? `${dataDir}/inbox`);
  return {
    ok: true,
    config: {
      dataDir,
      http: { host: e.YUQING_HOST, port: e.PORT },
      logLevel: e.LOG_LEVEL,
      ...(e.YUQING_HASH_SECRET ? { hashSecret: e.YUQING_HASH_SECRET } : {}),
      ...(e.YUQING_SESSION_SECRET ? { sessionSecret: e.YUQING_SESSION_SECRET } : {}),
      ...(e.YUQING_TRUST_PROXY ? { trustProxy: /^\d+$/.test(e.YUQING_TRUST_PROXY) ? Number(e.YUQING_TRUST_PROXY) : e.YUQING_TRUST_PROXY } : {}),
      demo: e.YUQING_DEMO,
      collector: {
        inboxDir,
        archiveDir: `${dataDir}/archive`,
        stateDir: dataDir,
        pollMs: e.YUQING_POLL_MS,
        ingestPort: e.YUQING_INGEST_PORT,
        ...(e.YUQING_SOURCES ? { sourcesPath: resolve(e.YUQING_SOURCES) } : {}),
      },
      analyzer: {
        gazetteerPath: resolve(e.YUQING_GAZETTEER),
        topicsPath: resolve(e.YUQING_TOPICS),
        riskPath: resolve(e.YUQING_RISK_SIGNALS),
        alertRulesPath: resolve(e.YUQING_ALERT_RULES),
      },
      responder: { rulesPath: resolve(e.YUQING_RESPONSE_RULES), digestCron: e.YUQING_DIGEST_CRON },
      bus: e.KAFKA_BROKERS
        ? {
            kind: 'kafka',
            brokers: e.KAFKA_BROKERS.split(','),
            partitions: e.KAFKA_PARTITIONS,
            replication: e.KAFKA_REPLICATION,
            clientId: 'yuqing',
            ...(e.KAFKA_SESSION_TIMEOUT_MS ? { sessionTimeoutMs: e.KAFKA_SESSION_TIMEOUT_MS } : {}),
            ...(e.YUQING_TOPIC_PREFIX ? { topicPrefix: e.YUQING_TOPIC_PREFIX } : {}),
          }
        : { kind: 'sqlite', path: `${dataDir}/bus.sqlite`, ...(e.YUQING_TOPIC_PREFIX ? { topicPrefix: e.YUQING_TOPIC_PREFIX } : {}) },
      index: e.ELASTICSEARCH_URL
        ? { kind: 'elasticsearch', url: e.ELASTICSEARCH_URL, prefix: e.ELASTICSEARCH_PREFIX }
        : { kind: 'sqlite', path: `${dataDir}/index.sqlite` },
      ledger: e.DATABASE_URL
        ? { kind: 'postgres', url: e.DATABASE_URL, schema: e.DATABASE_SCHEMA }
        : { kind: 'sqlite', path: `${dataDir}/ledger.sqlite` },
      ...(e.YUQING_REDIS_URL ? { redisUrl: e.YUQING_REDIS_URL } : {}),
    },
  };
}

/** Reads process.env once at start; on any problem prints them all and exits with code 2. */
export function loadConfig(): Config {
  const result = parseConfig(process.env);
  if (!result.ok) {
    process.stderr.write(`yuqing: invalid configuration\n${result.problems.map((p) => `  - ${p}`).join('\n')}\n`);
    process.exit(2);
  }
  return result.config;
}
