import type { TopicJudgement } from '../../shared/domain/analyzed-item.ts';
import type { TopicRule } from './analyzer-config.ts';
import type { KeywordIndex, KeywordList, KeywordMatcher } from './keyword-matcher.ts';
import type { TopicModel, TopicPrediction } from './topic-model/topic-model.ts';

/** What the judge reads of one item. */
export interface TopicInput {
  matcher: KeywordMatcher;
  /** The classifier's first-level category (TopicModel), if it could judge the text. */
  prediction: TopicPrediction | undefined;
  /** The hotline operator's own first-level category, if the export has one. */
  operatorCategory?: string;
}

/** A rule topic's score grows with its distinct keywords and saturates at 1. */
const ruleScore = (distinct: number) => Math.round(Math.min(1, 0.4 + 0.2 * distinct) * 100) / 100;

/**
 * Topics of one item, each with evidence: the first-level category from the statistical
 * classifier (evidence = the words that drove it), the operator's category when given, focus
 * topics from keyword rules (evidence = the keywords found), and the category a focus topic sits
 * under. The first-level category comes first, then the rest by score.
 */
export class TopicJudge {
  private readonly byCode: Map<string, TopicRule>;
  private readonly codeByLabel: Map<string, string>;
  private readonly modelLabels: Set<string>;
  /** Each rule's keywords, resolved against the index the item's matcher is built on. */
  private readonly keywordLists: KeywordList[];

  constructor(
    private readonly rules: readonly TopicRule[],
    model: TopicModel,
    keywords: KeywordIndex,
  ) {
    this.keywordLists = rules.map((r) => keywords.list(r.keywords));
    this.byCode = new Map(rules.map((t) => [t.code, t]));
    this.codeByLabel = new Map(rules.map((t) => [t.label, t.code]));
    this.modelLabels = new Set(model.data.labels);
    for (const label of model.data.labels) {
      if (!this.codeByLabel.has(label)) throw new Error(`topic model label ${label} has no topic in topics.json`);
    }
  }

  judge(input: TopicInput): TopicJudgement[] {
    const found = new Map<string, TopicJudgement>();
    const add = (code: string, score: number, evidence: string[]) => {
      const current = found.get(code);
      if (current) {
        current.score = Math.max(current.score, score);
        current.evidence = [...new Set([...current.evidence, ...evidence])];
      } else {
        found.set(code, { code, label: this.byCode.get(code)?.label ?? code, score, evidence });
      }
    };
    const operator = input.operatorCategory && this.codeByLabel.get(input.operatorCategory);
    if (operator) add(operator, 1, [`一级分类: ${input.operatorCategory}`]);
    const { prediction } = input;
    if (prediction) add(this.codeByLabel.get(prediction.label)!, Math.round(prediction.probability * 100) / 100, prediction.evidence);
    const primary = [...found.keys()];
    for (const [r, rule] of this.rules.entries()) {
      // The classifier owns the categories it was trained on; rules add the focus topics and
      // the categories it does not know (民政, 农村农业), or stand in when it has no judgement.
      if (!rule.parent && this.modelLabels.has(rule.label) && prediction) continue;
      const words = [...new Set(input.matcher.find(this.keywordLists[r]!).map((h) => h.keyword))];
      if (words.length) add(rule.code, ruleScore(words.length), words);
    }
    for (const t of [...found.values()]) {
      const parent = this.byCode.get(t.code)?.parent;
      if (parent && !found.has(parent)) add(parent, Math.round(t.score * 50) / 100, [`${t.label} ⊂ ${this.byCode.get(parent)?.label ?? parent}`]);
    }
    const rank = (t: TopicJudgement) => (primary.includes(t.code) ? 0 : 1);
    return [...found.values()].sort((a, b) => rank(a) - rank(b) || b.score - a.score || a.code.localeCompare(b.code));
  }
}

/**
 * The topic an item is grouped by: a focus topic (工资拖欠) groups more sharply than its broad
 * category (劳动和社会保障). Among focus topics, one under the item's own first-level category
 * wins, so a passing mention of 学校 does not pull a wage complaint into an education event.
 */
export function primaryTopic(topics: readonly TopicJudgement[], parentOf: ReadonlyMap<string, string>): TopicJudgement | undefined {
  const category = topics[0]?.code;
  const focus = topics.filter((t) => parentOf.has(t.code));
  return focus.find((t) => parentOf.get(t.code) === category) ?? focus[0] ?? topics[0];
}

/** Focus topic code → the first-level category it sits under, from the taxonomy. */
export function focusParents(topics: readonly TopicRule[]): Map<string, string> {
  return new Map(topics.filter((t) => t.parent).map((t) => [t.code, t.parent!]));
}
