import { describe, expect, it } from 'vitest';
import { DEFAULT_SENTIMENT_LEXICON } from '../../services/analyzer/analyzer-config.ts';
import { readJson } from '../../shared/read-json.ts';
import { NegativityScorer, SentimentLexicon } from '../../services/analyzer/negativity.ts';
import { cutWords } from '../../shared/text/segmenter.ts';

const scorer = new NegativityScorer(readJson(DEFAULT_SENTIMENT_LEXICON, SentimentLexicon));
const score = (text: string) => scorer.score(cutWords(text));

describe('NegativityScorer', () => {
  it('reports the words that drove the score', () => {
    const s = score('物业推诿扯皮，问题一直没有解决');
    expect(s.score).toBeLessThan(-0.5);
    expect(s.evidence).toEqual(expect.arrayContaining(['推诿(-2)', '扯皮(-2)', '没有解决(-0.5)']));
  });

  it('turns a negated positive word negative and a negated negative word mildly positive', () => {
    expect(score('工作人员不热情').score).toBeLessThan(0);
    expect(score('并非不好').score).toBeGreaterThan(0);
    expect(score('并非不好').score).toBeLessThan(score('很好').score);
  });

  it('strengthens with degree words and weakens with 有点', () => {
    const plain = score('服务差').score;
    expect(plain).toBeLessThan(0);
    expect(score('服务极其差').score).toBeLessThan(plain);
    expect(score('服务有点差').score).toBeGreaterThan(plain);
    expect(score('服务有点差').score).toBeLessThan(0);
    expect(score('态度非常恶劣').evidence).toEqual(['非常恶劣(-3.6)']);
  });

  it('does not let a negator reach across punctuation', () => {
    expect(score('不，服务很满意').score).toBeGreaterThan(0);
  });

  it('is neutral when nothing polar is said', () => {
    expect(score('请问社保卡在哪里办理')).toEqual({ score: 0, evidence: [] });
  });
});
