import { z } from 'zod';
import { Alert } from '../domain/alert.ts';
import { AnalyzedItem } from '../domain/analyzed-item.ts';
import { DeadLetter } from '../domain/dead-letter.ts';
import { Event } from '../domain/event.ts';
import { YuqingError } from '../errors.ts';

/** A kind of document a store keeps: the domain schema it is read back through, and its name for a person. */
export interface StoredKind<T> {
  schema: z.ZodType<T>;
  label: string;
}

/** What the search index stores, each read back through its domain schema as the ledger's records are. */
export const INDEXED = {
  item: { schema: AnalyzedItem, label: '条目' },
  event: { schema: Event, label: '事件' },
  alert: { schema: Alert, label: '预警' },
  deadLetter: { schema: DeadLetter, label: '死信' },
} satisfies Record<string, StoredKind<unknown>>;

/**
 * A stored document checked against its domain schema at the adapter boundary: a document of an
 * older shape gets the schema's defaults, a corrupt one fails here, naming itself, rather than
 * somewhere downstream as a missing field.
 */
export function storedDocument<T>(kind: StoredKind<T>, doc: unknown): T {
  const parsed = kind.schema.safeParse(doc);
  if (parsed.success) return parsed.data;
  const id = typeof doc === 'object' && doc !== null && 'id' in doc ? String(doc.id) : '(无 id)';
  throw new YuqingError('index.corrupt_document', `索引中的${kind.label} ${id} 不符合数据格式：${z.prettifyError(parsed.error)}`, {
    cause: parsed.error,
  });
}
