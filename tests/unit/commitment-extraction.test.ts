import { describe, expect, it } from 'vitest';
import { extractCommitments, type Commitment } from '../../services/responder/commitments/extract-commitments.ts';
import { cleanSubject } from '../../services/responder/commitments/find-owner.ts';
import { signedDate } from '../../services/responder/commitments/reply-date.ts';

// Examples written for these tests, one per error class of issue 11 (not taken from the labelled set).
const PUBLISHED = Date.parse('2021-05-20T10:00:00+08:00');
const found = (text: string, referenceDate = PUBLISHED): Commitment[] => extractCommitments(text, { referenceDate, defaultOwner: '县住建局' });
const spans = (text: string, referenceDate = PUBLISHED): string[] => found(text, referenceDate).map((c) => c.span.text);

describe('what is not a commitment', () => {
  it('会 inside a noun is no "will"', () => {
    expect(spans('上周我局召开了专题协调会。')).toEqual([]);
    expect(spans('县政协委员会同有关部门到现场查看。')).toEqual([]);
    expect(spans('我们会同街道办事处进行了核实。')).toEqual([]);
  });

  it('将 meaning 把 is no "will"', () => {
    expect(spans('现将调查结果答复如下：')).toEqual([]);
    expect(spans('我局已将您的来信转交县交通局办理。')).toEqual([]);
    expect(spans('去年街道将旧仓库改造成了活动中心。')).toEqual([]);
  });

  it("the citizen's own rights and procedures are not the government's promise", () => {
    expect(spans('如对本答复不服，您可在收到本答复之日起30日内向县人民政府申请复查。')).toEqual([]);
    expect(spans('请您携带身份证到社区服务中心办理。')).toEqual([]);
    expect(spans('如有疑问，可拨打12345热线咨询。')).toEqual([]);
  });

  it('past narrative, and a date already behind the reply, tell history', () => {
    expect(spans('交警大队采取了临时交通管制措施。')).toEqual([]);
    expect(spans('该路段已于2019年完成改造。')).toEqual([]);
    // Signed in 2021: "2020年底开工建设" is history, not a due.
    expect(spans('该项目2020年底开工建设。2021年5月18日')).toEqual([]);
  });

  it("a quote of the citizen's letter is not the reply's promise", () => {
    expect(spans('您在来信中反映“开发商承诺今年年底前一定交房，至今没有动静”。')).toEqual([]);
    expect(spans('您反映开发商会在年底前交房，经核实并无此事。')).toEqual([]);
  });

  it('goodwill and "will study your suggestion" promise nothing checkable', () => {
    expect(spans('我局将认真研究您的建议。')).toEqual([]);
    expect(spans('县委县政府将一如既往地关心城区发展。')).toEqual([]);
  });
});

describe('what is a commitment', () => {
  it('undertakings with any verb, not a list of them', () => {
    expect(spans('下一步，我局将严惩违规经营者。')).toHaveLength(1);
    expect(spans('今后我们会认真听取群众意见。')).toHaveLength(1);
    expect(spans('我局将进一步加强对该市场的监管。')).toHaveLength(1);
    expect(spans('县交通局将尽快贯通该路段。')).toHaveLength(1);
  });

  it('each measure of a "采取如下措施" list is its own commitment', () => {
    const text = '下一步，我局将采取如下措施：一是加密夜间巡查频次；二是约谈涉事商户负责人；三是设立举报信箱。';
    expect(spans(text)).toEqual(['一是加密夜间巡查频次', '二是约谈涉事商户负责人', '三是设立举报信箱']);
  });

  it('an instruction already given counts when it carries a limit', () => {
    const [c] = found('我局已责令施工单位在6月底前恢复路面。');
    expect(c).toMatchObject({ promiser: 'government', due: { kind: 'date', dueAt: '2021-06-30T23:59:59.999+08:00' } });
  });
});

describe('who promises', () => {
  it('a named company, developer or property company is a third party', () => {
    expect(found('经协调，物业公司同意于6月15日前更换电梯。')[0]).toMatchObject({ promiser: 'third-party', party: '物业公司' });
    expect(found('开发商承诺年底前办好产权证。')[0]).toMatchObject({ promiser: 'third-party', party: '开发商' });
  });

  it('the government instructing a company is the government', () => {
    expect(found('街道将督促物业公司尽快清理楼道杂物。')[0]).toMatchObject({ promiser: 'government' });
  });

  it('a company answering for itself on the board is the government', () => {
    expect(found('我司将于下周一前完成线路检修。')[0]).toMatchObject({ promiser: 'government' });
  });
});

describe("due dates against the reply's own date", () => {
  it('reads the date the reply signs itself with, not the day it was published', () => {
    // Signed 2020-12-28, published 2021-01-06: "本月底" is December 2020.
    const [c] = found('我局将在本月底前完成整改。2020年12月28日', Date.parse('2021-01-06T09:00:00+08:00'));
    expect(c!.due).toMatchObject({ kind: 'date', dueAt: '2020-12-31T23:59:59.999+08:00' });
    expect(signedDate('……特此答复。二〇二〇年十二月二十八日', '2021-01-06')).toEqual({ date: '2020-12-28', index: 7 });
    // A signature a year off the publication is a typo, not the reply's date.
    expect(signedDate('……2019年12月28日', '2021-01-06')).toBeUndefined();
  });

  it('a month without a year, a season and a year are points ahead of the reply', () => {
    expect(found('预计2022年春季建成。')[0]!.due).toMatchObject({ dueAt: '2022-05-31T23:59:59.999+08:00' });
    expect(found('该路段计划于10月份动工。')[0]!.due).toMatchObject({ dueAt: '2021-10-31T23:59:59.999+08:00' });
  });
});

describe('owners read as a person names a unit', () => {
  it('drops a leading date and topic words before the unit', () => {
    expect(cleanSubject('2015年12月23日县财政局')).toBe('县财政局');
    expect(cleanSubject('事件的后续发展我镇')).toBe('我镇');
    expect(found('2021年5月10日县财政局将拨付补助资金。')[0]!.owner).toBe('县财政局');
  });
});
