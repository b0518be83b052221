import { describe, expect, it } from 'vitest';
import { KeywordMatcher } from '../../services/analyzer/keyword-matcher.ts';

const words = (hits: { keyword: string }[]) => hits.map((h) => h.keyword);

describe('KeywordMatcher', () => {
  it('matches a short keyword only on word boundaries, not across two words', () => {
    expect(words(new KeywordMatcher(['大学', '生活', '很', '好']).find(['学生']))).toEqual([]);
    expect(words(new KeywordMatcher(['我', '是', '学生']).find(['学生']))).toEqual(['学生']);
  });

  it('matches the head or tail of a compound word', () => {
    expect(words(new KeywordMatcher(['学校食堂', '太', '贵']).find(['学校', '食堂']))).toEqual(['学校', '食堂']);
    expect(words(new KeywordMatcher(['一名', '大学生']).find(['学生']))).toEqual(['学生']);
  });

  it('matches a phrase jieba cut into several words', () => {
    expect(words(new KeywordMatcher(['拖欠', '工资', '三个月']).find(['拖欠工资']))).toEqual(['拖欠工资']);
    expect(words(new KeywordMatcher(['不', '发', '工资']).find(['不发工资']))).toEqual(['不发工资']);
  });

  it('keeps the longer of two overlapping keywords', () => {
    expect(words(new KeywordMatcher(['医保卡', '丢', '了']).find(['医保', '医保卡']))).toEqual(['医保卡']);
  });
});
