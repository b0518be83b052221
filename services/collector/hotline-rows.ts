import { parseChinaTime } from '../../shared/domain/time.ts';
import { ATTR_NAMES, type ColumnMap, type HotlineField } from './hotline-columns.ts';
import type { ItemDraft } from './source.ts';

export type RowResult = { ok: true; draft: ItemDraft } | { ok: false; reason: string };

/** Turns one export row into a draft (masked later by the source context), or says why it cannot. */
export function hotlineRowToDraft(record: Record<string, string>, columns: ColumnMap): RowResult {
  const get = (field: HotlineField): string => {
    const column = columns[field];
    return column === undefined ? '' : (record[column] ?? '').trim();
  };
  const ticketId = get('ticketId');
  if (ticketId === '') return { ok: false, reason: `“${columns.ticketId ?? '工单编号'}”为空` };
  const receivedRaw = get('receivedAt');
  const receivedAt = parseChinaTime(receivedRaw);
  if (receivedAt === null) return { ok: false, reason: `“${columns.receivedAt ?? '来电时间'}”的值“${receivedRaw}”不是有效的日期时间` };
  const content = get('content');
  if (content === '') return { ok: false, reason: `“${columns.content ?? '诉求内容'}”为空` };

  const attrs: ItemDraft['attrs'] = {};
  for (const [field, name] of Object.entries(ATTR_NAMES) as [HotlineField, string][]) {
    const value = get(field);
    if (value !== '') attrs[name] = value;
  }
  const phone = get('callerPhone');
  const name = get('callerName');
  const title = get('title');
  const area = get('area');
  return {
    ok: true,
    draft: {
      externalId: ticketId,
      ...(title ? { title } : {}),
      text: content,
      publishedAt: receivedAt,
      ...(area ? { region: area } : {}),
      ...(phone || name ? { author: { ...(name ? { name } : {}), ...(phone ? { phone } : {}) } } : {}),
      attrs,
    },
  };
}
