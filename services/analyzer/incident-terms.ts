import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import type { TextVector } from './text-vector.ts';

/** How many documents of a reference corpus hold each character and character pair (scripts/count-term-rarity.ts). */
export const TermRarity = z.strictObject({
  documents: z.number().int().positive(),
  /** Terms held by at least two documents; a term absent here is as rare as a term can be. */
  documentFrequency: z.record(z.string(), z.number().int().positive()),
  provenance: z.record(z.string(), z.string()),
});
export type TermRarity = z.infer<typeof TermRarity>;

export const DEFAULT_TERM_RARITY = resolve(import.meta.dirname, 'model/term-rarity.json');

/** Terms in at least this share of reference documents (e⁻¹·⁵ ≈ 22%: 反映, 问题, 我们) say nothing about which incident a text is about. */
const MIN_IDF = 1.5;

const RUN = /[\u3400-\u9fff]+|[a-z0-9]+/g;

/** The terms of a text: each Chinese character and character pair, and each Latin or digit run of two or more. */
export function incidentTerms(text: string): Set<string> {
  const out = new Set<string>();
  for (const run of text.toLowerCase().match(RUN) ?? []) {
    if (run.charCodeAt(0) < 0x3400) {
      if (run.length >= 2) out.add(run);
      continue;
    }
    for (let i = 0; i < run.length; i++) {
      out.add(run[i]!);
      if (i + 1 < run.length) out.add(run.slice(i, i + 2));
    }
  }
  return out;
}

/**
 * Texts as vectors of rare terms, for telling whether two short complaints are about one
 * incident. Callers name one incident in words that share few whole words (学校食堂吃了中饭好多
 * 孩子拉肚子 / 壶镇小学集体腹泻) but share rare characters and pairs (泻, 食堂, 小学, 塌); words
 * every complaint uses weigh little, and the names of the township and county, which every
 * text of a scope shares, are left out.
 */
export class IncidentVectors {
  private readonly idfOf: Map<string, number>;
  private readonly rarest: number;

  constructor(
    rarity: TermRarity,
    /** Place names that say only which township or county a text is in. */
    private readonly placeNames: readonly string[],
  ) {
    const n = rarity.documents;
    this.rarest = Math.log(n + 1);
    this.idfOf = new Map(Object.entries(rarity.documentFrequency).map(([t, df]) => [t, Math.log((n + 1) / (df + 1))]));
    this.placeNames = [...new Set(placeNames.filter((p) => p.length >= 2))].sort((a, b) => b.length - a.length);
  }

  static load(placeNames: readonly string[], path = DEFAULT_TERM_RARITY): IncidentVectors {
    return new IncidentVectors(TermRarity.parse(JSON.parse(readFileSync(path, 'utf8'))), placeNames);
  }

  /** `leaveOut`: further words to ignore, such as the item's own region as coded, which the gazetteer may not know. */
  vector(text: string, leaveOut: readonly string[] = []): TextVector {
    let rest = text;
    for (const name of [...leaveOut, ...this.placeNames]) if (name.length >= 2) rest = rest.split(name).join(' ');
    const v = new Map<string, number>();
    let norm = 0;
    for (const term of incidentTerms(rest)) {
      const idf = this.idfOf.get(term) ?? this.rarest;
      if (idf <= MIN_IDF) continue;
      v.set(term, idf);
      norm += idf * idf;
    }
    norm = Math.sqrt(norm);
    if (norm > 0) for (const [k, x] of v) v.set(k, x / norm);
    return v;
  }
}

/** A region as coded (青岭镇, 双溪口乡, 五云街道) and its name without the administrative suffix. */
export function regionNames(region: string | undefined): string[] {
  if (!region) return [];
  const stem = region.replace(/(街道|镇|乡|县|区|市)$/, '');
  return stem.length >= 2 && stem !== region ? [region, stem] : [region];
}
