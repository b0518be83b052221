import type { BusConfig, Config, IndexConfig, LedgerConfig } from './config.ts';
import type { Logger } from './logger.ts';
import type { AccountStore } from './ports/account-store.ts';
import type { Bus } from './ports/bus.ts';
import type { EvidenceStore } from './ports/evidence-store.ts';
import type { LedgerStore } from './ports/ledger-store.ts';
import type { SearchIndex, Segmenter } from './ports/search-index.ts';

/**
 * The one place that turns configuration into adapters. Each adapter module is imported
 * only when chosen, so the embedded default never loads kafkajs, the Elasticsearch client
 * or pg.
 */
export async function openBus(config: BusConfig, logger: Logger, opts: { pollMs?: number; leaseMs?: number } = {}): Promise<Bus> {
  const bus = await openBareBus(config, logger, opts);
  if (!config.topicPrefix) return bus;
  const { NamespacedBus } = await import('./adapters/namespaced-bus.ts');
  return new NamespacedBus(bus, config.topicPrefix);
}

async function openBareBus(config: BusConfig, logger: Logger, opts: { pollMs?: number; leaseMs?: number }): Promise<Bus> {
  switch (config.kind) {
    case 'sqlite': {
      const { SqliteBus } = await import('./adapters/sqlite/sqlite-bus.ts');
      return new SqliteBus({ path: config.path, logger, ...opts });
    }
    case 'kafka': {
      const { KafkaBus } = await import('./adapters/kafka/kafka-bus.ts');
      return KafkaBus.connect({ ...config, logger });
    }
  }
}

export async function openSearchIndex(config: IndexConfig, segment: Segmenter, logger: Logger): Promise<SearchIndex> {
  switch (config.kind) {
    case 'sqlite': {
      const { SqliteSearchIndex } = await import('./adapters/sqlite/sqlite-search-index.ts');
      return new SqliteSearchIndex({ path: config.path, segment });
    }
    case 'elasticsearch': {
      const { ElasticsearchIndex } = await import('./adapters/elasticsearch/elasticsearch-index.ts');
      return ElasticsearchIndex.connect({ ...config, segment, logger });
    }
  }
}

export async function openLedgerStore(config: LedgerConfig, logger: Logger): Promise<LedgerStore> {
  switch (config.kind) {
    case 'sqlite': {
      const { SqliteLedgerStore } = await import('./adapters/sqlite/sqlite-ledger-store.ts');
      return new SqliteLedgerStore({ path: config.path });
    }
    case 'postgres': {
      const { PostgresLedgerStore } = await import('./adapters/postgres/postgres-ledger-store.ts');
      return PostgresLedgerStore.connect({ ...config, logger });
    }
  }
}

/** Console accounts live beside the ledger: the same SQLite file, or the same PostgreSQL schema. */
export async function openAccountStore(config: LedgerConfig, logger: Logger): Promise<AccountStore> {
  switch (config.kind) {
    case 'sqlite': {
      const { SqliteAccountStore } = await import('./adapters/sqlite/sqlite-account-store.ts');
      return new SqliteAccountStore({ path: config.path });
    }
    case 'postgres': {
      const { PostgresAccountStore } = await import('./adapters/postgres/postgres-account-store.ts');
      return PostgresAccountStore.connect({ ...config, logger });
    }
  }
}

/** Fulfilment evidence files live beside the ledger too, so every responder process serves them. */
export async function openEvidenceStore(config: LedgerConfig, logger: Logger): Promise<EvidenceStore> {
  switch (config.kind) {
    case 'sqlite': {
      const { SqliteEvidenceStore } = await import('./adapters/sqlite/sqlite-evidence-store.ts');
      return new SqliteEvidenceStore({ path: config.path });
    }
    case 'postgres': {
      const { PostgresEvidenceStore } = await import('./adapters/postgres/postgres-evidence-store.ts');
      return PostgresEvidenceStore.connect({ ...config, logger });
    }
  }
}

/** Partitions for new topics: Kafka's from config, one for the embedded bus (one writer process). */
export function channelPartitions(config: Config): number {
  return config.bus.kind === 'kafka' ? config.bus.partitions : 1;
}
