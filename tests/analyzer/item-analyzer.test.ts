import { describe, expect, it } from 'vitest';
import { ItemAnalyzer, readableText, segment } from '../../services/analyzer/item-analyzer.ts';
import { readLabeledMessages } from '../../services/analyzer/topic-model/labeled-messages.ts';
import { cutWords } from '../../shared/text/segmenter.ts';
import { rawItem, shippedRules } from './analyzer-fixtures.ts';

const analyzer = new ItemAnalyzer(shippedRules());
const topicsOf = (text: string, title?: string) => analyzer.analyze(rawItem(text, title ? { title } : {})).topics;

describe('ItemAnalyzer topics', () => {
  it('puts a wage claim at a building site under 劳动和社会保障 and 工资拖欠, not under 教育', () => {
    const topics = topicsOf('工地工人讨薪，老板拖欠三个月工资不发，农民工过年回家没钱', '工地工人讨薪');
    expect(topics[0]).toMatchObject({ code: 'labor_social_security', label: '劳动和社会保障' });
    expect(topics.find((t) => t.code === 'wage_arrears')?.evidence).toEqual(expect.arrayContaining(['讨薪']));
    expect(topics.map((t) => t.code)).not.toContain('education');
    expect(topics.map((t) => t.code)).not.toContain('education_culture_sports');
  });

  it('gives every topic a score and evidence, the classifier first', () => {
    const topics = topicsOf('小区旁边工厂排放废气，异味非常严重，晚上噪音扰民');
    expect(topics[0]!.code).toBe('environmental_protection');
    expect(topics[0]!.score).toBeGreaterThan(0.5);
    for (const t of topics) expect(t.evidence.length).toBeGreaterThan(0);
    expect(topics.find((t) => t.code === 'environment')?.evidence).toEqual(expect.arrayContaining(['废气', '异味']));
  });

  it('takes the hotline operator category as first-level evidence', () => {
    const a = analyzer.analyze(rawItem('路灯坏了好几天', { attrs: { 一级分类: '城乡建设' } }));
    expect(a.topics[0]).toMatchObject({ code: 'urban_rural_construction' });
    expect(a.topics[0]!.evidence).toContain('一级分类: 城乡建设');
  });

  it('reads Traditional Chinese like Simplified', () => {
    const a = analyzer.analyze(rawItem('這間餐廳衛生很差，食物過期變質'));
    expect(a.normText).toBe('这间餐厅卫生很差，食物过期变质');
    expect(a.topics.find((t) => t.code === 'food_drug_safety')?.evidence).toEqual(expect.arrayContaining(['变质']));
    expect(a.sentiment.score).toBeLessThan(0);
  });
});

describe('ItemAnalyzer on bad input', () => {
  it.each([
    ['empty text', '', '文本为空'],
    ['only emoji and punctuation', '😀😀😀！！！', '只有表情或标点，没有文字'],
    ['a non-Chinese item', 'This is an English message about road repair.', '不含中文，未作中文分析'],
  ])('gives %s an empty analysis with the reason', (_, text, reason) => {
    const a = analyzer.analyze(rawItem(text));
    expect(a.topics).toEqual([]);
    expect(a.risk.signals).toEqual([]);
    expect(analyzer.quality(a)).toEqual({ status: 'empty', reason });
  });

  it('analyzes text with broken surrogates and mixed scripts', () => {
    const a = analyzer.analyze(rawItem('工资\ud800拖欠 wage arrears 😀 三个月'));
    expect(analyzer.quality(a)).toEqual({ status: 'ok' });
    expect(a.normText).toContain('\ufffd');
  });

  it('analyzes a 1 MB text quickly, reading its head', () => {
    const text = '工地拖欠农民工工资，工人多次讨薪无果。'.repeat(55_000);
    const started = performance.now();
    const a = analyzer.analyze(rawItem(text));
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(a.topics.map((t) => t.code)).toContain('wage_arrears');
    expect(a.normText.length).toBeLessThanOrEqual(100_001);
  });
});

describe('segment', () => {
  it('cuts title and body joined into the words each gives cut on its own', () => {
    const pairs: [string, string][] = readLabeledMessages()
      .slice(0, 300)
      .map((m) => {
        const { title, body } = readableText(m);
        return [title, body];
      });
    pairs.push(['工资\n拖欠', '老板跑路'], ['abc', 'def 123'], ['投诉 ', ' 噪音'], ['2021年', '5月'], ['标题', ''], ['A市', 'B县']);
    for (const [title, body] of pairs) {
      const separately = [...cutWords(title), '\n', ...cutWords(body)];
      expect(segment(title, body)).toEqual({ all: separately, titleWords: separately.length - cutWords(body).length - 1 });
    }
    expect(segment('', '老板跑路')).toEqual({ all: cutWords('老板跑路'), titleWords: 0 });
  });
});
