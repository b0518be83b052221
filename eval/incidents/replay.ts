/**
 * Replays the labelled incident streams through the collector's reading path and the analyzer
 * (item analysis, event assignment, event tracking) over a fresh embedded index, one ticket at a
 * time with the clock at its 来电时间, as a live hotline feed delivers them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteSearchIndex } from '../../shared/adapters/sqlite/sqlite-search-index.ts';
import type { Alert } from '../../shared/domain/alert.ts';
import type { AnalyzedItem } from '../../shared/domain/analyzed-item.ts';
import type { Event } from '../../shared/domain/event.ts';
import type { RawItem } from '../../shared/domain/raw-item.ts';
import { segmentForSearch } from '../../shared/text/segmenter.ts';
import { MAX_PAGE } from '../../shared/ports/search-terms.ts';
import type { AnalyzerRules } from '../../services/analyzer/analyzer-config.ts';
import { EventAssigner } from '../../services/analyzer/event-assigner.ts';
import { EventTracker } from '../../services/analyzer/event-tracker.ts';
import { ItemAnalyzer } from '../../services/analyzer/item-analyzer.ts';
import { markRepeatCallers } from '../../services/analyzer/repeat-caller.ts';
import { draftToItem } from '../../services/collector/draft-to-item.ts';
import { openExport } from '../../services/collector/export-rows.ts';
import { mapColumns } from '../../services/collector/hotline-columns.ts';
import { hotlineRowToDraft } from '../../services/collector/hotline-rows.ts';

const SOURCE = { name: '12345-export', kind: 'hotline' as const };
const HASH_SECRET = 'incident-replay-secret-0123456789';

/** What the analyzer made of the streams: each ticket's event (by 工单编号), the events, and the alerts raised. */
export interface Replay {
  eventOf: Map<string, string>;
  items: AnalyzedItem[];
  events: Event[];
  alerts: Alert[];
  /** Rows that could not be read (the collector dead-letters them). */
  rejected: number;
}

/** The tickets of one export as items, in file order; rows the collector would dead-letter are left out and counted. */
export async function readStream(path: string): Promise<{ items: RawItem[]; rejected: number }> {
  const { rows } = await openExport(path);
  let columns: ReturnType<typeof mapColumns> | undefined;
  let header: string[] = [];
  const items: RawItem[] = [];
  let rejected = 0;
  for await (const { record } of rows) {
    if (!columns) {
      header = record.map((h) => h.replace(/^\uFEFF/, ''));
      columns = mapColumns(header);
      continue;
    }
    const row = Object.fromEntries(header.map((h, i) => [h, record[i] ?? '']));
    const result = hotlineRowToDraft(row, columns);
    if (!result.ok) {
      rejected++;
      continue;
    }
    items.push({ ...draftToItem(result.draft, SOURCE, HASH_SECRET, result.draft.publishedAt), revision: 1 });
  }
  return { items, rejected };
}

export async function replay(streams: readonly string[], rules: AnalyzerRules): Promise<Replay> {
  const dir = mkdtempSync(join(tmpdir(), 'yuqing-incidents-'));
  const index = new SqliteSearchIndex({ path: join(dir, 'index.sqlite'), segment: segmentForSearch });
  try {
    let clock = 0;
    const analyzer = new ItemAnalyzer(rules);
    const assigner = new EventAssigner(index, rules);
    const tracker = new EventTracker(index, rules, () => clock);
    let rejected = 0;
    for (const stream of streams) {
      const read = await readStream(stream);
      rejected += read.rejected;
      for (const raw of read.items) {
        clock = Date.parse(raw.publishedAt);
        const analyzed = await assigner.assign(await markRepeatCallers([analyzer.analyze(raw)], index, rules.risk.repeatCaller));
        await index.upsertItems(analyzed);
        await index.refresh();
        await tracker.update([...new Set(analyzed.map((a) => a.eventId))], analyzed, (alert) => index.upsertAlerts([alert]));
        await index.refresh();
      }
    }
    const items = await allItems(index);
    // Read back rather than kept as raised: a merge moves an alert to the event it merged into.
    const alerts = (await index.searchAlerts({ page: { limit: MAX_PAGE } })).hits;
    const eventIds = [...new Set(items.map((i) => i.eventId))];
    const events = (await Promise.all(eventIds.map((id) => index.getEvent(id)))).filter((e): e is Event => e !== undefined);
    return { eventOf: new Map(items.map((i) => [i.externalId, i.eventId])), items, events, alerts, rejected };
  } finally {
    await index.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function allItems(index: SqliteSearchIndex): Promise<AnalyzedItem[]> {
  const out: AnalyzedItem[] = [];
  for (let offset = 0; ; offset += MAX_PAGE) {
    const { hits } = await index.searchItems({ sort: 'oldest', page: { limit: MAX_PAGE, offset } });
    out.push(...hits);
    if (hits.length < MAX_PAGE) return out;
  }
}
