import type { TopicJudgement } from '../../shared/domain/analyzed-item.ts';
import type { TopicRule } from './analyzer-config.ts';
import { CueList, type Cue } from './cue-matcher.ts';
import type { KeywordIndex, KeywordList, KeywordMatcher } from './keyword-matcher.ts';
import type { TopicModel, TopicPrediction } from './topic-model/topic-model.ts';

/** What the judge reads of one item. */
export interface TopicInput {
  matcher: KeywordMatcher;
  /** The classifier's first-level category (TopicModel), if it could judge the text. */
  prediction: TopicPrediction | undefined;
  /** The hotline export's own classification, broadest first (一级分类: 卫生计生, 二级分类: 食品安全). */
  operatorLabels?: readonly OperatorLabel[];
}

export interface OperatorLabel {
  /** The export's column, named in the evidence. */
  field: string;
  label: string;
}

/** A rule topic's score grows with its distinct keywords and saturates at 1. */
const ruleScore = (distinct: number) => Math.round(Math.min(1, 0.4 + 0.2 * distinct) * 100) / 100;

/**
 * A cue (拉肚子+食堂) states what happened, more than any keyword: one alone gives the full score,
 * so it outranks a topic only named in passing (学生, 幼儿园).
 */
const CUE_WEIGHT = 3;

/**
 * Topics of one item, each with evidence: the first-level category from the statistical
 * classifier (evidence = the words that drove it), the hotline export's own classification when
 * given (evidence = the column and its label), focus topics from keywords and cues (evidence =
 * the words found), and the category a focus topic sits under, marked implied.
 *
 * One coherent list: first the item's first-level category as the operator or, failing that,
 * the model chose it; then the focus topics by score; then other categories; implied ones last.
 */
export class TopicJudge {
  private readonly byCode: Map<string, TopicRule>;
  private readonly codeByLabel: Map<string, string>;
  /** Each classification synonym and its topic, longest first, so 水污染 finds 水污染 before 污染. */
  private readonly synonyms: { text: string; code: string }[];
  private readonly modelLabels: Set<string>;
  /** Each rule's keywords and cues, resolved against the index the item's matcher is built on. */
  private readonly keywordLists: KeywordList[];
  private readonly cueLists: CueList[];

  constructor(
    private readonly rules: readonly TopicRule[],
    model: TopicModel,
    keywords: KeywordIndex,
  ) {
    this.keywordLists = rules.map((r) => keywords.list(r.keywords));
    this.cueLists = rules.map((r) => new CueList(keywords, r.cues ?? []));
    this.byCode = new Map(rules.map((t) => [t.code, t]));
    this.codeByLabel = new Map(rules.map((t) => [t.label, t.code]));
    this.synonyms = rules
      .flatMap((t) => (t.classifiedAs ?? []).map((text) => ({ text, code: t.code })))
      .sort((a, b) => b.text.length - a.text.length);
    this.modelLabels = new Set(model.data.labels);
    for (const label of model.data.labels) {
      if (!this.codeByLabel.has(label)) throw new Error(`topic model label ${label} has no topic in topics.json`);
    }
  }

  /** The words of every rule's cues, which the KeywordIndex of the matcher must hold. */
  static cueWords(rules: readonly { cues?: Cue[] }[]): string[] {
    return rules.flatMap((r) => CueList.words(r.cues ?? []));
  }

  /** The topic a hotline classification label means: a topic's own label, else the longest synonym it contains. */
  classified(label: string): string | undefined {
    const text = label.trim();
    return this.codeByLabel.get(text) ?? this.synonyms.find((s) => text.includes(s.text))?.code;
  }

  judge(input: TopicInput): TopicJudgement[] {
    const found = new Map<string, TopicJudgement>();
    const add = (code: string, score: number, evidence: string[]) => {
      const current = found.get(code);
      if (current) {
        current.score = Math.max(current.score, score);
        current.evidence = [...new Set([...current.evidence, ...evidence])];
      } else {
        const parent = this.byCode.get(code)?.parent;
        found.set(code, { code, label: this.byCode.get(code)?.label ?? code, score, evidence, ...(parent ? { parent } : {}) });
      }
    };
    const isFocus = (code: string) => this.byCode.get(code)?.parent !== undefined;
    let category: string | undefined;
    for (const { field, label } of input.operatorLabels ?? []) {
      const code = this.classified(label);
      if (!code) continue;
      add(code, 1, [`${field}: ${label.trim()}`]);
      if (!isFocus(code)) category ??= code;
    }
    const { prediction } = input;
    if (prediction) {
      const code = this.codeByLabel.get(prediction.label)!;
      add(code, Math.round(prediction.probability * 100) / 100, prediction.evidence);
      category ??= code;
    }
    for (const [r, rule] of this.rules.entries()) {
      // The classifier owns the categories it was trained on; rules add the focus topics and
      // the categories it does not know (民政, 农村农业), or stand in when it has no judgement.
      if (!rule.parent && this.modelLabels.has(rule.label) && prediction) continue;
      const words = [...new Set(input.matcher.find(this.keywordLists[r]!).map((h) => h.keyword))];
      const cues = this.cueLists[r]!.find(input.matcher);
      if (words.length || cues.length) add(rule.code, ruleScore(words.length + CUE_WEIGHT * cues.length), [...cues, ...words]);
    }
    for (const t of [...found.values()]) {
      const parent = this.byCode.get(t.code)?.parent;
      if (!parent) continue;
      if (!found.has(parent)) found.set(parent, { code: parent, label: this.byCode.get(parent)?.label ?? parent, score: 0, evidence: [], implied: true });
      const p = found.get(parent)!;
      if (!p.implied) continue;
      p.score = Math.max(p.score, Math.round(t.score * 50) / 100);
      p.evidence = [...new Set([...p.evidence, `${t.label} ⊂ ${p.label}`])];
    }
    const rank = (t: TopicJudgement) => (t.code === category ? 0 : t.implied ? 3 : isFocus(t.code) ? 1 : 2);
    return [...found.values()].sort((a, b) => rank(a) - rank(b) || b.score - a.score || a.code.localeCompare(b.code));
  }
}

/** A focus topic under the item's own first-level category counts this much more when choosing the primary one. */
const OWN_CATEGORY_BONUS = 0.3;

/**
 * The topic an item is grouped by: a focus topic (工资拖欠) groups more sharply than its broad
 * category (劳动和社会保障). The best-scoring focus topic wins, one under the item's own
 * first-level category with a bonus, so a passing mention of 学校 does not pull a wage complaint
 * into an education event, while 拉肚子+食堂 still makes a canteen ticket 食品药品安全 whichever
 * category the model chose.
 */
export function primaryTopic(topics: readonly TopicJudgement[], parentOf: ReadonlyMap<string, string>): TopicJudgement | undefined {
  const category = topics[0]?.code;
  const weight = (t: TopicJudgement) => t.score + (parentOf.get(t.code) === category ? OWN_CATEGORY_BONUS : 0);
  let best: TopicJudgement | undefined;
  for (const t of topics) if (parentOf.has(t.code) && (!best || weight(t) > weight(best))) best = t;
  return best ?? topics[0];
}

/** Focus topic code → the first-level category it sits under, from the taxonomy. */
export function focusParents(topics: readonly TopicRule[]): Map<string, string> {
  return new Map(topics.filter((t) => t.parent).map((t) => [t.code, t.parent!]));
}
