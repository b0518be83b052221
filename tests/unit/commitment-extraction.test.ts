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

  it('consequences, estimates, locations, conditions and standing procedures undertake nothing', () => {
    expect(spans('地铁施工将给沿线商户带来一定不便。')).toEqual([]);
    expect(spans('该工程预计投资300万元。')).toEqual([]);
    expect(spans('拟建的农贸市场位于新村路南侧。')).toEqual([]);
    expect(spans('今后再有类似情况，可拨打12345反映。')).toEqual([]);
    expect(spans('只要农户符合贷款条件，我社将为其提供信贷支持。')).toEqual([]);
    expect(spans('后来物业公司将空地租给了商户。')).toEqual([]);
    expect(spans('建设中未能将厂区与住宅区隔开。')).toEqual([]);
    expect(spans('并建议双方友好协商，争取早日解决。')).toEqual([]);
  });

  it('a scheduled act, a refusal to come and a condition on a new policy are promises', () => {
    expect(found('我局定于2021年6月8日召开听证会。')[0]).toMatchObject({ span: { text: '我局定于2021年6月8日召开听证会' }, due: { kind: 'date' } });
    expect(spans('整改到位之前，质监站将不同意竣工验收。')).toEqual(['质监站将不同意竣工验收']);
    expect(spans('如有新的补助政策会及时通知您。')).toEqual(['如有新的补助政策会及时通知您']);
  });

  it('an appended document is its own text, even in a county voice', () => {
    const decision = '附县人民政府关于加快发展乡村旅游的决定 为加快我县乡村旅游发展，特作出如下决定。一、加快建设一批旅游示范村，力争三年内建成十个。二、县财政局负责将奖补资金向示范村倾斜。三、各乡镇要加快完善旅游道路、停车场和公厕等基础设施，确保年底前全部投入使用。';
    expect(spans(`您好！您咨询的扶持政策见所附文件，我局将及时告知新的政策。2021年5月18日${decision}`)).toEqual(['我局将及时告知新的政策']);
  });

  it('a list announced at the end of one sentence takes its items from the next', () => {
    expect(spans('街道将从以下两个方面解决。一是本月底前清运垃圾；二是加强日常巡查。')).toEqual(['一是本月底前清运垃圾', '二是加强日常巡查']);
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

describe('rule text, duties, descriptions and predictions are not this reply\'s promise', () => {
  it('quoted regulations and their articles state what a rule holds for anyone', () => {
    expect(spans('根据《城市市容和环境卫生管理条例》第三十六条规定，擅自占用道路堆放物品的，由城市人民政府市容环境卫生行政主管部门责令限期改正。')).toEqual([]);
    expect(spans('根据《A市棚户区改造实施办法》的规定：被征收人选择货币补偿的，征收部门将在签订协议后30日内支付补偿款。选择产权调换的，安置房将于2023年底前交付。')).toEqual([]);
  });

  it('a document quoted at length, with quotes nested inside and never closed, is the document\'s wording', () => {
    const text = '《关于推进社保卡应用的意见》对各方职责规定如下：“（一）市局统筹推进，以“全面应用”为目标，将于年底前完成系统改造；（二）合作银行将尽快开通服务网点';
    expect(spans(text)).toEqual([]);
  });

  it('general duties of every unit of a level are no undertaking', () => {
    expect(spans('各级政府应当加大对农村公路养护的投入，确保公路安全畅通。')).toEqual([]);
    expect(spans('各县市区要加快推进农村危房改造，确保2021年底前全面完成改造任务。')).toEqual([]);
    expect(spans('按照文件要求，县级以上人民政府应当将义务教育经费纳入财政预算。')).toEqual([]);
    expect(spans('相关部门应加快推进老旧小区改造。')).toEqual([]);
  });

  it('what a policy does for whom it covers is the policy, unless the unit applies it', () => {
    expect(spans('按照政策，符合条件的困难家庭将纳入低保保障范围。')).toEqual([]);
    expect(spans('凡在2021年底前完成改造的，将给予每户5000元补助。')).toEqual([]);
    expect(spans('根据《城市市容和环境卫生管理条例》规定，我局将依法予以处罚。')).toHaveLength(1);
  });

  it('a document appended after the signature is not the reply speaking', () => {
    const text =
      '我局将于6月30日前完成整改。特此回复。2021年5月18日 关于加快推进全域旅游发展的决定 到2023年，全县旅游接待人数将突破500万人次，乡村旅游将成为农民增收的重要渠道。';
    expect(spans(text)).toEqual(['我局将于6月30日前完成整改']);
    const appendedRules = '特此回复。2021年5月18日 附件：A市城区停车管理办法 第一条 为加强停车管理，制定本办法。第五条 市公安交通管理部门将会同城管部门定期开展联合整治。';
    expect(spans(appendedRules)).toEqual([]);
    // No title, but a part after the signature that never speaks to the citizen nor as the unit is a document.
    const appendedPlan =
      '我局将于6月30日前完成整改。特此回复。2021年5月18日 二、工作目标 到2023年，全市将新建公共停车泊位5000个，城区停车难问题将得到有效缓解。' +
      '三、保障措施 （一）市财政将安排专项资金支持停车设施建设，各区同步落实配套资金。（二）市自然资源部门将优先保障停车设施用地，简化审批流程，' +
      '鼓励社会资本参与公共停车场建设和运营，力争年底前完成首批项目招标。';
    expect(spans(appendedPlan)).toEqual(['我局将于6月30日前完成整改']);
  });

  it('what a department normally does, and how a policy or system works, are descriptions', () => {
    expect(spans('我局主要负责全县食品安全的监督管理，每年都会对辖区内餐饮单位进行全面检查。')).toEqual([]);
    expect(spans('整合后的城乡居民医保将实施统一的待遇政策。')).toEqual([]);
  });

  it('predicted outcomes and findings are not undertakings', () => {
    expect(spans('该项目建成后，将极大缓解城区交通压力。新路开通后，沿线居民出行将更加便捷。')).toEqual([]);
    expect(spans('执法人员到场后发现有两家商户将桌椅摆在人行道上。')).toEqual([]);
    expect(spans('今年入冬以后，夜间到馆读者一般只有几十人，预计冬季后读者数量将会更少。')).toEqual([]);
  });

  it("the citizen's own situation and offers to explain promise nothing", () => {
    expect(spans('根据您提供的情况，目前您在我县参加职工医疗保险，即将办理退休。')).toEqual([]);
    expect(spans('如您对缴费政策有疑问，可以致电咨询，我们将做详细的解答。')).toEqual([]);
    expect(spans('4、申请人近期免冠彩色照片两张。')).toEqual([]);
  });

  it('a past date opening the sentence makes 将 a 把 and 承诺 a thing said then', () => {
    expect(spans('2020年，社区将闲置用房改造为活动室，解决了居民活动场地问题。')).toEqual([]);
    expect(spans('2020年3月5日，经协商，张某承诺领取补偿款后不再上访。')).toEqual([]);
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

  it('a clause naming no one is promised by the party of the clause before it', () => {
    expect(found('物业公司已对楼道进行清理，下一步将加强日常保洁。')[0]).toMatchObject({ promiser: 'third-party', party: '物业公司' });
    expect(found('目前，该公司已委托设计单位编制方案，方案确定后将立即启动设备改造。')[0]).toMatchObject({ promiser: 'third-party' });
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

describe('dues from ranges, events and the sentence', () => {
  it('a range is due at its end, in the year of its start', () => {
    const [c] = found('经协调，开发商同意在2021年10月8日至10月10日期间给出书面答复。');
    expect(c).toMatchObject({ promiser: 'third-party', due: { kind: 'date', dueAt: '2021-10-10T23:59:59.999+08:00' } });
    expect(found('我局将在2021年12月28日至1月5日期间开展集中整治。')[0]!.due).toMatchObject({ dueAt: '2022-01-05T23:59:59.999+08:00' });
  });

  it('a count from an event runs from the day the reply gives that event', () => {
    const [c] = found('该市场于2021年3月1日投入运营。我局已责令市场方在投运三个月内完成环保验收。');
    expect(c!.due).toMatchObject({ kind: 'date', dueAt: '2021-06-01T23:59:59.999+08:00' });
  });

  it('a year opening the sentence times the promise after it; 届时 continues the promise', () => {
    expect(found('2022年城东小学，城西中学将建成开学。')[0]!.due).toMatchObject({ dueAt: '2022-12-31T23:59:59.999+08:00' });
    expect(spans('新考场预计本月下旬投入使用，届时将能满足考生需求。')).toEqual(['新考场预计本月下旬投入使用，届时将能满足考生需求']);
  });
});

describe('owners read as a person names a unit', () => {
  it('drops a leading date and topic words before the unit', () => {
    expect(cleanSubject('2015年12月23日县财政局')).toBe('县财政局');
    expect(cleanSubject('事件的后续发展我镇')).toBe('我镇');
    expect(found('2021年5月10日县财政局将拨付补助资金。')[0]!.owner).toBe('县财政局');
  });
});
