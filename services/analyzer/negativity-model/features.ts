import { cutWords } from '../../../shared/text/segmenter.ts';
import { negatorBefore, type NegativityScorer, type PhraseKind } from '../negativity.ts';
import { normalizeText } from '../normalize.ts';
import { FLAGS, WordTable, BLANK } from '../word-table.ts';

/**
 * The negativity model's features, by kind (the prefix of a feature's name):
 * - `w:` a jieba word; `n:` a word a negator reaches (不满意 gives w:不 and n:满意, so a negated
 *   word never votes as itself);
 * - `c:` a character n-gram (1–3 UTF-16 units, none blank): catches what jieba splits oddly,
 *   emoticons such as [怒] and runs like ！！！;
 * - `L:` the kind of a lexicon phrase (PhraseKind: neg, pos~not, neg^very …), so the lexicon's
 *   negation and degree handling is kept as evidence the model weighs.
 */
export const WORD = 'w:';
export const NEGATED_WORD = 'n:';
export const CHAR_GRAM = 'c:';
export const LEXICON_PHRASE = 'L:';
export const MAX_GRAM = 3;

export const lexiconFeature = (kind: PhraseKind) => `${LEXICON_PHRASE}${kind}`;

/** A UTF-16 unit that ends an n-gram run: blanks never enter a character n-gram. */
export const isBlankUnit = (u: number) => u === 0x20 || u === 0x0a || u === 0x09 || u === 0x3000;

/**
 * Feature names of a text, by the same rules the model's fast path (NegativityModel.judgeIds)
 * applies to word ids: training and evaluation read texts through this, and a test checks that
 * both give the same prediction.
 */
export class NegativityFeatureReader {
  private readonly table: WordTable;

  constructor(private readonly scorer: NegativityScorer) {
    this.table = new WordTable({ vocabularyIndex: () => -1, sentiment: (w) => scorer.describe(w) });
  }

  /** Features of a raw text: normalized and segmented as the analyzer does. */
  ofRawText(text: string): string[] {
    const norm = normalizeText(text);
    return this.of(norm, cutWords(norm));
  }

  /** Features of normalized text and its tokens. */
  of(normText: string, tokens: readonly string[]): string[] {
    const ids = this.table.idsOf(tokens);
    const { records } = this.table;
    const out: string[] = [];
    for (let i = 0; i < tokens.length; i++) {
      if ((records[ids[i]! + FLAGS]! & BLANK) !== 0) continue;
      out.push((negatorBefore(i, ids, records) >= 0 ? NEGATED_WORD : WORD) + tokens[i]!);
    }
    this.scorer.phrasesIds(ids, this.table, (kind) => out.push(lexiconFeature(kind)));
    for (let start = 0; start < normText.length; start++) {
      for (let n = 1; n <= MAX_GRAM && start + n <= normText.length; n++) {
        if (isBlankUnit(normText.charCodeAt(start + n - 1))) break;
        out.push(CHAR_GRAM + normText.slice(start, start + n));
      }
    }
    return out;
  }
}
