import type { Sentiment } from '../../../shared/domain/analyzed-item.ts';
import type { RawItem } from '../../../shared/domain/raw-item.ts';
import { parseChinaTime, toChinaIso } from '../../../shared/domain/time.ts';
import { errorMessage } from '../../../shared/errors.ts';
import type { ItemAnalyzer } from '../item-analyzer.ts';
import type { InputRecord } from './read-records.ts';

/** One output line of `npm run analyze`: the full analysis, or an empty one marked with its reason. */
export interface RecordResult {
  record: number;
  id: string;
  status: 'ok' | 'empty' | 'error';
  reason?: string;
  topics: { code: string; label: string; score: number; evidence: string[] }[];
  negativity: Sentiment;
  risk: { score: number; signals: { code: string; label: string; evidence: string[] }[] };
  places: string[];
  departments: string[];
  simhash?: string;
}

/** Batch records carry no date of their own unless a time column says so; a fixed one keeps output reproducible. */
const NO_DATE = '2000-01-01T00:00:00.000+08:00';

function empty(record: number, id: string, status: 'empty' | 'error', reason: string): RecordResult {
  return { record, id, status, reason, topics: [], negativity: { score: 0, label: 'not_negative', evidence: [], intensity: { score: 0, evidence: [] } }, risk: { score: 0, signals: [] }, places: [], departments: [] };
}

/** Analyzes one record; never throws, so one bad record cannot stop a batch. */
export function analyzeRecord(analyzer: ItemAnalyzer, record: InputRecord): RecordResult {
  const id = record.id && record.id !== '' ? record.id : `record-${record.record}`;
  if (!record.ok) return empty(record.record, id, 'error', record.reason);
  try {
    const at = record.time ? parseChinaTime(record.time) : null;
    const item: RawItem = {
      id,
      source: { kind: 'comment', name: 'batch' },
      externalId: id,
      title: record.title || undefined,
      text: record.text,
      publishedAt: at === null ? NO_DATE : toChinaIso(at),
      collectedAt: NO_DATE,
      attrs: {},
      revision: 0,
    };
    const a = analyzer.analyze(item);
    const quality = analyzer.quality(a);
    return {
      record: record.record,
      id,
      status: quality.status,
      ...(quality.status === 'empty' ? { reason: quality.reason } : {}),
      topics: a.topics,
      negativity: a.sentiment,
      risk: a.risk,
      places: a.places,
      departments: a.departments,
      simhash: a.simhash,
    };
  } catch (err) {
    return empty(record.record, id, 'error', `分析失败：${errorMessage(err)}`);
  }
}
