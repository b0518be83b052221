import { describe, expect, it } from 'vitest';
import { hammingDistance, simhash } from '../../services/analyzer/simhash.ts';
import { cutWords } from '../../shared/text/segmenter.ts';

describe('simhash', () => {
  it('gives the same hash as the first version did, so indexed items stay comparable', () => {
    expect(simhash(['农民工', '工资', '拖欠', '工资', '讨薪'])).toBe('7ca13f10d252bc75');
    expect(simhash([])).toBe('0000000000000000');
  });

  it('puts a repost nearer the original than an unrelated text', () => {
    const words = cutWords('壶镇镇某工地老板拖欠农民工工资已经三个月，工人多次讨薪无果，劳动监察说管不了，快过年了大家都回不了家，希望政府帮忙解决，让我们拿到血汗钱。');
    const original = simhash(words);
    const repost = simhash(cutWords('转发：壶镇镇某工地老板拖欠农民工工资已经三个月，工人多次讨薪无果，劳动监察说管不了，快过年了大家都回不了家，希望政府帮忙解决，让我们拿到血汗钱！'));
    const other = simhash(cutWords('小区旁边的饭店油烟直排，每天晚上噪音扰民，环保部门来了几次都没有解决，居民意见很大。'));
    expect(hammingDistance(original, repost)).toBeLessThanOrEqual(8);
    expect(hammingDistance(original, other)).toBeGreaterThan(hammingDistance(original, repost));
  });
});
