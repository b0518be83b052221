import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteSearchIndex } from '../../shared/adapters/sqlite/sqlite-search-index.ts';
import type { AnalyzedItem } from '../../shared/domain/analyzed-item.ts';
import type { RawItem } from '../../shared/domain/raw-item.ts';
import { segmentForSearch } from '../../shared/text/segmenter.ts';
import { EventAssigner } from '../../services/analyzer/event-assigner.ts';
import type { IncidentVectors } from '../../services/analyzer/incident-terms.ts';
import { ItemAnalyzer, type ItemAnalysis } from '../../services/analyzer/item-analyzer.ts';
import { draftToItem } from '../../services/collector/draft-to-item.ts';
import { mapColumns } from '../../services/collector/hotline-columns.ts';
import { hotlineRowToDraft } from '../../services/collector/hotline-rows.ts';
import { rawItem, shippedRules } from './analyzer-fixtures.ts';

const dir = mkdtempSync(join(tmpdir(), 'yuqing-events-'));
let n = 0;

/** A fresh embedded index: the event logic is tested against a real adapter, not a fake. */
export function freshIndex(): SqliteSearchIndex {
  return new SqliteSearchIndex({ path: join(dir, `index-${++n}.sqlite`), segment: segmentForSearch });
}

let analyzer: ItemAnalyzer | undefined;

/** The shipped analyzer on one hotline item published at `at` (China time). */
export function analyzed(id: string, text: string, at: string, extra: Partial<RawItem> = {}): ItemAnalysis {
  analyzer ??= new ItemAnalyzer(shippedRules());
  return analyzer.analyze(rawItem(text, { id, externalId: id, publishedAt: at, collectedAt: at, ...extra }));
}

/**
 * One row of a 12345 export (column name → cell, as the county's system names them) through the
 * collector's column mapping and masking, then the shipped analyzer: a ticket as the pipeline
 * sees it.
 */
export function ticket(row: Record<string, string>): ItemAnalysis {
  const draft = hotlineRowToDraft(row, mapColumns(Object.keys(row)));
  if (!draft.ok) throw new Error(draft.reason);
  analyzer ??= new ItemAnalyzer(shippedRules());
  const at = draft.draft.publishedAt;
  return analyzer.analyze({ ...draftToItem(draft.draft, { name: '12345-export', kind: 'hotline' }, 'test-secret-0123456789', at), revision: 1 });
}

let vectors: IncidentVectors | undefined;

export function assignerFor(index: SqliteSearchIndex): EventAssigner {
  const rules = shippedRules();
  // Loaded once: the rarity table is the same for every test.
  vectors ??= new EventAssigner(index, rules).vectors;
  return new EventAssigner(index, rules, vectors);
}

/** What the analyzer service does with a batch before events are recomputed. */
export async function ingest(index: SqliteSearchIndex, batch: ItemAnalysis[]): Promise<AnalyzedItem[]> {
  const assigned = await assignerFor(index).assign(batch);
  await index.upsertItems(assigned);
  return assigned;
}
