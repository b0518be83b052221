import { describe, expect, it } from 'vitest';
import { AnalyzedItem, Sentiment } from '../../shared/domain/analyzed-item.ts';
import { cutWords } from '../../shared/text/segmenter.ts';
import { IntensityScorer } from '../../services/analyzer/intensity.ts';
import { ItemAnalyzer } from '../../services/analyzer/item-analyzer.ts';
import { NegativityScorer } from '../../services/analyzer/negativity.ts';
import { binaryReport } from '../../services/analyzer/negativity-model/binary-metrics.ts';
import { NegativityFeatureReader } from '../../services/analyzer/negativity-model/features.ts';
import { NegativityModel } from '../../services/analyzer/negativity-model/negativity-model.ts';
import { CHNSENTICORP_VALIDATION, readChnSentiCorp, readSmp2020 } from '../../services/analyzer/negativity-model/sentiment-data.ts';
import { normalizeText } from '../../services/analyzer/normalize.ts';
import { analyzedItem } from '../support/records.ts';
import { rawItem, shippedRules } from './analyzer-fixtures.ts';

const scorer = new NegativityScorer(shippedRules().sentiment!);
const model = new NegativityModel(shippedRules().negativityModel!, scorer);
const intensity = new IntensityScorer(shippedRules().intensity!);
const judge = (text: string) => {
  const norm = normalizeText(text);
  return model.judge(norm, cutWords(norm));
};
const phraseOf = (evidence: string) => evidence.replace(/\([+-]\d+\.\d+\)$/, '');

describe('NegativityModel', () => {
  it('reads negation: 不满意 is negative where 满意 is not, and the evidence says 不满意', () => {
    const unhappy = judge('对处理结果不满意');
    const happy = judge('对处理结果满意');
    expect(unhappy.negative).toBe(true);
    expect(happy.negative).toBe(false);
    expect(unhappy.evidence.map(phraseOf)).toContain('不满意');
    expect(happy.evidence.map(phraseOf)).toContain('满意');
  });

  it.each(['望彻查！！！！', '[怒][怒][怒]', '太可怕了！！！！！', '物业推诿扯皮，问题一直没有解决，气死人了'])('calls the angry post %s negative', (text) => {
    expect(judge(text).negative).toBe(true);
  });

  it('calls praise not negative', () => {
    const j = judge('工作人员很热情，问题很快解决了，非常感谢');
    expect(j.negative).toBe(false);
    expect(j.negativity).toBeLessThan(0.2);
  });

  it('gives evidence that is in the text, signed towards the decision, at most five', () => {
    for (const text of ['物业推诿扯皮，问题一直没有解决', '房间很干净，服务也周到，下次还来', '这家酒店不怎么样，隔音很差']) {
      const j = judge(text);
      expect(j.evidence.length).toBeGreaterThan(0);
      expect(j.evidence.length).toBeLessThanOrEqual(5);
      for (const e of j.evidence) {
        expect(normalizeText(text).replace(/(.)…/g, '$1')).toContain(phraseOf(e));
        expect(e.includes('(-')).toBe(j.negative);
      }
    }
  });

  it('gives through word ids the probability its training features give', () => {
    const reader = new NegativityFeatureReader(scorer);
    const texts = [...readChnSentiCorp(CHNSENTICORP_VALIDATION).slice(0, 60), ...readSmp2020().slice(0, 60)].map((t) => t.text);
    for (const text of [...texts, '不，服务很满意 ！！ [怒]', '😀😀 不 好', '']) {
      const norm = normalizeText(text);
      const tokens = cutWords(norm);
      expect(model.judge(norm, tokens).negativity).toBeCloseTo(model.probability(reader.of(norm, tokens)), 12);
    }
  });
});

describe('IntensityScorer', () => {
  it('finds emoticons, runs of ！, threats and insults, with evidence', () => {
    expect(intensity.score('[怒][怒][怒]')).toEqual({ score: expect.any(Number), evidence: ['表情：[怒]×3'] });
    expect(intensity.score('[怒][怒][怒]').score).toBeGreaterThanOrEqual(0.7);
    expect(intensity.score(normalizeText('望彻查！！！！')).evidence).toEqual(['激愤：彻查', '连续感叹：！！！！']);
    const threat = intensity.score('垃圾政府，再不解决我就去上访拉横幅');
    expect(threat.score).toBeGreaterThan(0.8);
    expect(threat.evidence).toEqual(expect.arrayContaining(['威胁：上访', '威胁：拉横幅', '辱骂：垃圾政府']));
  });

  it('is calm for a plain complaint or question, 垃圾清运 being no insult', () => {
    expect(intensity.score('小区门口垃圾堆放多日无人清运，请尽快处理')).toEqual({ score: 0, evidence: [] });
    expect(intensity.score('请问社保卡在哪里办理？')).toEqual({ score: 0, evidence: [] });
  });

  it('rises with more marks and is apart from polarity', () => {
    const one = intensity.score('太好了！！').score;
    const more = intensity.score('太好了！！！！！').score;
    expect(one).toBeGreaterThan(0);
    expect(more).toBeGreaterThan(one);
    expect(intensity.score('这是什么？？？').evidence).toEqual(['连续质问：？？？']);
  });

  it('ranks angry Weibo posts above the rest better than chance (rules, fitted to none of them)', () => {
    const posts = readSmp2020().slice(0, 3000);
    const r = binaryReport(posts.map((p) => ({ score: intensity.score(normalizeText(p.text)).score, negative: p.emotion === 'angry' })), 0.5);
    expect(r.auc).toBeGreaterThan(0.6);
  });
});

describe('ItemAnalyzer sentiment', () => {
  const analyzer = new ItemAnalyzer(shippedRules());

  it('reports score, label, evidence and intensity, and flags an intense item as a risk', () => {
    const a = analyzer.analyze(rawItem('拖欠工资半年了，狗官不管不问，再不给钱我就去跳楼！！！'));
    expect(a.sentiment.label).toBe('negative');
    expect(a.sentiment.score).toBeLessThan(-0.5);
    expect(a.sentiment.intensity.score).toBeGreaterThanOrEqual(0.5);
    expect(a.sentiment.intensity.evidence).toEqual(expect.arrayContaining(['辱骂：狗官', '威胁：跳楼']));
    expect(a.risk.signals.find((s) => s.code === 'intense_emotion')?.evidence).toEqual(a.sentiment.intensity.evidence);
  });

  it('raises no intensity signal for a calm complaint', () => {
    const a = analyzer.analyze(rawItem('小区路灯坏了一个月，希望尽快修复'));
    expect(a.sentiment.intensity.score).toBeLessThan(0.5);
    expect(a.risk.signals.map((s) => s.code)).not.toContain('intense_emotion');
  });

  it.each(['', '😀😀😀！！！', 'This is an English message!!!'])('gives unreadable text %j a calm, not negative sentiment', (text) => {
    expect(analyzer.analyze(rawItem(text)).sentiment).toEqual({ score: 0, label: 'not_negative', evidence: [], intensity: { score: 0, evidence: [] } });
  });
});

describe('Sentiment record', () => {
  it('reads an item stored before the model by the sign of its score, as calm', () => {
    expect(Sentiment.parse({ score: -0.4, evidence: ['差(-1)'] })).toEqual({ score: -0.4, label: 'negative', evidence: ['差(-1)'], intensity: { score: 0, evidence: [] } });
    const stored = { ...analyzedItem('stored-before-model'), sentiment: { score: 0.2, evidence: [] } };
    expect(AnalyzedItem.parse(stored).sentiment.label).toBe('not_negative');
  });
});

describe('binaryReport', () => {
  it('computes accuracy, negative-class F1 and AUC with ties counted half', () => {
    const r = binaryReport(
      [
        { score: 0.9, negative: true },
        { score: 0.6, negative: false },
        { score: 0.6, negative: true },
        { score: 0.1, negative: false },
      ],
      0.5,
    );
    expect(r).toEqual({ n: 4, accuracy: 0.75, f1: 0.8, auc: 0.875 });
  });
});
