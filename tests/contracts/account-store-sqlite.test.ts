import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { accountContract } from './account-contract.ts';

const dir = mkdtempSync(join(tmpdir(), 'yuqing-accounts-'));
let n = 0;

accountContract({
  name: 'SqliteAccountStore',
  // The accounts share the ledger's file in production; a fresh one per case here.
  freshConfig: async () => ({ kind: 'sqlite', path: join(dir, `ledger-${++n}.sqlite`) }),
});
