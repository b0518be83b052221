import { describe, expect, it } from 'vitest';
import { POLICY_PAGE_CHECKS } from '../../eval/policy-pages/checks.ts';
import { normalizeText } from '../../services/analyzer/normalize.ts';
import { extractPolicyDocument } from '../../services/analyzer/policy-document.ts';
import { statedDate } from '../../shared/calendar/labelled-date.ts';
import { isFurnitureLine, isSpamLine } from '../../shared/text/page-furniture.ts';
import { toSimplified } from '../../shared/text/to-simplified.ts';

const simple = (line: string): string => toSimplified(line.normalize('NFKC'));

describe('fixture policy pages, decoded, extracted and read as the product does', () => {
  for (const check of POLICY_PAGE_CHECKS) {
    it(check.name, () => {
      expect(check.failure()).toBeUndefined();
    });
  }
});

describe('isFurnitureLine', () => {
  it('recognizes breadcrumbs, meta bars, tool and share bars in either script', () => {
    for (const line of [
      '> 信息公開 > 信息公開政策',
      '當前位置：首頁 > 信息公開',
      '首页 > 政务公开 > 政策文件',
      '政务公开 › 政策文件 › 规范性文件',
      '發布時間: 2019- 06- 24 信息來源：麗水市人民政府辦公室 瀏覽次數：1024',
      '信息来源：丽水市人民政府办公室',
      '阅读量：1.2万',
      '【打印】【關閉】 字號：大 中 小',
      '【字体：大 中 小】【打印本页】【关闭窗口】',
      '分享到：微信 微博 QQ空间',
      '扫一扫在手机打开当前页',
      '上一篇：关于开展政务公开检查的通知',
    ]) {
      expect(isFurnitureLine(simple(line)), line).toBe(true);
    }
  });

  it('keeps text: a sentence naming a source, a date line of the document, a title with ">" in it', () => {
    for (const line of [
      '信息来源于群众来信，经核实，现答复如下。',
      '成文日期：2021年07月16日',
      '发布时间：2021-07-16',
      '温度>35℃时停止户外作业',
      '中共丽水市委办公室 丽水市人民政府办公室',
      '浏览次数太少，说明宣传不到位。',
      '大中小学生暑期安全教育',
    ]) {
      expect(isFurnitureLine(simple(line)), line).toBe(false);
    }
  });
});

describe('isSpamLine', () => {
  it('recognizes gambling and lottery advertising, with or without a link, in either script', () => {
    for (const line of [
      '澳門新葡京娛樂城 百家樂 真人視訊 開戶送彩金 信譽第一',
      '澳门金沙娱乐城 www.js3778.cc',
      '彩票平台注册送38元 信誉第一 客服QQ 88888',
      '北京赛车pk10计划 稳赚不赔',
      '专业代开发票 电话13800000000',
    ]) {
      expect(isSpamLine(simple(line)), line).toBe(true);
    }
  });

  it('keeps lines about lotteries and gambling: policy, crackdowns, complaints', () => {
    for (const line of [
      '重点公开福利彩票公益金使用情况和体育彩票销售管理信息。',
      '加强福利彩票发行销售监管，依法打击网络赌博等违法犯罪活动。',
      '我老公在百家乐平台输了20万，求助！',
      '2021年全市销售体育彩票5.2亿元。',
      '澳门特别行政区政府官网发布通告',
    ]) {
      expect(isSpamLine(simple(line)), line).toBe(false);
    }
  });
});

describe('statedDate', () => {
  it('reads the common labelled forms: spaces, full-width digits, 年月日, Chinese numerals, a time', () => {
    expect(statedDate(simple('發布時間: 2019- 06- 24'), 'published')).toEqual({ date: '2019-06-24' });
    expect(statedDate(simple('发布日期：２０２１年０７月０９日'), 'published')).toEqual({ date: '2021-07-09' });
    expect(statedDate('发布时间：2021-07-19 09:30:05 来源：县政府办', 'published')).toEqual({ date: '2021-07-19', time: '09:30:05' });
    expect(statedDate('成文日期：二〇二一年七月十六日', 'written')).toEqual({ date: '2021-07-16' });
  });

  it('lets the preferred label win, and skips an impossible date', () => {
    const table = '成文日期：2021年07月07日 发布日期：2021-07-09';
    expect(statedDate(table, 'published')?.date).toBe('2021-07-09');
    expect(statedDate(table, 'written')?.date).toBe('2021-07-07');
    expect(statedDate('发布日期：2021-02-30 日期：2021-03-01', 'published')?.date).toBe('2021-03-01');
    expect(statedDate('没有日期的文字', 'published')).toBeUndefined();
  });
});

describe('extractPolicyDocument, the cases issue 11 found on a real page', () => {
  const doc = (text: string) => extractPolicyDocument(normalizeText(text));

  it('keeps both issuers of a joint document, on one line or stacked', () => {
    const body = '丽委办发〔2019〕37号\n\n（一）开展自查。各地要全面自查。（市政府办公室牵头负责）\n\n';
    expect(doc(`${body}中共丽水市委办公室\u3000\u3000丽水市人民政府办公室\n\n2019年6月24日`)).toMatchObject({
      issuer: '中共丽水市委办公室',
      coIssuers: ['丽水市人民政府办公室'],
      date: '2019-06-24',
    });
    expect(doc(`${body}中共丽水市委办公室\n丽水市人民政府办公室\n2019年6月24日`)).toMatchObject({ issuer: '中共丽水市委办公室', coIssuers: ['丽水市人民政府办公室'] });
    const single = doc(`${body}缙云县人民政府办公室\n\n2019年6月24日`);
    expect(single?.issuer).toBe('缙云县人民政府办公室');
    expect(single?.coIssuers).toBeUndefined();
  });

  it('records leads named by role as roles, beside named units', () => {
    const d = doc('某政办发〔2021〕9号\n\n（一）开展自查。各地要全面自查。（县财政局牵头，各乡镇、街道分别负责）\n\n（二）做好公开。及时公开信息。（各区、县〔市〕政府，市政府各部门分别负责）');
    expect(d?.tasks.map((t) => [t.lead, t.leadRoles, t.coResponsible])).toEqual([
      [['县财政局'], undefined, ['各乡镇', '街道']],
      [[], ['各区、县（市）政府', '市政府各部门'], []],
    ]);
  });

  it('takes no phrase before a shared verb for a unit', () => {
    const d = doc('某政办发〔2021〕9号\n\n（一）开展自查。各地要全面自查。（按照属地原则，各乡镇分别负责）');
    expect(d?.tasks[0]).toMatchObject({ lead: [], coResponsible: [] });
    expect(d?.tasks[0]?.leadRoles).toBeUndefined();
  });

  it('gives a heading above its passage no task of its own, and a heading with the note under it the task', () => {
    const d = doc('某政办发〔2021〕9号\n\n（一）加强组织领导\n\n各地要建立工作机制。（县政府办公室牵头负责）\n\n（二）开展自查\n\n（县财政局负责）');
    expect(d?.tasks.map((t) => [t.ref, t.text, t.lead])).toEqual([
      ['（一）', '各地要建立工作机制', ['县政府办公室']],
      ['（二）', '开展自查', ['县财政局']],
    ]);
  });
});
