import type { estypes } from '@elastic/elasticsearch';
import { CHINA_OFFSET_MS } from '../../domain/time.ts';

/** The field holding segmented words, joined by spaces; indexed, never kept in _source. */
export const TERMS = 'terms';

/**
 * The simhash's four bands as keywords, written with each item and left out of what reads
 * return (per request, since _source excludes cannot be added to an existing index).
 */
export const BANDS = 'simhashBands';

const keyword = { type: 'keyword' } as const;
const date = { type: 'date' } as const;
// Only the whitespace analyzer: the words were cut by our segmenter, and the built-in
// analyzer exists even on distributions without the analysis-common module.
const terms = { type: 'text', analyzer: 'whitespace', index_options: 'freqs' } as const;

/**
 * Mapped fields are the ones we filter, sort or aggregate on; everything else stays
 * unindexed in _source (dynamic: false), so _source is the domain record exactly as written.
 */
function mapping(properties: Record<string, estypes.MappingProperty>, withTerms: boolean): estypes.MappingTypeMapping {
  return {
    dynamic: false,
    ...(withTerms ? { _source: { excludes: [TERMS] } } : {}),
    properties: { id: keyword, ...(withTerms ? { [TERMS]: terms } : {}), ...properties },
  };
}

export const ITEM_MAPPING = mapping(
  {
    revision: { type: 'long' },
    source: { properties: { kind: keyword, name: keyword } },
    publishedAt: date,
    collectedAt: date,
    topics: { properties: { code: keyword } },
    places: keyword,
    departments: keyword,
    eventId: keyword,
    [BANDS]: keyword,
    author: { properties: { key: keyword } },
    hotline: { properties: { matter: keyword, handlingUnit: keyword, appealType: keyword } },
    risk: { properties: { score: { type: 'double' } } },
  },
  true,
);

export const EVENT_MAPPING = mapping(
  { topics: keyword, places: keyword, level: keyword, status: keyword, heat: { type: 'double' }, firstSeen: date, lastSeen: date },
  true,
);

export const ALERT_MAPPING = mapping({ eventId: keyword, rule: keyword, level: keyword, createdAt: date }, false);
export const DEAD_LETTER_MAPPING = mapping({ origin: keyword, at: date }, false);
/** id → the monthly index holding the item; its _version is the item's revision. */
export const LOCATOR_MAPPING: estypes.MappingTypeMapping = { dynamic: false, properties: {} };

export type Kind = 'items' | 'item-ids' | 'events' | 'alerts' | 'dead-letters';

export const MAPPINGS: Record<Kind, estypes.MappingTypeMapping> = {
  items: ITEM_MAPPING,
  'item-ids': LOCATOR_MAPPING,
  events: EVENT_MAPPING,
  alerts: ALERT_MAPPING,
  'dead-letters': DEAD_LETTER_MAPPING,
};

/**
 * Every index, alias and template name under one prefix. Items live in monthly indices
 * (`<prefix>-items-2026.11`, by publishedAt in China time) behind the alias `<prefix>-items`;
 * the other kinds have one index each (`<prefix>-events-v1`) behind an alias of the kind's name.
 */
export class IndexLayout {
  constructor(readonly prefix: string) {}

  alias(kind: Kind): string {
    return `${this.prefix}-${kind}`;
  }

  /** The index name pattern a kind's template applies to. */
  pattern(kind: Kind): string {
    return `${this.alias(kind)}-*`;
  }

  /** The one index of a kind that is not split by month. */
  single(kind: Exclude<Kind, 'items'>): string {
    return `${this.alias(kind)}-v1`;
  }

  monthlyItems(publishedAt: string): string {
    const china = new Date(Date.parse(publishedAt) + CHINA_OFFSET_MS);
    return `${this.alias('items')}-${china.getUTCFullYear()}.${String(china.getUTCMonth() + 1).padStart(2, '0')}`;
  }

  template(kind: Kind): estypes.IndicesPutIndexTemplateRequest {
    return {
      name: this.alias(kind),
      index_patterns: [this.pattern(kind)],
      // Above the built-in logs-*-* / metrics-*-* templates (priority 100), should a prefix collide.
      priority: 500,
      template: {
        // One shard per index: a county's month of items is small; replicas follow the node count.
        settings: { number_of_shards: 1, auto_expand_replicas: '0-1' },
        mappings: MAPPINGS[kind],
        aliases: { [this.alias(kind)]: {} },
      },
      _meta: { managedBy: 'yuqing' },
    };
  }
}
