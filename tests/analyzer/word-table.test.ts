import { describe, expect, it } from 'vitest';
import { GramIndex } from '../../services/analyzer/gram-index.ts';
import { NegativityScorer } from '../../services/analyzer/negativity.ts';
import { simhash, simhashOfIds } from '../../services/analyzer/simhash.ts';
import { featuresFromTokens, gramFeatures, gramSource } from '../../services/analyzer/topic-model/features.ts';
import { readLabeledMessages } from '../../services/analyzer/topic-model/labeled-messages.ts';
import { TopicModel } from '../../services/analyzer/topic-model/topic-model.ts';
import { WordTable } from '../../services/analyzer/word-table.ts';
import { cutWords } from '../../shared/text/segmenter.ts';
import { shippedRules } from './analyzer-fixtures.ts';

const model = TopicModel.load();
const gramIndex = new GramIndex({ topic: model.grams });
const scorer = new NegativityScorer(shippedRules().sentiment!);
const table = (maxWords?: number) =>
  new WordTable({ vocabularyIndex: (w) => model.vocabularyIndex(w), sentiment: (w) => scorer.describe(w) }, maxWords);

/** The same judgements through the shared word table as through each component's own lookups. */
function expectSameJudgements(words: WordTable, title: string[], text: string[]): void {
  const all = [...title, '\n', ...text];
  const ids = words.idsOf(all);
  expect(simhashOfIds(words, ids, ids.length)).toBe(simhash(all));
  expect(scorer.scoreIds(all, ids, words)).toEqual(scorer.score(all));
  const grams = gramIndex.scan(all.join('')).topic;
  expect(model.predictIds(words, ids.subarray(0, title.length), ids.subarray(title.length + 1), grams)).toEqual(
    model.predict([...featuresFromTokens(title, text), ...gramFeatures(gramSource(title.join(''), text.join('')))]),
  );
}

describe('WordTable', () => {
  const messages = readLabeledMessages().slice(0, 300);

  it('gives one id per distinct word, short or long, the empty word included', () => {
    const words = table();
    const tokens = ['工资', '工资', '拖欠农民工工资款', '', 'a', 'a\u0000', '工资', '拖欠农民工工资款', ''];
    const ids = [...words.idsOf(tokens)];
    expect(ids[1]).toBe(ids[0]);
    expect(ids[6]).toBe(ids[0]);
    expect(ids[7]).toBe(ids[2]);
    expect(ids[8]).toBe(ids[3]);
    expect(new Set(ids).size).toBe(5);
    expect(words.words).toBe(5);
  });

  it('gives the simhash, negativity and topic prediction each component gives on its own, while the table grows', () => {
    const words = table();
    for (const m of messages) expectSameJudgements(words, cutWords(m.title), cutWords(m.text));
    // Thousands of distinct words: the table has doubled several times on the way.
    expect(words.words).toBeGreaterThan(8192);
  });

  it('starts over past its size limit and still judges the same', () => {
    const words = table(2000);
    for (const m of messages.slice(0, 60)) {
      expectSameJudgements(words, cutWords(m.title), cutWords(m.text));
      expect(words.words).toBeLessThanOrEqual(2000);
    }
  });
});
