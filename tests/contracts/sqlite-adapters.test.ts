import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteSearchIndex } from '../../shared/adapters/sqlite/sqlite-search-index.ts';
import type { LedgerConfig } from '../../shared/config.ts';
import type { SearchIndex } from '../../shared/ports/search-index.ts';
import { segmentForSearch } from '../../shared/text/segmenter.ts';
import { busContract } from './bus-contract.ts';
import { ledgerContract } from './ledger-contract.ts';
import { searchIndexContract } from './search-index-contract.ts';

const dir = mkdtempSync(join(tmpdir(), 'yuqing-contract-'));
let n = 0;
const freshPath = (name: string) => join(dir, `${name}-${++n}.sqlite`);

busContract({
  name: 'SqliteBus',
  config: { kind: 'sqlite', path: freshPath('bus') },
  memberTimeoutMs: 1_000,
  options: { pollMs: 20, leaseMs: 1_000 },
});

const indexPaths = new Map<SearchIndex, string>();
searchIndexContract({
  name: 'SqliteSearchIndex',
  open: async () => {
    const path = freshPath('index');
    const index = new SqliteSearchIndex({ path, segment: segmentForSearch });
    indexPaths.set(index, path);
    return index;
  },
  overwriteEvent: async (index, id, fields) => {
    const db = new Database(indexPaths.get(index)!);
    db.prepare('UPDATE events SET doc = json_patch(doc, ?) WHERE id = ?').run(JSON.stringify(fields), id);
    db.close();
  },
});

ledgerContract({
  name: 'SqliteLedgerStore',
  freshConfig: async () => ({ kind: 'sqlite', path: freshPath('ledger') }),
  tamper: async (config: LedgerConfig, change, seq) => {
    if (config.kind !== 'sqlite') throw new Error('not a SQLite ledger');
    const db = new Database(config.path);
    if (change === 'delete') db.prepare('DELETE FROM ledger WHERE seq = ?').run(seq);
    else db.prepare(`UPDATE ledger SET payload = json_set(payload, '$.title', '已篡改') WHERE seq = ?`).run(seq);
    db.close();
  },
});
