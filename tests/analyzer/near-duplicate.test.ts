import { describe, expect, it } from 'vitest';
import { readDatasetText } from '../../datasets/read-dataset.ts';
import { textOverlap } from '../../services/analyzer/near-duplicate.ts';

/** Three 政务公开 work plans of different governments and years: one subject, much shared vocabulary, different texts. */
const PAGES = ['pages/jinyun-2021-zhengwu-gongkai-yaodian.txt', 'pages/kazuo-2021-zhengwu-gongkai-yaodian.txt', 'pages/zhejiang-2020-jiceng-zhengwu-gongkai.txt'];

describe('near-duplicate text', () => {
  it('three different work plans on one subject are no copies of each other', () => {
    const texts = PAGES.map((p) => readDatasetText(p));
    for (let i = 0; i < texts.length; i++) {
      for (let j = i + 1; j < texts.length; j++) {
        expect(textOverlap(texts[i]!, texts[j]!), `${PAGES[i]} / ${PAGES[j]}`).toBeLessThan(0.3);
      }
    }
  });

  it('a document republished with a line of its own added, or a complaint reposted with a comment, is a copy', () => {
    const plan = readDatasetText(PAGES[1]!);
    expect(textOverlap(plan, `转载自缙云县人民政府网站\n${plan}`)).toBeGreaterThan(0.95);
    const complaint = '壶镇镇安置小区二期工地包工头拖欠农民工工资四个月，工友们讨薪无果，请县人社局帮忙。';
    expect(textOverlap(complaint, `转发：${complaint}大家帮帮忙！`)).toBeGreaterThan(0.9);
  });

  it('an excerpt is no copy of the whole, and texts of one subject in other words are no copies', () => {
    const plan = readDatasetText(PAGES[0]!);
    expect(textOverlap(plan.slice(0, 200), plan)).toBe(0);
    expect(textOverlap('壶镇中心小学食堂午饭后好多孩子拉肚子', '壶镇镇中心小学集体腹泻，孩子都送卫生院了')).toBeLessThan(0.3);
  });
});
