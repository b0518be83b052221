import { describe, expect, it } from 'vitest';
import { focusParents, primaryTopic } from '../../services/analyzer/topic-judge.ts';
import { shippedRules } from './analyzer-fixtures.ts';

const t = (code: string, score: number) => ({ code, label: code, score, evidence: [] });

describe('the topic an item is grouped by', () => {
  const parents = focusParents(shippedRules().topics);

  it('is the focus topic under the item’s own first-level category, even when another focus topic ties with it', () => {
    // A wage complaint that mentions a school: 教育 (education) and 工资拖欠 score alike.
    const topics = [t('labor_social_security', 1), t('education', 0.6), t('wage_arrears', 0.6)];
    expect(primaryTopic(topics, parents)?.code).toBe('wage_arrears');
  });

  it('falls back to the first focus topic, then to the category itself', () => {
    expect(primaryTopic([t('transport', 0.9), t('housing', 0.6)], parents)?.code).toBe('housing');
    expect(primaryTopic([t('transport', 0.9)], parents)?.code).toBe('transport');
    expect(primaryTopic([], parents)).toBeUndefined();
  });
});
