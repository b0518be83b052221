import { describe, expect, it } from 'vitest';
import { normalizeText } from '../../services/analyzer/normalize.ts';
import { readPage } from './analyzer-fixtures.ts';

describe('normalizeText on the published work plans', () => {
  const jinyun = normalizeText(readPage('jinyun-2021-zhengwu-gongkai-yaodian.txt'));
  const kazuo = normalizeText(readPage('kazuo-2021-zhengwu-gongkai-yaodian.txt'));
  const zhejiang = normalizeText(readPage('zhejiang-2020-jiceng-zhengwu-gongkai.txt'));

  it('joins a sentence a page break split, even across the blank line', () => {
    expect(jinyun).toContain('以专栏方式，全面展示定位准确');
    expect(jinyun).toContain('政府采购项目全链条信息公开');
    expect(zhejiang).toContain('坚持标准引领、需求导向');
    expect(kazuo).toContain('现将《喀左县2021年政务公开工作要点》印发给你们');
  });

  it('keeps titles, headings, signatures and dates on their own lines', () => {
    const lines = jinyun.split('\n');
    for (const line of ['缙政办发〔2021〕25号', '一、聚焦重点领域，深化政务公开', '缙云县人民政府办公室', '2021年7月16日印发', '2021年缙云县政务公开工作要点']) {
      expect(lines).toContain(line);
    }
    expect(zhejiang.split('\n')).toContain('一、总体要求');
    expect(kazuo.split('\n')).toContain('2021年7月7日');
  });

  it('keeps paragraphs apart with one blank line', () => {
    expect(jinyun).toMatch(/牵头负责）\n\n（二）做好各类规划信息/);
    expect(jinyun).not.toMatch(/\n{3}/);
  });

  it('removes the spaces PDF extraction left inside Chinese and around digits', () => {
    expect(kazuo).toContain('喀左县2021年政务公开工作要点');
    expect(kazuo).toContain('在2021年底前');
    expect(zhejiang).toContain('国办发〔2019〕54号');
    expect(zhejiang).toContain('关于全面推进基层政务公开');
    expect(jinyun).not.toMatch(/[\p{Script=Han}\d] [\p{Script=Han}]/u);
  });

  it('drops markdown emphasis and gives Chinese punctuation its Chinese form', () => {
    expect(kazuo).not.toContain('**');
    expect(kazuo).toContain('（牵头单位：县政府办公室；责任单位：各乡镇街区、县政府各部门）');
    expect(zhejiang).toContain('各市、县（市、区）人民政府，省政府直属各单位：');
  });
});

describe('normalizeText on what sites and citizens send', () => {
  it('turns Traditional into Simplified', () => {
    expect(normalizeText('這間酒店環境和服務態度亦算不錯，電綫裡面')).toBe('这间酒店环境和服务态度亦算不错，电线里面');
  });

  it('keeps Simplified words the Traditional tables would rewrite', () => {
    expect(normalizeText('什么时候在显著位置公示？长期拖欠')).toBe('什么时候在显著位置公示？长期拖欠');
    expect(normalizeText('单位長期不发工资，是什么原因')).toBe('单位长期不发工资，是什么原因');
  });

  it('folds full-width letters and digits', () => {
    expect(normalizeText('１２３４５热线ＡＢＣ')).toBe('12345热线ABC');
  });

  it('drops navigation, font bars, view counters, share bars and injected spam lines', () => {
    const page = [
      '當前位置：首頁 > 信息公開 > 通知公告',
      '发布时间：2021-07-16 来源：县政府办 浏览次数：1234',
      '字体：[大 中 小] 打印',
      '关于加强农民工工资支付的通知',
      '请于２０２１ 年 ９ 月底前完成。',
      '分享到：微信 微博 QQ空间',
      '【打印本页】【关闭窗口】',
      '澳门威尼斯人娱乐城 www.xx88.com',
    ].join('\n');
    expect(normalizeText(page)).toBe('关于加强农民工工资支付的通知\n请于2021年9月底前完成。');
  });

  it('keeps a long line whatever words it holds, and the masks of personal data', () => {
    const text = `全民健身的口号已经喊了很多年（详见：https://baidu.com/），${'体育场应当对市民开放，'.repeat(12)}浏览次数太少。`;
    expect(normalizeText(text)).toBe(text.replace('(', '（'));
    expect(normalizeText('张**的诉求，李**已转办，电话138****1234')).toBe('张**的诉求，李**已转办，电话138****1234');
  });

  it('survives broken surrogates, control characters and empty input', () => {
    expect(normalizeText('好\ud800好\u0000\u200b')).toBe('好\ufffd好');
    expect(normalizeText('')).toBe('');
    expect(normalizeText(' \n\t ')).toBe('');
  });

  it('keeps spaces between Latin words and times as they are', () => {
    expect(normalizeText('hello world, ok? 12:30')).toBe('hello world, ok? 12:30');
  });
});
