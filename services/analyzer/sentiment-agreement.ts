import { parse } from 'csv-parse/sync';
import { readDatasetText } from '../../datasets/read-dataset.ts';
import { cutWords } from '../../shared/text/segmenter.ts';
import type { NegativityScorer } from './negativity.ts';
import { normalizeText } from './normalize.ts';

/** ChnSentiCorp validation reviews, relative to datasets/ (evaluation only, never the product). */
export const SENTIMENT_VALIDATION = 'sentiment/chnsenticorp-validation.csv.gz';

export interface SentimentAgreement {
  n: number;
  /** Share of reviews where "score < 0" agrees with label 0 (negative). */
  agreement: number;
  /** Share of reviews in which the lexicon found anything polar. */
  coverage: number;
  negativeRecall: number;
  positiveRecall: number;
}

/** Agreement of the negativity score with ChnSentiCorp polarity labels (1 positive, 0 negative); path relative to datasets/. */
export function sentimentAgreement(scorer: NegativityScorer, path: string = SENTIMENT_VALIDATION): SentimentAgreement {
  const rows: { label: string; text: string }[] = parse(readDatasetText(path), { columns: true, bom: true });
  let agree = 0;
  let covered = 0;
  let neg = 0;
  let negHit = 0;
  let posHit = 0;
  for (const r of rows) {
    const s = scorer.score(cutWords(normalizeText(r.text)));
    const gold = r.label === '0';
    const predicted = s.score < 0;
    if (s.evidence.length) covered++;
    if (gold) neg++;
    if (gold === predicted) {
      agree++;
      if (gold) negHit++;
      else posHit++;
    }
  }
  const n = rows.length;
  return { n, agreement: agree / n, coverage: covered / n, negativeRecall: negHit / neg, positiveRecall: posHit / (n - neg) };
}
