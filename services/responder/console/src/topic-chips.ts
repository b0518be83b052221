import type { TopicJudgement } from '../../../../shared/domain/analyzed-item.ts';

/** One topic as a person sees it: a category, a focus topic, or a category with its focus topics. */
export interface TopicChip {
  /** The codes it stands for, category first. */
  codes: string[];
  /** 劳动和社会保障 › 工资拖欠: a focus topic is shown inside the category chip it sits under. */
  label: string;
  score: number;
  evidence: string[];
}

/**
 * The topics of an item as chips, one coherent set: a category only implied by a focus topic is
 * not shown, a focus topic under a shown category is shown inside that category's chip rather
 * than as a parent and a child side by side, and the analyzer's order is kept, so the first chip
 * is the first-level category the model or the operator chose.
 */
export function topicChips(topics: readonly TopicJudgement[]): TopicChip[] {
  const shown = topics.filter((t) => !t.implied);
  const categories = new Set(shown.filter((t) => !t.parent).map((t) => t.code));
  const chips: TopicChip[] = [];
  for (const t of shown) {
    if (t.parent && categories.has(t.parent)) continue;
    const children = t.parent ? [] : shown.filter((c) => c.parent === t.code);
    chips.push({
      codes: [t.code, ...children.map((c) => c.code)],
      label: [t.label, children.map((c) => c.label).join('、')].filter(Boolean).join(' › '),
      score: Math.max(t.score, ...children.map((c) => c.score)),
      evidence: [...new Set([...t.evidence, ...children.flatMap((c) => c.evidence)])],
    });
  }
  return chips;
}
