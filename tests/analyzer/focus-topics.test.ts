import { describe, expect, it } from 'vitest';
import { ItemAnalyzer } from '../../services/analyzer/item-analyzer.ts';
import { focusParents, primaryTopic } from '../../services/analyzer/topic-judge.ts';
import { topicChips } from '../../services/responder/console/src/topic-chips.ts';
import { topicFeatures } from '../../services/analyzer/topic-model/features.ts';
import { TopicModel } from '../../services/analyzer/topic-model/topic-model.ts';
import type { TopicJudgement } from '../../shared/domain/analyzed-item.ts';
import { rawItem, shippedRules } from './analyzer-fixtures.ts';

const analyzer = new ItemAnalyzer(shippedRules());
const parents = focusParents(shippedRules().topics);
const model = shippedRules().topicModel ?? TopicModel.load();
const analyze = (text: string, attrs: Record<string, string> = {}) => analyzer.analyze(rawItem(text, { attrs }));
/** The focus topic the item is grouped by. */
const focusOf = (text: string, attrs: Record<string, string> = {}) => primaryTopic(analyze(text, attrs).topics, parents)?.code;

describe('focus topics from colloquial tickets', () => {
  it.each([
    ['学校食堂吃了中饭好多孩子拉肚子'],
    ['实验小学集体腹泻，家长都很着急'],
    ['今天下午班上有9个学生腹泻呕吐'],
    ['昨晚在夜市那家烧烤店吃完，全家上吐下泻'],
    ['幼儿园的饭菜里吃出了虫子'],
  ])('%s → 食品药品安全', (text) => {
    expect(focusOf(text)).toBe('food_drug_safety');
  });

  it.each([
    ['家里水龙头流出来的自来水发黄，还有股怪味'],
    ['村口那条小河里的鱼全死了，水是黑的'],
    ['隔壁工地半夜还在施工，吵得睡不着'],
    ['有人往河道里偷倒建筑垃圾'],
  ])('%s → 生态环境', (text) => {
    expect(focusOf(text)).toBe('environment');
  });

  it.each([
    ['干了大半年，包工头跑了，电话也打不通'],
    ['老板一直不发工钱，说等工程款下来再给'],
    ['公司已经三个月没发工资了'],
  ])('%s → 工资拖欠', (text) => {
    expect(focusOf(text)).toBe('wage_arrears');
  });

  it.each([
    ['解放路路面塌陷了一个大坑，车差点掉进去'],
    ['楼道里闻到很大的煤气味'],
    ['大桥上的护栏断了好几根，很危险'],
    ['小区门口的井盖丢失好几天了'],
  ])('%s → 安全生产', (text) => {
    expect(focusOf(text)).toBe('work_safety');
  });

  it('does not read an ordinary mention as an incident', () => {
    const codes = (text: string) => analyze(text).topics.map((t) => t.code);
    expect(codes('我家孩子拉肚子，在医院看病，医保能报销多少')).not.toContain('food_drug_safety');
    expect(codes('想咨询一下最低工资标准是多少')).not.toContain('wage_arrears');
    expect(codes('路边饭店门口停车太乱')).not.toContain('food_drug_safety');
  });

  it('keeps cue words of different sentences apart', () => {
    expect(analyze('孩子最近拉肚子。学校的食堂新换了承包商。').topics.map((t) => t.code)).not.toContain('food_drug_safety');
  });
});

describe('risk of a group illness', () => {
  it('is not zero when several people fall ill together', () => {
    for (const text of ['今天下午班上有9个学生腹泻呕吐', '食堂吃完饭后好多孩子拉肚子', '工地十几个工人吃了盒饭后呕吐']) {
      const a = analyze(text);
      expect(a.risk.score, text).toBeGreaterThan(0);
      expect(a.risk.signals.map((s) => s.code), text).toContain('group_illness');
    }
  });

  it('is not raised by one person’s illness', () => {
    expect(analyze('我孩子拉肚子好几天了，去哪家医院看比较好').risk.signals.map((s) => s.code)).not.toContain('group_illness');
  });
});

describe('the hotline export’s own classification', () => {
  it.each([
    ['二级分类', '食品安全', 'food_drug_safety'],
    ['三级分类', '拖欠工资', 'wage_arrears'],
    ['三级分类', '水污染', 'environment'],
    ['三级分类', '噪声污染', 'environment'],
    ['二级分类', '安全生产', 'work_safety'],
    ['二级分类', '大气污染', 'environment'],
    ['二级分类', '物业管理', 'housing'],
  ])('%s %s is strong evidence for its focus topic', (field, label, code) => {
    const topics = analyze('请有关部门尽快处理', { [field]: label }).topics;
    const topic = topics.find((t) => t.code === code);
    expect(topic).toMatchObject({ score: 1, evidence: expect.arrayContaining([`${field}: ${label}`]) });
    expect(primaryTopic(topics, parents)?.code).toBe(code);
  });

  it('puts the operator’s first-level category first and maps the second level beneath it', () => {
    const a = analyze('反映小区楼下饭店卫生问题', { 一级分类: '卫生计生', 二级分类: '食品药品监管', 三级分类: '食品安全' });
    expect(a.topics[0]).toMatchObject({ code: 'health', evidence: expect.arrayContaining(['一级分类: 卫生计生']) });
    expect(a.topics[1]).toMatchObject({ code: 'food_drug_safety', score: 1 });
  });

  it('ignores a label that names no topic', () => {
    const a = analyze('路灯坏了好几天', { 三级分类: '其他' });
    expect(a.topics.flatMap((t) => t.evidence).join()).not.toContain('三级分类');
  });
});

describe('one coherent set of topics', () => {
  const texts = ['学校食堂吃了中饭好多孩子拉肚子', '老板一直不发工钱', '小区旁边工厂排放废气，异味非常严重', '解放路路面塌陷了一个大坑'];

  it('ranks the category the model chose first, never one only implied by a focus topic', () => {
    for (const text of texts) {
      const a = analyze(text);
      expect(a.topics[0]!.label, text).toBe(model.predict(topicFeatures(undefined, text))?.label);
      expect(a.topics[0]!.implied, text).toBeUndefined();
      expect(a.topics[0]!.parent, text).toBeUndefined();
      // An implied category comes after every topic judged in its own right.
      const firstImplied = a.topics.findIndex((t) => t.implied);
      if (firstImplied >= 0) expect(a.topics.slice(firstImplied).every((t) => t.implied), text).toBe(true);
    }
  });

  it('shows no parent chip beside its child and starts with the chosen category', () => {
    for (const text of texts) {
      const a = analyze(text);
      const chips = topicChips(a.topics);
      expect(chips[0]!.codes[0], text).toBe(a.topics[0]!.code);
      const shown = chips.flatMap((c) => c.codes);
      expect(new Set(shown).size, text).toBe(shown.length);
      for (const t of a.topics.filter((x) => x.parent)) {
        // A focus topic is either inside its category's chip or on a chip of its own, never beside it.
        const own = chips.find((c) => c.codes.includes(t.code))!;
        expect(own.codes[0] === t.parent || !chips.some((c) => c.codes[0] === t.parent), text).toBe(true);
      }
    }
  });

  it('merges a focus topic into its category chip and hides an implied category', () => {
    const t = (code: string, label: string, score: number, extra: Partial<TopicJudgement> = {}): TopicJudgement => ({ code, label, score, evidence: [label], ...extra });
    const chips = topicChips([
      t('labor_social_security', '劳动和社会保障', 0.9),
      t('wage_arrears', '工资拖欠', 1, { parent: 'labor_social_security' }),
      t('food_drug_safety', '食品药品安全', 0.8, { parent: 'health' }),
      t('health', '卫生计生', 0.4, { implied: true }),
    ]);
    expect(chips.map((c) => c.label)).toEqual(['劳动和社会保障 › 工资拖欠', '食品药品安全']);
    expect(chips[0]).toMatchObject({ codes: ['labor_social_security', 'wage_arrears'], score: 1 });
  });
});

describe('the topic an item is grouped by', () => {
  it('is the strong focus topic even when the model files the ticket under another category', () => {
    const topics = analyze('学校食堂吃了中饭好多孩子拉肚子').topics;
    expect(primaryTopic(topics, parents)?.code).toBe('food_drug_safety');
  });
});
