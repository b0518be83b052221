// Child process for the ledger contract: appends `count` entries as fast as it can, racing
// a sibling process on the same ledger.
import type { LedgerConfig } from '../../shared/config.ts';
import { openLedgerStore } from '../../shared/wiring.ts';
import { testLogger } from './test-logger.ts';

const args = JSON.parse(process.argv[2]!) as { config: LedgerConfig; tag: string; count: number };
const store = await openLedgerStore(args.config, testLogger);
for (let i = 0; i < args.count; i++) {
  await store.append({ actor: { id: args.tag, role: '舆情监测' }, action: 'alert.acknowledged', subject: `alert:${args.tag}-${i}`, payload: { i } });
}
await store.close();
