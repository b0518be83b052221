import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { evidenceContract } from './evidence-contract.ts';

const dir = mkdtempSync(join(tmpdir(), 'yuqing-evidence-'));
let n = 0;

evidenceContract({
  name: 'SqliteEvidenceStore',
  // The files share the ledger's file in production; a fresh one per case here.
  freshConfig: async () => ({ kind: 'sqlite', path: join(dir, `ledger-${++n}.sqlite`) }),
  storedFiles: async (config) => {
    if (config.kind !== 'sqlite') throw new Error('expected a SQLite config');
    const db = new Database(config.path, { readonly: true });
    try {
      return (db.prepare('SELECT count(*) AS n FROM evidence_files').get() as { n: number }).n;
    } finally {
      db.close();
    }
  },
});
