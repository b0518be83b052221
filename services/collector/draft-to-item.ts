import { itemId, type RawItem, type SourceKind } from '../../shared/domain/raw-item.ts';
import { toChinaIso } from '../../shared/domain/time.ts';
import type { ItemDraft } from './source.ts';
import { callerKey, maskName, maskText } from './mask-personal-data.ts';

type AttrValue = RawItem['attrs'][string];

/** A number attr can be a phone number typed into a numeric cell: it is masked like text. */
function maskAttr(value: AttrValue): AttrValue {
  if (typeof value === 'string') return maskText(value);
  if (Array.isArray(value)) return value.map(maskText);
  if (typeof value === 'number') {
    const text = String(value);
    const masked = maskText(text);
    return masked === text ? value : masked;
  }
  return value;
}

/**
 * The one place a draft becomes an item: every text field masked, the author reduced to a
 * keyed hash and a masked display, the id derived from source name and external id.
 */
export function draftToItem(
  draft: ItemDraft,
  source: { name: string; kind: SourceKind },
  hashSecret: string,
  collectedAt: number,
): Omit<RawItem, 'revision'> {
  const attrs: RawItem['attrs'] = {};
  for (const [k, v] of Object.entries(draft.attrs ?? {})) attrs[k] = maskAttr(v);
  const name = draft.author?.name?.trim() ?? '';
  const phone = draft.author?.phone?.trim() ?? '';
  const key = callerKey(hashSecret, phone, name);
  return {
    id: itemId(source.name, draft.externalId),
    source: { kind: source.kind, name: source.name },
    // External ids are the source's own (ticket numbers, comment ids); one that is a phone number is still masked.
    externalId: maskText(draft.externalId),
    ...(draft.url ? { url: maskText(draft.url) } : {}),
    ...(draft.title ? { title: maskText(draft.title) } : {}),
    text: maskText(draft.text),
    publishedAt: toChinaIso(draft.publishedAt),
    collectedAt: toChinaIso(collectedAt),
    ...(draft.region ? { region: maskText(draft.region) } : {}),
    ...(key ? { author: { key, display: name ? maskName(name) : maskText(phone) } } : {}),
    attrs,
  };
}
