import { resolve } from 'node:path';
import { z } from 'zod';
import { readJson } from '../../shared/read-json.ts';
import { KeywordIndex } from './keyword-matcher.ts';

/** The intensity lexicon shipped with the analyzer; an administrator may edit or replace it. */
export const DEFAULT_INTENSITY_LEXICON = resolve(import.meta.dirname, '../../config/intensity-lexicon.json');

const Run = z.object({ label: z.string().min(1), points: z.number().min(0), longPoints: z.number().min(0) });

export const IntensityLexicon = z.object({
  /** intensity = 1 − exp(−points / scale). */
  scale: z.number().positive(),
  categories: z.array(z.object({ label: z.string().min(1), points: z.number().min(0), phrases: z.array(z.string().min(1)) })),
  /** Runs of ！ (two, or three and more: longPoints). */
  exclamation: Run,
  /** Runs of ？ or of ？ and ！ mixed. */
  question: Run,
  /** One character written four times and more (啊啊啊啊, 好好好好). */
  repeat: z.object({ label: z.string().min(1), points: z.number().min(0) }),
});
export type IntensityLexicon = z.infer<typeof IntensityLexicon>;

export interface Intensity {
  /** 情绪激烈程度, 0 (calm) .. 1 (furious); apart from polarity: 太好了！！！ is intense too. */
  score: number;
  /** What made it intense, as "category：what", e.g. "表情：[怒]×3", "连续感叹：！！！！", "威胁：上访". */
  evidence: string[];
}

/** One emoticon or phrase counts at most this many times: [怒][怒][怒] is angrier than [怒], not endlessly so. */
const MAX_REPEATS = 3;
const EXCLAMATIONS = /[！!]{2,}/g;
const QUESTIONS = /[？?][？?！!]+|[！!][？?][？?！!]*/g;
const HAN = /\p{Script=Han}/u;
/** A character written this many times in a row is shouting (啊啊啊啊). */
const REPEAT_RUN = 4;
/** Three marks or more is a long run. */
const LONG_RUN = 3;

/**
 * Intensity of emotion from the way a text is written: emoticons such as [怒], runs of ！ and
 * ？, threats (上访, 拉横幅, 跳楼, 曝光), insults and outrage words. Rules rather than a model:
 * no labeled intensity data exists, and each point of evidence is one a person can check.
 */
export class IntensityScorer {
  private readonly index: KeywordIndex;
  private readonly categoryOf = new Map<string, { label: string; points: number }>();

  constructor(private readonly lexicon: IntensityLexicon) {
    for (const c of lexicon.categories) for (const p of c.phrases) if (!this.categoryOf.has(p)) this.categoryOf.set(p, c);
    this.index = new KeywordIndex(this.categoryOf.keys());
  }

  static load(path: string = DEFAULT_INTENSITY_LEXICON): IntensityScorer {
    return new IntensityScorer(readJson(path, IntensityLexicon));
  }

  /** Intensity of normalized text. */
  score(normText: string): Intensity {
    let points = 0;
    const evidence: string[] = [];
    const found = [...this.index.occurrences(normText)];
    for (const [phrase, at] of found) {
      // A phrase inside a longer one found too (王八 in 王八蛋 is fine, 可怕 in 太可怕 too) counts once, as the longer.
      if (found.some(([other, where]) => other !== phrase && other.includes(phrase) && at.every((p) => where.some((w) => p >= w && p < w + other.length)))) continue;
      const c = this.categoryOf.get(phrase)!;
      const times = Math.min(MAX_REPEATS, at.length);
      points += c.points * times;
      evidence.push(`${c.label}：${phrase}${times > 1 ? `×${at.length}` : ''}`);
    }
    const { exclamation, question, repeat } = this.lexicon;
    for (const [pattern, rule] of [
      [QUESTIONS, question],
      [EXCLAMATIONS, exclamation],
    ] as const) {
      const runs = normText.match(pattern) ?? [];
      const longest = runs.reduce((a, b) => (b.length > a.length ? b : a), '');
      if (!longest) continue;
      points += Math.min(MAX_REPEATS, runs.length) * (longest.length >= LONG_RUN ? rule.longPoints : rule.points);
      // Written in Chinese marks: normalization leaves ! where no Chinese character stands beside it.
      evidence.push(`${rule.label}：${longest.replace(/!/g, '！').replace(/\?/g, '？')}${runs.length > 1 ? `×${runs.length}` : ''}`);
      // A mixed run (！？！) counts as questioning only, not again as exclamation.
      if (pattern === QUESTIONS) normText = normText.replace(QUESTIONS, '');
    }
    const repeats = repeatedHan(normText);
    if (repeats.length) {
      points += Math.min(MAX_REPEATS, repeats.length) * repeat.points;
      evidence.push(`${repeat.label}：${repeats[0]}`);
    }
    return { score: Math.round((1 - Math.exp(-points / this.lexicon.scale)) * 100) / 100, evidence };
  }
}

/** Runs of one Chinese character written REPEAT_RUN times and more, found by comparing units (a regex with a back-reference tried every position). */
function repeatedHan(text: string): string[] {
  const runs: string[] = [];
  let start = 0;
  for (let i = 1; i <= text.length; i++) {
    if (i < text.length && text.charCodeAt(i) === text.charCodeAt(start)) continue;
    if (i - start >= REPEAT_RUN && HAN.test(text[start]!)) runs.push(text.slice(start, i));
    start = i;
  }
  return runs;
}
