import { describe, expect, it } from 'vitest';
import { GramIndex, isSpaceUnit } from '../../services/analyzer/gram-index.ts';
import { CHAR_GRAM, NegativityFeatureReader } from '../../services/analyzer/negativity-model/features.ts';
import { NegativityModel } from '../../services/analyzer/negativity-model/negativity-model.ts';
import { NegativityScorer } from '../../services/analyzer/negativity.ts';
import { readableText } from '../../services/analyzer/item-analyzer.ts';
import { GRAM_MARK, gramFeatures, gramSource } from '../../services/analyzer/topic-model/features.ts';
import { readLabeledMessages } from '../../services/analyzer/topic-model/labeled-messages.ts';
import { TopicModel } from '../../services/analyzer/topic-model/topic-model.ts';
import { shippedRules } from './analyzer-fixtures.ts';

const topic = TopicModel.load();
const scorer = new NegativityScorer(shippedRules().sentiment!);
const negativity = new NegativityModel(shippedRules().negativityModel!, scorer);
const reader = new NegativityFeatureReader(scorer);
const index = new GramIndex({ topic: topic.grams, negativity: negativity.grams });
const topicPosition = new Map(topic.grams.map(([g, i]) => [GRAM_MARK + g, i]));
const negativityPosition = new Map(negativity.grams.map(([g, i]) => [CHAR_GRAM + g, i]));

/** The positions the string features give, in order, those the model does not count left out. */
const positions = (features: string[], of: Map<string, number>) => features.flatMap((f) => (of.has(f) ? [of.get(f)!] : []));

function expectSameGrams(title: string, body: string): void {
  const normText = [title, body].filter(Boolean).join('\n');
  const scanned = index.scan(normText);
  expect([...scanned.topic]).toEqual(positions(gramFeatures(gramSource(title, body)), topicPosition));
  const charGrams = reader.of(normText, []).filter((f) => f.startsWith(CHAR_GRAM));
  expect([...scanned.negativity]).toEqual(positions(charGrams, negativityPosition));
}

describe('GramIndex', () => {
  it('finds each model its grams in its order, as the string features name them, on real messages', () => {
    for (const m of readLabeledMessages().slice(0, 400)) {
      const { title, body } = readableText(m);
      expectSameGrams(title, body);
    }
  });

  it('reads topic bigrams across every kind of space and negativity n-grams up to a blank', () => {
    for (const [title, body] of [
      ['', '噪音 扰民\n\n太吵了！！ 怎么办'],
      ['工资\u3000拖欠', '老板\u00a0跑路\t了\u1680还不给 [怒][怒]'],
      ['a', 'b'],
      ['不满意', ''],
      ['  ', ' 投诉 '],
      ['\ud83d\ude21\ud83d\ude21', '气死了\ud83d\ude21'],
    ]) {
      expectSameGrams(title!, body!);
    }
  });

  it('finds 1–3-unit n-grams by their units, emoji halves included, and refuses grams it cannot key', () => {
    const small = new GramIndex({
      topic: [['投诉', 7], ['诉怒', 8]],
      negativity: [['怒', 1], ['！！', 2], ['[怒]', 3], ['\ud83d\ude21', 4], ['投诉', 5]],
    });
    expect(small.scan('投诉 怒！！[怒]\ud83d\ude21')).toEqual({
      topic: Int32Array.from([7, 8]),
      negativity: Int32Array.from([5, 1, 2, 3, 1, 4]),
    });
    expect(() => new GramIndex({ negativity: [['a\u0000', 1]] })).toThrow();
    expect(() => new GramIndex({ topic: [['投诉人', 1]] })).toThrow();
  });

  it('takes for space exactly what /\\s/ does', () => {
    const differ = [];
    for (let u = 0; u < 0x10000; u++) if (isSpaceUnit(u) !== /\s/.test(String.fromCharCode(u))) differ.push(u);
    expect(differ).toEqual([]);
  });
});
