import { itemId, type RawItem } from '../../shared/domain/raw-item.ts';
import { parseChinaTime, toChinaIso } from '../../shared/domain/time.ts';
import { ATTR_NAMES, type ColumnMap, type HotlineField } from './hotline-columns.ts';
import { callerKey, maskName, maskText } from './mask-personal-data.ts';

export type RowResult = { ok: true; item: Omit<RawItem, 'revision'> } | { ok: false; reason: string };

export interface RowContext {
  sourceName: string;
  columns: ColumnMap;
  hashSecret: string;
  collectedAt: number;
}

/** Turns one export row into an item, masking personal data, or says why it cannot. */
export function hotlineRowToItem(record: Record<string, string>, ctx: RowContext): RowResult {
  const get = (field: HotlineField): string => {
    const column = ctx.columns[field];
    return column === undefined ? '' : (record[column] ?? '').trim();
  };
  const ticketId = get('ticketId');
  if (ticketId === '') return { ok: false, reason: `${ctx.columns.ticketId ?? '工单编号'} is empty` };
  const receivedRaw = get('receivedAt');
  const receivedAt = parseChinaTime(receivedRaw);
  if (receivedAt === null) return { ok: false, reason: `${ctx.columns.receivedAt ?? '来电时间'} "${receivedRaw}" is not a date` };
  const content = get('content');
  if (content === '') return { ok: false, reason: `${ctx.columns.content ?? '诉求内容'} is empty` };

  const attrs: RawItem['attrs'] = {};
  for (const [field, name] of Object.entries(ATTR_NAMES) as [HotlineField, string][]) {
    const value = get(field);
    if (value !== '') attrs[name] = maskText(value);
  }
  const phone = get('callerPhone');
  const name = get('callerName');
  const key = callerKey(ctx.hashSecret, phone, name);
  const title = get('title');
  const area = get('area');
  return {
    ok: true,
    item: {
      id: itemId(ctx.sourceName, ticketId),
      source: { kind: 'hotline', name: ctx.sourceName },
      externalId: ticketId,
      ...(title ? { title: maskText(title) } : {}),
      text: maskText(content),
      publishedAt: toChinaIso(receivedAt),
      collectedAt: toChinaIso(ctx.collectedAt),
      ...(area ? { region: maskText(area) } : {}),
      ...(key ? { author: { key, display: name ? maskName(name) : maskText(phone) } } : {}),
      attrs,
    },
  };
}
