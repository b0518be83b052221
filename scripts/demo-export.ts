/**
 * A realistic 12345 政务服务热线 工单 export for the demo county (缙云县), as the county's
 * hotline system would produce it: GB18030, CRLF, one header row, times in China local time.
 *
 * Township and village names are real (config/gazetteer.json); every person, phone number,
 * ID number, company, estate and construction site is fictional. The same seed always gives
 * the same bytes, so demos and tests can rely on the content.
 *
 * Besides ordinary traffic the export carries what the pipeline must notice: a wage-arrears
 * burst in 壶镇镇 in the last 3 hours (with risk signals), repeat callers, phone and ID numbers
 * inside the text (for masking) and two malformed rows (for dead-letters).
 */
import { fileURLToPath } from 'node:url';
import { CHINA_OFFSET_MS } from '../shared/domain/time.ts';
import { encodeHotlineCsv } from './hotline-csv.ts';
import { Gazetteer, readJson } from '../services/analyzer/analyzer-config.ts';

/** The header of the export, in the order the hotline system writes it. */
export const DEMO_COLUMNS = [
  '工单编号', '来电时间', '诉求类型', '诉求来源', '诉求标题', '诉求内容', '所属区域', '一级分类',
  '二级分类', '承办单位', '办理状态', '办结时间', '回复内容', '满意度', '来电人', '来电号码',
] as const;
export type DemoColumn = (typeof DEMO_COLUMNS)[number];
export type DemoRow = Record<DemoColumn, string>;

export interface DemoExportOptions {
  /** Epoch ms of the export; tickets fall in the 72 hours before it. */
  now: number;
  seed?: number;
  /** Total rows, including the burst and the two malformed rows. Default 120. */
  rows?: number;
}

export interface DemoExport {
  /** e.g. 12345工单导出_202611201030.csv (export time in China time). */
  fileName: string;
  rows: DemoRow[];
  /** The file's bytes: GB18030, CRLF line endings. */
  csv: Buffer;
}

export const DEFAULT_DEMO_SEED = 12345;
export const DEFAULT_DEMO_ROWS = 120;

/** The burst the demo is built around: one site, one contractor, many workers calling. */
export const DEMO_BURST = {
  town: '壶镇镇',
  site: '壶镇镇溪滨安置小区二期工程',
  contractor: '浙江鼎筑建设有限公司',
  windowMs: 3 * 3600_000,
} as const;

const HOUR = 3600_000;
const DAY = 24 * HOUR;

// ---------------------------------------------------------------------------------------
// Seeded randomness

type Weighted<T> = readonly (readonly [T, number])[];

/** mulberry32: tiny, fast and good enough for demo data; never Math.random. */
class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [lo, hi], both inclusive. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)]!;
  }

  weighted<T>(entries: Weighted<T>): T {
    const total = entries.reduce((sum, [, w]) => sum + w, 0);
    let r = this.next() * total;
    for (const [value, w] of entries) {
      r -= w;
      if (r < 0) return value;
    }
    return entries[entries.length - 1]![0];
  }

  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  }
}

// ---------------------------------------------------------------------------------------
// Gazetteer (only the parts the generator needs)

let gazetteerCache: Gazetteer | undefined;
function gazetteer(): Gazetteer {
  gazetteerCache ??= readJson(fileURLToPath(new URL('../config/gazetteer.json', import.meta.url)), Gazetteer);
  return gazetteerCache;
}

/** Where calls come from: the county seat and the industrial town call most. */
const TOWN_WEIGHT: Record<string, number> = {
  五云街道: 16, 新碧街道: 10, 壶镇镇: 14, 仙都街道: 6, 新建镇: 7, 东渡镇: 5, 舒洪镇: 5,
  大洋镇: 4, 东方镇: 4, 大源镇: 3, 七里乡: 3, 胡源乡: 3,
};
const URBAN = ['五云街道', '新碧街道', '壶镇镇', '仙都街道'];
const INDUSTRIAL = ['壶镇镇', '新碧街道', '东渡镇', '新建镇', '舒洪镇', '东方镇'];
/** Generic spots for townships whose villages the gazetteer does not list. */
const SPOTS = ['老街', '菜市场', '卫生院', '中心小学', '工业园区', '汽车站'];

// ---------------------------------------------------------------------------------------
// Ticket scenarios: one per kind of appeal, with the right classification and 承办单位.
// Templates use {slot} placeholders; see SLOTS below.

type AppealType = '咨询' | '求助' | '建议' | '投诉' | '举报' | '感谢';
type Source = '电话' | '微信' | '网站' | '浙里办' | '市长信箱';
type Status = '已受理' | '办理中' | '已办结' | '已回访';

interface Scenario {
  key: string;
  level1: string;
  level2: string;
  /** 承办单位: a department name from the gazetteer. */
  dept: string;
  types: Weighted<AppealType>;
  weight: number;
  towns?: readonly string[];
  /** titles[i] and asks[i] go with bodies[i]; a single title or ask fits every body. */
  titles: readonly string[];
  bodies: readonly string[];
  asks: readonly string[];
  /** Official reply text, used once the ticket is 已办结 or 已回访. */
  replies: readonly string[];
}

const RENSHE = '县人力资源和社会保障局';
const ZHUJIAN = '县住房和城乡建设局';
const SHICHANG = '县市场监督管理局';
const SHENGTAI = '丽水市生态环境局缙云分局';
const ZHIFA = '县综合行政执法局';
const JIAOYU = '县教育局';
const JIAOTONG = '县交通运输局';

const SCENARIOS: readonly Scenario[] = [
  {
    key: 'wage-site', level1: '劳动和社会保障', level2: '工资福利', dept: RENSHE, weight: 6,
    types: [['投诉', 6], ['求助', 3], ['举报', 1]],
    titles: ['反映{site}拖欠农民工工资', '{site}工人工资被拖欠{months}个月', '讨要{site}务工工资'],
    bodies: [
      '我在{site}做{trade}，从{startMonth}月做到现在，{boss}一直拖着不发工资，我们{workers}个工人加起来被欠了{total}万多元。去项目部问，说是{contractor}的工程款没到位，让我们再等等。',
      '我们是{site}的木工班组，总共{workers}个人，已经{months}个月没拿到工资了。{boss}的电话（{mobile}）现在打不通，总包{contractor}说钱已经付给包工头了，两边互相推。',
      '我在{site}干了{days}天小工，说好一天{daily}元，结账的时候只给了一半，剩下{amount}元一直拖着。之前打过{dept}的电话，说会来处理，到现在也没消息。',
    ],
    asks: ['希望{dept}尽快督促施工单位发放工资。', '请相关部门帮忙讨回工资，家里老人看病等着用钱。', '要求施工方按约定结清工资。'],
    replies: [
      '您好！您反映的问题已收悉。经{deptFull}劳动保障监察大队调查核实，{site}存在拖欠班组人员工资的情况。我局已约谈总包单位{contractor}及劳务分包负责人，责令其于{dueDate}前通过农民工工资专用账户足额支付。后续我局将跟踪落实情况。感谢您对我县工作的关注与支持。',
      '您好！经核实，您反映的{site}工资问题系总包单位与劳务班组结算争议引起。我局已启动农民工工资保证金动用程序，相关工资已于{paidDate}发放到位。如仍有未结清款项，可携带考勤记录到县劳动保障监察大队窗口反映。',
    ],
  },
  {
    key: 'wage-factory', level1: '劳动和社会保障', level2: '工资福利', dept: RENSHE, weight: 4, towns: INDUSTRIAL,
    types: [['投诉', 6], ['求助', 2]],
    titles: ['反映{company}离职后不结算工资', '{company}拖欠员工工资'],
    bodies: [
      '我原来在{town}的{company}上班，{leaveMonth}月份辞职的，按规定离职时应该结清工资，但老板一直说厂里资金紧张，{months}个月工资共{amount}元到现在还没给。',
      '{company}从{startMonth}月开始就没有按时发过工资，厂里还有三十多个员工，老板说等货款回来再发，我们去找了好几次都没用。',
    ],
    asks: ['希望{dept}责令企业支付工资。', '请劳动监察部门帮忙处理。'],
    replies: [
      '您好！经县人社局劳动保障监察大队调查，{company}因资金周转困难延迟发放工资情况属实。我局已向该企业下达《劳动保障监察责令改正决定书》，责令其于{dueDate}前足额支付所欠工资；逾期未支付的，我局将依法立案查处。',
    ],
  },
  {
    key: 'property-fee', level1: '城乡建设', level2: '物业管理', dept: ZHUJIAN, weight: 4, towns: URBAN,
    types: [['投诉', 7], ['咨询', 1], ['建议', 1]],
    titles: ['{estate}物业费上涨未经业主同意', '{estate}物业服务差'],
    bodies: [
      '{town}{estate}的物业公司这个月突然把物业费从每平方{oldFee}元涨到{newFee}元，没有开业主大会，也没有公示，不交就不给办门禁卡。小区卫生和保安都不如以前，凭什么涨价？',
      '我是{estate}的业主，物业费每年都按时交，但小区路灯坏了半年没人修，地下车库一下雨就积水，物业只知道收钱不办事。',
    ],
    asks: ['希望住建部门管一管。', '要求物业公司公开收支明细。'],
    replies: [
      '您好！经县住建局物业管理科核实，{estate}物业公司调整收费标准未按规定履行业主共同决定程序。我局已约谈该物业公司，责令暂停执行新收费标准，并对路灯、车库积水等问题限期于{dueDate}前整改到位。',
    ],
  },
  {
    key: 'elevator', level1: '城乡建设', level2: '物业管理', dept: ZHUJIAN, weight: 2, towns: URBAN,
    types: [['投诉', 6], ['求助', 4]],
    titles: ['{estate}{building}幢电梯频繁故障', '电梯困人，物业不修'],
    bodies: [
      '{estate}{building}幢的电梯这个月已经坏了{times}次，上周还把人关在里面二十多分钟。楼里住了很多老人，上下楼很不方便，物业说在等配件，一直没修好。',
      '{town}{estate}的电梯经常突然停住，门也关不严，小孩子坐很危险，跟物业反映了很多次都只是贴个“暂停使用”。',
    ],
    asks: ['希望有关部门督促物业尽快维修，确保安全。', '请安排人来检查电梯是否合格。'],
    replies: [
      '您好！接到反映后，县住建局会同县市场监管局特种设备安全监察人员到现场检查，该电梯曳引机制动部件老化，已责令物业公司停用整改，更换部件并经维保单位检验合格后恢复使用，预计{dueDate}前完成。',
    ],
  },
  {
    key: 'delayed-delivery', level1: '城乡建设', level2: '房地产开发', dept: ZHUJIAN, weight: 2, towns: URBAN,
    types: [['投诉', 8], ['咨询', 1]],
    titles: ['{estate}延期交房', '开发商逾期交房不给说法'],
    bodies: [
      '我在{town}买了{estate}的商品房，合同约定{dueMonth}月底交房，现在已经超过半年了还没交付，工地基本停工。开发商只说在办理验收，问什么时候交房也不给准话，我们一边还房贷一边租房住。',
      '{estate}的业主已经等了快一年了，房子还没交，售楼处现在也关门了，上百户业主都很着急。',
    ],
    asks: ['希望住建部门督促开发商尽快交房，并按合同支付逾期违约金。', '请政府出面协调，保交楼。'],
    replies: [
      '您好！经县住建局调查，{estate}项目因资金问题进度滞后，目前已复工，主体工程已完成，正在进行室外配套施工。我局已督促开发企业制定交付计划并向业主公开，逾期交付违约金问题请依据购房合同协商解决，协商不成可依法诉讼。',
    ],
  },
  {
    key: 'air', level1: '环境保护', level2: '大气污染', dept: SHENGTAI, weight: 4, towns: INDUSTRIAL,
    types: [['投诉', 6], ['举报', 4]],
    titles: ['{company}夜间偷排废气', '{place}附近工厂废气刺鼻'],
    bodies: [
      '{place}附近的{company}每天晚上偷偷排废气，一股油漆味，晚上根本不敢开窗，家里老人小孩经常咳嗽。白天有人来检查他们就停产，晚上又开始排。',
      '{town}工业园区有家喷涂厂，烟囱冒黑烟，气味很大，离居民区不到两百米，已经持续好几个月了。',
    ],
    asks: ['希望{dept}晚上来突击检查。', '请生态环境部门依法查处。'],
    replies: [
      '您好！接到反映后，丽水市生态环境局缙云分局执法人员于{visitDate}夜间对该企业进行突击检查，发现其喷涂工序废气收集处理设施未正常运行，已依法立案调查并责令停产整改。我局将加强夜间巡查，欢迎继续监督。',
    ],
  },
  {
    key: 'noise', level1: '环境保护', level2: '噪声污染', dept: ZHIFA, weight: 4,
    types: [['投诉', 9], ['举报', 1]],
    titles: ['工地夜间施工噪音扰民', '{place}噪音扰民'],
    bodies: [
      '{place}旁边的工地每天晚上十一点多还在打桩、浇混凝土，噪音特别大，已经连续一个多星期了，孩子要考试，根本睡不着。',
      '楼下{shop}每天用大喇叭放音乐招揽生意，从早上八点放到晚上十点，和店主说了好几次也不理。',
    ],
    asks: ['请相关部门制止夜间施工。', '希望{dept}管一管。'],
    replies: [
      '您好！经县综合行政执法局{town}中队现场核查，该工地未办理夜间施工许可，已责令其立即停止夜间施工，并依法予以立案处理。执法中队将在夜间加强巡查。',
    ],
  },
  {
    key: 'water-pollution', level1: '环境保护', level2: '水污染', dept: SHENGTAI, weight: 3,
    types: [['举报', 5], ['投诉', 5]],
    titles: ['{place}溪水被污染', '举报养殖场污水直排河道'],
    bodies: [
      '{place}附近的溪坑这几天水变成了乳白色，还漂着死鱼，怀疑是上游{company}偷排废水，晚上气味更大。',
      '{place}附近有个养猪场把猪粪水直接排进溪里，整条溪又黑又臭，下游还有人在洗衣服。',
    ],
    asks: ['请环保部门尽快取样检测并查处。', '希望相关部门管一管，还我们一条干净的溪。'],
    replies: [
      '您好！丽水市生态环境局缙云分局会同{town}于{visitDate}到现场核查并采样监测，确认存在污水直排情况。已责令相关单位立即停止排放、清理河道，并依法立案查处，后续将开展复查。',
    ],
  },
  {
    key: 'food-expired', level1: '市场监管', level2: '食品安全', dept: SHICHANG, weight: 3,
    types: [['投诉', 6], ['举报', 4]],
    titles: ['买到过期{product}', '{shop}销售过期食品'],
    bodies: [
      '我{date}在{town}{shop}买了{product}，回家发现已经过期{expiredDays}天了。拿回去找店里，店员说最多给我换一包，不肯按规定赔偿。',
      '{town}{shop}货架上有好几样过期的{product}还在卖，生产日期都被新标签盖住了。',
    ],
    asks: ['要求商家依法赔偿，并查处销售过期食品的行为。', '请{dept}去查一下。'],
    replies: [
      '您好！县市场监管局{town}市场监管所执法人员已到该商店检查，现场发现过期食品{count}件，已责令下架并立案调查。关于赔偿诉求，已组织双方调解，商家同意退货并赔偿。',
    ],
  },
  {
    key: 'food-restaurant', level1: '市场监管', level2: '食品安全', dept: SHICHANG, weight: 3,
    types: [['投诉', 7], ['举报', 3]],
    titles: ['在{restaurant}吃饭后腹泻', '{restaurant}卫生条件差'],
    bodies: [
      '{town}的{restaurant}后厨很脏，我们{date}在店里吃饭，菜里吃出了苍蝇，老板态度还很差。吃完后两个人都拉肚子。',
      '{restaurant}的厨师不戴口罩帽子，垃圾桶就放在灶台边上，剩菜好像还回锅再卖。',
    ],
    asks: ['要求店家赔偿医药费。', '请市场监管部门检查这家店的卫生。'],
    replies: [
      '您好！县市场监管局执法人员对该餐饮店进行了检查，发现后厨防蝇设施缺失、生熟未分开存放等问题，已责令限期整改并给予警告，将列入重点检查对象。医药费赔偿事宜已组织双方调解。',
    ],
  },
  {
    key: 'school-district', level1: '教育文体', level2: '招生入学', dept: JIAOYU, weight: 2, towns: URBAN,
    types: [['咨询', 4], ['投诉', 4], ['建议', 2]],
    titles: ['学区划分不合理', '咨询小学新生入学学区'],
    bodies: [
      '我家在{town}{estate}，今年孩子上小学，买房的时候说是对口附近的公办小学，今年新的学区划分把我们小区划出去了，要去三公里外的学校，每天接送很不方便。',
      '我是外地户口，在{town}上班交社保两年了，想咨询孩子能不能在县城读公办小学，报名需要准备哪些材料，什么时候报名？',
    ],
    asks: ['希望教育局重新考虑学区划分。', '请告知具体政策。'],
    replies: [
      '您好！我县义务教育学区划分依据学校学位容量和适龄儿童分布统筹确定，并已向社会公示。随迁子女可凭居住证、社保缴纳证明等材料在“浙里办”报名，具体时间以县教育局发布的招生公告为准。',
    ],
  },
  {
    key: 'school-bus', level1: '教育文体', level2: '校车安全', dept: JIAOYU, weight: 2,
    types: [['投诉', 5], ['建议', 3], ['求助', 2]],
    titles: ['{town}校车超载', '建议恢复{town}校车'],
    bodies: [
      '{town}中心小学的校车每天早上坐得满满的，有的孩子只能站着，明显超载，走的又是山路，太危险了。',
      '我们村的孩子去{town}中心小学读书，路上要走四十多分钟，今年校车取消了，家长只能骑电瓶车接送，下雨天路上很不安全。',
    ],
    asks: ['希望教育局和交警查一查。', '建议恢复校车或增加班次。'],
    replies: [
      '您好！县教育局会同交警部门对该校车线路进行了检查，已要求学校和校车运营单位增派一辆车辆，确保一人一座，并加强随车照管。',
    ],
  },
  {
    key: 'medical-insurance', level1: '劳动和社会保障', level2: '医疗保险', dept: '县医疗保障局', weight: 3,
    types: [['投诉', 4], ['咨询', 4], ['求助', 2]],
    titles: ['异地就医医保报销比例太低', '医保参保状态异常无法报销'],
    bodies: [
      '我父亲{date}在杭州住院做了心脏支架手术，花了{amount}元，回来到医保窗口报销，说异地就医没有提前备案，报销比例要降低。当时是急诊，根本来不及备案。',
      '我的身份证号是{idno}，去年在村里交了城乡居民医保，今年在{town}卫生院看病，刷卡说参保状态异常，不能报销，到底是哪里出了问题？',
    ],
    asks: ['希望{dept}按正常比例给予报销。', '请帮忙查一下。'],
    replies: [
      '您好！经县医保局核实，参保人员异地急诊抢救的，可在出院后补办异地就医备案手续，按规定比例报销。已告知来电人携带急诊病历、费用清单等材料到县医保服务窗口补办，工作人员将优先办理。',
      '您好！经查询，您的参保信息因户籍迁移未同步导致状态异常，县医保局已为您恢复参保状态，此前发生的医疗费用可到就诊机构重新结算。',
    ],
  },
  {
    key: 'hospital', level1: '卫生健康', level2: '医疗服务', dept: '县卫生健康局', weight: 2,
    types: [['投诉', 7], ['建议', 3]],
    titles: ['县人民医院急诊等候时间太长', '医院挂号难'],
    bodies: [
      '{date}晚上带孩子到县人民医院看急诊，高烧39度，排了两个多小时都没看上，问护士也说不清楚还要等多久。',
      '县人民医院专家号在网上根本挂不到，早上六点去排队也没有，老年人不会用手机挂号更难。',
    ],
    asks: ['建议医院高峰期增加医生。', '希望卫健局督促医院改进。'],
    replies: [
      '您好！县卫健局已督促县人民医院核查当晚急诊接诊情况，医院已调整夜间急诊儿科排班，高峰期增加一名值班医生，并保留部分现场号源方便老年患者。',
    ],
  },
  {
    key: 'bus', level1: '交通运输', level2: '公交管理', dept: JIAOTONG, weight: 2,
    types: [['投诉', 7], ['建议', 3]],
    titles: ['{line}路公交不按时发车', '{line}路公交司机驾驶不文明'],
    bodies: [
      '县城开往{town}的{line}路公交车经常不按时刻表发车，早上七点那班经常等半个多小时都不来，我们赶着上班很着急。',
      '{line}路公交车司机开车很猛，{date}下午急刹车，车上一个老人摔倒了，司机也不管。',
    ],
    asks: ['建议早晚高峰加密班次。', '希望交通部门加强管理。'],
    replies: [
      '您好！县交通运输局已责成公交公司核查{line}路发班记录，对司机进行批评教育和安全培训，并在早高峰加开一个班次，时刻表已在站牌更新。',
    ],
  },
  {
    key: 'road', level1: '交通运输', level2: '道路维护', dept: JIAOTONG, weight: 3,
    types: [['投诉', 5], ['求助', 3], ['建议', 2]],
    titles: ['{place}道路破损严重', '{town}村道塌陷无人修'],
    bodies: [
      '{place}附近的村道有好几处塌陷，最大的坑有半米深，晚上没有路灯，已经有人骑电动车摔倒了。',
      '{town}集镇的主干道被大货车压坏了，一下雨到处是积水坑，过往车辆溅得行人一身泥。',
    ],
    asks: ['希望尽快修复。', '请{dept}安排维修，先设置警示标志。'],
    replies: [
      '您好！县交通运输局已会同{town}对该路段进行勘察，已先行设置警示标志，破损路面修补工程已列入养护计划，预计{dueDate}前完成。',
    ],
  },
  {
    key: 'pension', level1: '劳动和社会保障', level2: '养老保险', dept: RENSHE, weight: 2,
    types: [['咨询', 8], ['求助', 2]],
    titles: ['咨询城乡居民养老保险领取', '养老金未按时到账'],
    bodies: [
      '我今年满六十周岁了，身份证号{idno60}，想咨询城乡居民养老保险什么时候开始领，要到哪里办理，需要带什么材料？',
      '我母亲今年{age}岁了，养老金从{startMonth}月开始就没有到账，去村里问，说要到乡镇社保窗口查。',
    ],
    asks: ['请告知办理流程。', '希望帮忙查一下原因。'],
    replies: [
      '您好！城乡居民基本养老保险参保人员年满60周岁，可携带身份证到户籍所在地乡镇（街道）社保经办窗口申领，也可通过“浙里办”在线办理，审核通过后次月起按月发放。',
    ],
  },
  {
    key: 'elderly-care', level1: '民政', level2: '养老服务', dept: '县民政局', weight: 2,
    types: [['投诉', 4], ['求助', 3], ['建议', 3]],
    titles: ['{town}居家养老服务照料中心长期关门', '养老助餐服务停了'],
    bodies: [
      '{town}的居家养老服务照料中心建好以后一直锁着门，老人根本用不上，之前的助餐服务也停了，村里几十个老人吃饭成了问题。',
      '我家老人{age}岁，独居在{place}附近，行动不便，想申请上门养老服务，不知道找谁。',
    ],
    asks: ['希望民政部门督促恢复运营。', '请告知申请办法。'],
    replies: [
      '您好！县民政局已会同{town}核实，该照料中心因运营主体变更暂停服务，现已确定新的运营单位，助餐服务将于{dueDate}起恢复。符合条件的独居老人可向所在村（社区）申请居家养老上门服务。',
    ],
  },
  {
    key: 'illegal-building', level1: '城乡建设', level2: '违章建筑', dept: ZHIFA, weight: 3,
    types: [['举报', 6], ['投诉', 4]],
    titles: ['举报{place}违章搭建', '{estate}一楼住户违建阳光房'],
    bodies: [
      '{place}附近有户人家在自家房顶又加盖了一层钢棚，还往外搭出来两米多，挡住了我们家的采光，村里说管不了。',
      '{estate}一楼住户把院子围起来建了阳光房，占用小区公共绿地，物业劝说也不听。',
    ],
    asks: ['请执法部门依法拆除。', '希望综合执法局来现场处理。'],
    replies: [
      '您好！经县综合行政执法局{town}中队现场核查，反映的搭建行为未取得规划许可，属违法建设。已下达《责令限期拆除通知书》，当事人承诺于{dueDate}前自行拆除，逾期将依法强制拆除。',
    ],
  },
  {
    key: 'farmland-building', level1: '国土资源', level2: '违法用地', dept: '县自然资源和规划局', weight: 1,
    types: [['举报', 8], ['投诉', 2]],
    titles: ['举报{place}占用耕地建房'],
    bodies: ['{place}附近有人在耕地上打地基建厂房，晚上偷偷施工，已经浇了好几车混凝土，这块地以前一直是种水稻的。'],
    asks: ['请自然资源部门尽快制止。'],
    replies: [
      '您好！县自然资源和规划局执法人员已到现场核查，该处建设未办理用地审批手续，已责令停止施工、恢复土地原状，并依法立案查处。',
    ],
  },
  {
    key: 'price-fraud', level1: '市场监管', level2: '价格监管', dept: SHICHANG, weight: 3,
    types: [['投诉', 7], ['举报', 3]],
    titles: ['仙都景区商店标价不实', '{shop}电子秤缺斤短两'],
    bodies: [
      '{date}在仙都景区门口的{shop}买了两斤{goods}，标价每斤{price}元，结账时按每斤{price2}元收，店家说标价牌是另一种货。',
      '在{town}{shop}买东西，电子秤少了将近三两，换个秤一称就不一样，怀疑做了手脚。',
    ],
    asks: ['要求退还多收的钱，并查处价格欺诈。', '请市场监管局查一下这家店的秤。'],
    replies: [
      '您好！县市场监管局执法人员已对该商店进行检查，发现其存在标价与结算价不一致的问题，已责令退还多收款项并立案调查；所用电子秤已送计量检定机构检定。',
    ],
  },
  {
    key: 'social-insurance', level1: '劳动和社会保障', level2: '社会保险', dept: RENSHE, weight: 2,
    types: [['咨询', 9], ['求助', 1]],
    titles: ['咨询灵活就业人员参保', '社保转移接续咨询'],
    bodies: [
      '我是外地户口，在{town}一家厂里上班，厂里没给交社保，想咨询灵活就业人员怎么在浙里办上自己交社保。',
      '我之前在江苏交了{months}年社保，现在回缙云工作了，身份证号{idno}，想问问社保怎么转回来。',
    ],
    asks: ['请告知办理方式。'],
    replies: [
      '您好！灵活就业人员可通过“浙里办”APP搜索“灵活就业人员参保登记”在线办理；单位应依法为职工参保，如单位未缴纳可向县人社局劳动保障监察大队投诉。社保转移可在“浙里办”或国家社会保险公共服务平台申请。',
    ],
  },
  {
    key: 'power-outage', level1: '城乡建设', level2: '电力供应', dept: '国网缙云县供电公司', weight: 2,
    types: [['求助', 6], ['投诉', 4]],
    titles: ['{place}停电无通知', '{place}频繁停电'],
    bodies: [
      '{place}从今天早上开始停电，到现在还没来电，也没看到停电通知，冰箱里的东西都要坏了。',
      '{place}这一个月已经停了{times}次电，每次都是晚上，厂里机器也不能开工。',
    ],
    asks: ['希望供电公司尽快恢复供电。', '请查明原因，彻底解决。'],
    replies: [
      '您好！经国网缙云县供电公司核查，停电系线路老化故障引起，抢修人员已于当日恢复供电。该线路已列入改造计划，计划停电将提前在村（社区）公告。',
    ],
  },
  {
    key: 'water-supply', level1: '城乡建设', level2: '供水', dept: '县水务集团', weight: 2,
    types: [['投诉', 5], ['求助', 5]],
    titles: ['{estate}自来水发黄', '{place}水压太低'],
    bodies: [
      '{estate}这两天自来水发黄，有一股铁锈味，烧开了也有沉淀，家里有孩子不敢用。',
      '{place}一到用水高峰水压就很低，三楼以上基本没水，已经好几天了。',
    ],
    asks: ['希望水务集团尽快检测处理。'],
    replies: [
      '您好！县水务集团已派员到现场排查，系附近管网施工后冲洗不彻底导致，已对管道进行冲洗，经水质检测合格。如仍有问题可拨打水务集团服务电话。',
    ],
  },
  {
    key: 'hazard', level1: '安全生产', level2: '安全隐患', dept: '县应急管理局', weight: 1,
    types: [['举报', 9], ['投诉', 1]],
    titles: ['举报{place}违规储存液化气和油漆'],
    bodies: ['{place}附近有个小作坊在民房里堆了很多液化气罐和油漆桶，旁边就是居民楼，一旦着火后果不堪设想。'],
    asks: ['请应急管理部门尽快检查。'],
    replies: [
      '您好！县应急管理局会同{town}、消防救援大队到现场检查，该作坊存在违规存放危险化学品问题，已责令立即清理转移并停业整改。',
    ],
  },
  {
    key: 'gov-service', level1: '政务服务', level2: '窗口服务', dept: '县政务服务管理办公室', weight: 2,
    types: [['投诉', 5], ['建议', 5]],
    titles: ['行政服务中心办事排队时间长', '建议行政服务中心中午不打烊'],
    bodies: [
      '{date}到县行政服务中心办理不动产登记，取号以后等了两个多小时，中途窗口工作人员离开了很久也没人替。',
      '上班族只有中午有空，行政服务中心中午休息，建议中午安排窗口轮值。',
    ],
    asks: ['建议增加窗口，高峰期分流。', '希望考虑群众的实际困难。'],
    replies: [
      '您好！县政务服务管理办公室已核实当天办件情况，已对相关窗口人员进行批评教育，并在不动产登记区增设两个综合受理窗口，工作日中午安排轮值服务。',
    ],
  },
  {
    key: 'public-order', level1: '政法', level2: '社会治安', dept: '县公安局', weight: 2,
    types: [['投诉', 6], ['举报', 4]],
    titles: ['{place}深夜飙车扰民', '举报{place}附近聚众赌博'],
    bodies: [
      '{place}晚上经常有人飙车，改装摩托车声音很大，凌晨两三点还在街上来回跑，很危险。',
      '{place}附近有一家棋牌室每天晚上都有很多人在里面赌钱，经常吵到后半夜。',
    ],
    asks: ['请公安部门加强巡逻。', '请派出所去查一下。'],
    replies: [
      '您好！县公安局已安排属地派出所加强夜间巡逻，对改装摩托车开展专项整治，查处非法改装车辆{count}辆。',
    ],
  },
  {
    key: 'farm-subsidy', level1: '农村农业', level2: '惠农补贴', dept: '县农业农村局', weight: 1,
    types: [['咨询', 7], ['求助', 3]],
    titles: ['咨询种粮补贴发放时间'],
    bodies: ['想问一下今年的种粮补贴什么时候发，我家在{town}种了{acres}亩水稻，去年的补贴好像也没收到。'],
    asks: ['请帮忙查询。'],
    replies: [
      '您好！我县种粮补贴按实际种植面积核定后统一发放至农户社保卡账户，今年补贴正在公示核定中。去年补贴发放情况可携带身份证到乡镇农业服务窗口查询。',
    ],
  },
  {
    key: 'thanks-power', level1: '其他', level2: '表扬感谢', dept: '国网缙云县供电公司', weight: 1,
    types: [['感谢', 1]],
    titles: ['感谢供电公司抢修人员'],
    bodies: ['{date}晚上{place}突然停电，打电话以后供电公司的师傅半个小时就赶到了，冒着雨一直抢修到半夜。'],
    asks: ['特此表扬国网缙云县供电公司的抢修人员。'],
    replies: ['您好！感谢您对我们工作的肯定，您的表扬已转达至抢修班组，我们将继续做好供电服务。'],
  },
  {
    key: 'thanks-hospital', level1: '其他', level2: '表扬感谢', dept: '县卫生健康局', weight: 1,
    types: [['感谢', 1]],
    titles: ['表扬县人民医院医护人员'],
    bodies: ['我父亲在县人民医院心内科住院期间，医生护士都非常耐心细致，半夜也随叫随到。'],
    asks: ['特地打电话来表扬。'],
    replies: ['您好！感谢您对县人民医院医护人员的肯定，您的表扬已转达至医院及相关科室。'],
  },
  {
    key: 'thanks-wage', level1: '其他', level2: '表扬感谢', dept: RENSHE, weight: 1,
    types: [['感谢', 1]],
    titles: ['感谢{dept}帮助讨回工资'],
    bodies: ['之前反映的{site}工资问题，{dept}的工作人员很负责，跑了好几趟工地，工资已经全部拿到了。'],
    asks: ['非常感谢！'],
    replies: ['您好！感谢您对我局工作的肯定，维护劳动者合法权益是我们的职责。'],
  },
  {
    key: 'charging', level1: '城乡建设', level2: '市政设施', dept: ZHUJIAN, weight: 1,
    types: [['建议', 1]],
    titles: ['建议{town}增设电动车充电桩'],
    bodies: ['{place}附近电动车很多，却没有集中充电的地方，很多人从楼上拉电线下来充电，很不安全。'],
    asks: ['建议在{town}增设电动车集中充电桩。'],
    replies: ['您好！感谢您的建议。县住建局已将该区域纳入电动车充电设施建设计划，将结合场地条件会同属地逐步推进。'],
  },
];

/** Callers who keep calling about the same problem (3–4 tickets each). */
const REPEATABLE = ['noise', 'air', 'property-fee', 'road', 'wage-factory'];

// The burst: workers of one site, calling within the last three hours.
const BURST_TITLES = [
  '{site}拖欠农民工工资', '反映{site}欠薪，工人聚集', '壶镇安置小区二期工地欠薪', '紧急：工地工人讨薪', '{contractor}拖欠工人工资',
];
const BURST_BODIES = [
  '我是{site}的{trade}，跟着包工头老陈干了{months}个多月，一分钱工资都没拿到，我一个人就被欠了{amount}元。总包{contractor}说工程款早就拨给老陈了，老陈现在电话也不接。今天工地上几十个工人都聚集在项目部门口，大家情绪很激动。',
  '{site}拖欠我们农民工工资已经{months}个月了，工地上{workers}多个工人都没拿到钱。现在工人们在工地门口拉了横幅，写着"还我血汗钱"，{contractor}的人一直不出面。',
  '我们是在{site}干活的，{contractor}和包工头互相推，工资一拖再拖。大家商量好了，今天再不给说法，明天一早就一起去县政府上访。',
  '壶镇那个安置小区二期的工地，工人被欠薪{months}个月，现在几十号人堵在工地门口，已经有媒体来拍视频了，抖音上也有人在转。',
  '我老公在{site}做钢筋工，{months}个月没发工资了，家里孩子的学费都交不起。听工地上的人说{dept}之前来过一次，后来就没下文了。',
  '{site}欠薪的事情今天闹大了，有个工人爬到塔吊上不肯下来，说不给钱就不下来，下面围了很多人，派出所的人也来了。',
  '在{site}干活的{workers}多个工人，从去年年底到现在的工资都没结，加起来有{total}万多。我们找过壶镇镇政府，说在协调，工人们都说再拖就去市里、去省里上访。',
  '我是外地来缙云打工的，在{site}做木工，老板欠我{amount}元。现在工地已经停工了，我们连回家的路费都没有，大家都在项目部门口坐着，不拿到钱不走。',
  '{contractor}承建的{site}，包工头老陈卷款跑了，我们{workers}个人的工资没人管。今天大家到壶镇镇政府门口聚集，要求政府给个说法，工友说已经联系了记者。',
];
const BURST_REPEAT_TITLE = '再次反映{site}欠薪';
const BURST_REPEAT_BODIES = [
  '再次反映{site}欠薪问题。前面已经打过电话，到现在没有任何部门来处理，工人已经拉了横幅，有记者在现场拍视频，请领导重视。',
  '刚才反映过的{site}欠薪，现在工人越来越多，有人说要去县政府门口拉横幅，再不处理要出事了。',
];
const BURST_ASKS = [
  '请{dept}马上介入，督促{contractor}先行垫付工资。', '请政府尽快出面协调，让工人拿到血汗钱。', '希望有关部门今天就来现场处理。',
];

// ---------------------------------------------------------------------------------------
// Slot values. Everything here is fictional except place names, which come from the gazetteer.

const SURNAMES: Weighted<string> = [
  ['李', 6], ['王', 5], ['陈', 6], ['吴', 4], ['朱', 4], ['应', 3], ['楼', 3], ['樊', 2], ['赵', 3], ['周', 4],
  ['胡', 3], ['丁', 2], ['杜', 2], ['潘', 3], ['郑', 3], ['徐', 3], ['金', 3], ['施', 2], ['虞', 2], ['卢', 2],
  ['何', 2], ['张', 4], ['刘', 3], ['杨', 3], ['黄', 3], ['林', 2], ['蒋', 2], ['叶', 2], ['詹', 1], ['欧阳', 0.3],
];
const GIVEN_MALE = [...'建国伟军强明华志文海俊杰勇斌良林峰平荣福根新永春德宏涛'];
const GIVEN_FEMALE = [...'丽芳燕红英霞萍琴美秀玲娟婷敏慧素雅月仙菊晓'];
const ESTATES = ['云溪花苑', '锦程华庭', '好溪名邸', '仙都华府', '丽景园', '溪畔春晓', '金域名苑', '翠湖佳苑'];
const COMPANY_PREFIX = ['恒达', '鑫源', '永固', '宏泰', '金鼎', '华锐', '力拓', '隆昌', '正邦', '锐腾'];
const INDUSTRIES = ['机械', '五金', '汽配', '阀门', '铸造', '喷涂', '锯床', '电器', '工具'];
const SITE_KINDS = ['农贸市场改造工程', '中心小学教学楼工程', '厂房扩建工程', '污水管网改造工程', '文化礼堂新建工程', '卫生院门诊楼工程'];
const CONTRACTOR_PREFIX = ['宏远', '锦城', '东正', '立丰', '万晟', '华固'];
const TRADES = ['钢筋工', '木工', '泥水工', '小工', '架子工', '电焊工'];
const SHOPS = ['惠民超市', '百家福超市', '便民生活超市', '农家土特产店', '好邻居便利店', '平价水果店'];
const RESTAURANTS = ['老街烧饼店', '溪边农家乐', '红运大排档', '乡味家常菜馆', '阿福面馆'];
const PRODUCTS = ['纯牛奶', '面包', '火腿肠', '酸奶', '饼干', '速冻水饺'];
const GOODS = ['黄茶', '茭白干', '笋干', '土蜂蜜'];
const MOBILE_PREFIXES = [
  '130', '131', '132', '133', '135', '136', '137', '138', '139', '150', '151', '152', '153', '155', '157',
  '158', '159', '166', '173', '176', '177', '180', '181', '182', '183', '186', '187', '188', '189', '191', '198', '199',
];

interface Context {
  rng: Rng;
  gaz: Gazetteer;
  dept: string;
  town: string;
  at: number;
  closedAt?: number;
}

type SlotFn = (c: Context, get: (name: string) => string) => string;

const SLOTS: Record<string, SlotFn> = {
  town: (c) => c.town,
  place: (c) => placeIn(c.rng, c.gaz, c.town),
  estate: (c) => c.rng.pick(ESTATES),
  building: (c) => String(c.rng.int(1, 18)),
  company: (c) => companyName(c.rng),
  site: (c) => `${c.town}${c.rng.pick(SITE_KINDS)}`,
  contractor: (c) => `浙江${c.rng.pick(CONTRACTOR_PREFIX)}建设有限公司`,
  boss: (c) => `包工头${c.rng.pick(['老', '小'])}${c.rng.weighted(SURNAMES)}`,
  trade: (c) => c.rng.pick(TRADES),
  shop: (c) => c.rng.pick(SHOPS),
  restaurant: (c) => c.rng.pick(RESTAURANTS),
  product: (c) => c.rng.pick(PRODUCTS),
  goods: (c) => c.rng.pick(GOODS),
  workers: (c) => String(c.rng.int(8, 45)),
  months: (c) => String(c.rng.int(2, 7)),
  amount: (c) => String(c.rng.int(60, 480) * 100),
  total: (c) => String(c.rng.int(12, 160)),
  days: (c) => String(c.rng.int(20, 90)),
  daily: (c) => String(c.rng.int(22, 38) * 10),
  times: (c) => String(c.rng.int(3, 6)),
  count: (c) => String(c.rng.int(2, 12)),
  age: (c) => String(c.rng.int(72, 93)),
  acres: (c) => String(c.rng.int(5, 30)),
  expiredDays: (c) => String(c.rng.int(3, 40)),
  oldFee: (c) => (c.rng.int(8, 14) / 10).toFixed(1),
  newFee: (_c, get) => (Number(get('oldFee')) + 0.8).toFixed(1),
  price: (c) => String(c.rng.int(3, 8) * 10),
  price2: (_c, get) => String(Number(get('price')) + 30),
  line: (c) => `${c.rng.int(1, 12)}`,
  dept: (c) => shortDeptName(c),
  deptFull: (c) => c.dept,
  mobile: (c) => mobile(c.rng),
  idno: (c) => idNumber(c.rng, c.at, c.rng.int(22, 75)),
  idno60: (c) => idNumber(c.rng, c.at, 60),
  startMonth: (c, get) => String(chinaParts(c.at - Number(get('months')) * 30 * DAY).month),
  leaveMonth: (c) => String(chinaParts(c.at - c.rng.int(1, 3) * 30 * DAY).month),
  dueMonth: (c) => String(chinaParts(c.at - c.rng.int(7, 11) * 30 * DAY).month),
  date: (c) => monthDay(c.at - c.rng.int(1, 10) * DAY),
  visitDate: (c) => monthDay(c.closedAt ?? c.at),
  paidDate: (c) => monthDay(c.closedAt ?? c.at),
  dueDate: (c) => monthDay((c.closedAt ?? c.at) + c.rng.int(3, 15) * DAY),
};

/** Fails at load time when a template names a slot nobody fills. */
function assertTemplatesKnown(): void {
  const texts = [
    ...SCENARIOS.flatMap((s) => [...s.titles, ...s.bodies, ...s.asks, ...s.replies]),
    ...BURST_TITLES, ...BURST_BODIES, BURST_REPEAT_TITLE, ...BURST_REPEAT_BODIES, ...BURST_ASKS,
  ];
  for (const t of texts) {
    for (const [, name] of t.matchAll(/\{(\w+)\}/g)) {
      if (!(name! in SLOTS)) throw new Error(`demo template uses unknown slot {${name}}: ${t}`);
    }
  }
}
assertTemplatesKnown();

/** Fills {slot}s; a slot used twice in one ticket gets the same value both times. */
class Filler {
  private readonly values = new Map<string, string>();

  constructor(private readonly ctx: Context, preset: Record<string, string> = {}) {
    for (const [k, v] of Object.entries(preset)) this.values.set(k, v);
  }

  get = (name: string): string => {
    let v = this.values.get(name);
    if (v === undefined) {
      v = SLOTS[name]!(this.ctx, this.get);
      this.values.set(name, v);
    }
    return v;
  };

  fill(template: string): string {
    return template.replace(/\{(\w+)\}/g, (_, name: string) => this.get(name));
  }

  setClosedAt(at: number | undefined): void {
    this.ctx.closedAt = at;
  }
}

function companyName(rng: Rng): string {
  return `缙云县${rng.pick(COMPANY_PREFIX)}${rng.pick(INDUSTRIES)}有限公司`;
}

/** A real village of the township when the gazetteer knows one, else a generic spot. */
function placeIn(rng: Rng, gaz: Gazetteer, town: string): string {
  const villages = gaz.townships.find((t) => t.name === town)?.villages ?? [];
  return villages.length > 0 && rng.chance(0.7) ? `${town}${rng.pick(villages)}` : `${town}${rng.pick(SPOTS)}`;
}

function shortDeptName(c: Context): string {
  const dept = c.gaz.departments.find((d) => d.name === c.dept);
  // Callers mostly say the short 县X局 form; the analyzer must resolve it to the full name.
  const short = dept?.aliases.find((a) => a.startsWith('县')) ?? c.dept;
  return c.rng.chance(0.8) ? short : c.dept;
}

function personName(rng: Rng): string {
  const pool = rng.chance(0.55) ? GIVEN_MALE : GIVEN_FEMALE;
  const first = rng.pick(pool);
  if (rng.chance(0.15)) return `${rng.weighted(SURNAMES)}${first}`;
  let second = rng.pick(pool);
  while (second === first) second = rng.pick(pool);
  return `${rng.weighted(SURNAMES)}${first}${second}`;
}

function mobile(rng: Rng): string {
  return `${rng.pick(MOBILE_PREFIXES)}${String(rng.int(0, 99_999_999)).padStart(8, '0')}`;
}

/** 缙云 landlines: area code 0578, seven-digit local numbers starting with 3. */
function landline(rng: Rng): string {
  return `0578-3${String(rng.int(0, 999_999)).padStart(6, '0')}`;
}

/** An 18-digit 身份证号 of someone `age` years old, with a valid check digit. */
function idNumber(rng: Rng, at: number, age: number): string {
  const birthday = new Date(at + CHINA_OFFSET_MS - rng.int(1, 360) * DAY);
  birthday.setUTCFullYear(birthday.getUTCFullYear() - age);
  const y = birthday.getUTCFullYear();
  // 332526 was 缙云's code before 2000; older people often still carry it.
  const region = y < 1995 && rng.chance(0.5) ? '332526' : '331122';
  const body = `${region}${y}${pad2(birthday.getUTCMonth() + 1)}${pad2(birthday.getUTCDate())}${String(rng.int(0, 999)).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((acc, d, i) => acc + Number(d) * weights[i]!, 0);
  return `${body}${'10X98765432'[sum % 11]}`;
}

// ---------------------------------------------------------------------------------------
// China-time formatting

interface ChinaParts { year: number; month: number; day: number; hour: number; minute: number; second: number }

function chinaParts(ms: number): ChinaParts {
  const d = new Date(ms + CHINA_OFFSET_MS);
  return {
    year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(),
    hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds(),
  };
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** "YYYY-MM-DD HH:mm:ss" in China time, no offset written (as hotline systems do). */
function chinaTime(ms: number): string {
  const p = chinaParts(ms);
  return `${p.year}-${pad2(p.month)}-${pad2(p.day)} ${pad2(p.hour)}:${pad2(p.minute)}:${pad2(p.second)}`;
}

function chinaDate8(ms: number): string {
  const p = chinaParts(ms);
  return `${p.year}${pad2(p.month)}${pad2(p.day)}`;
}

function monthDay(ms: number): string {
  const p = chinaParts(ms);
  return `${p.month}月${p.day}日`;
}

// ---------------------------------------------------------------------------------------
// Building tickets

interface Caller { name: string; phone: string }

interface Ticket {
  at: number;
  /** Written instead of the formatted time: the deliberately unparseable row. */
  rawTime?: string;
  row: Omit<DemoRow, '工单编号' | '来电时间'>;
}

const SOURCES: Weighted<Source> = [['电话', 55], ['微信', 14], ['网站', 9], ['浙里办', 16], ['市长信箱', 6]];
const SATISFACTION: Weighted<string> = [['满意', 55], ['基本满意', 30], ['不满意', 15]];

/** Calls follow office hours: busy mornings and afternoons, a trickle at night. */
const HOUR_WEIGHT = [
  0.05, 0.03, 0.02, 0.02, 0.03, 0.08, 0.25, 0.55, 0.9, 1, 1, 0.85,
  0.55, 0.65, 0.9, 1, 0.95, 0.8, 0.6, 0.55, 0.5, 0.4, 0.25, 0.1,
];

function newCaller(rng: Rng): Caller {
  return { name: personName(rng), phone: rng.chance(0.87) ? mobile(rng) : landline(rng) };
}

function callTime(rng: Rng, now: number): number {
  for (;;) {
    const at = now - Math.floor(rng.next() * 72 * HOUR);
    if (rng.next() < HOUR_WEIGHT[chinaParts(at).hour]!) return at;
  }
}

/** Older tickets are further along; a closed ticket's 办结时间 never passes `now`. */
function settle(rng: Rng, at: number, now: number, type: AppealType): { status: Status; closedAt?: number } {
  const age = now - at;
  let status: Status;
  if (age < 2 * HOUR) status = rng.chance(0.8) ? '已受理' : '办理中';
  else if (age < 12 * HOUR) status = rng.weighted<Status>([['已受理', 3], ['办理中', 5], ['已办结', 2]]);
  else if (age < 36 * HOUR) status = rng.weighted<Status>([['办理中', 3], ['已办结', 4], ['已回访', 3]]);
  else status = rng.weighted<Status>([['办理中', 1.5], ['已办结', 3.5], ['已回访', 5]]);
  // Thanks and simple questions are answered on the spot.
  if ((type === '感谢' || type === '咨询') && age > HOUR && (status === '已受理' || status === '办理中')) status = '已办结';
  if (status === '已受理' || status === '办理中') return { status };
  const earliest = at + 20 * 60_000;
  const latest = Math.min(now - 5 * 60_000, at + 48 * HOUR);
  return { status, closedAt: earliest + Math.floor(rng.next() * Math.max(0, latest - earliest)) };
}

function composeContent(rng: Rng, source: Source, body: string, ask: string): string {
  switch (source) {
    case '电话':
      return `来电人反映：${body}来电人诉求：${ask}`;
    case '市长信箱':
      return `尊敬的县领导：\n您好！${body}\n${ask}`;
    default:
      return `${body}${rng.chance(0.3) ? '\n' : ''}${ask}`;
  }
}

/**
 * Callers dictate numbers that end up verbatim in the text: a call-back number now and then,
 * and for wage and social-insurance matters their 身份证号. The collector must mask both.
 */
function withDictatedNumbers(rng: Rng, source: Source, content: string, at: number, labour: boolean): string {
  const phone = source === '电话';
  let out = content;
  const hasId = /\d{17}[\dX]/.test(out);
  if (labour && !hasId && rng.chance(0.12)) {
    const id = idNumber(rng, at, rng.int(20, 60));
    out += phone ? `来电人身份证号${id}。` : `\n身份证号：${id}`;
  }
  if (rng.chance(0.15)) out += phone ? `来电人另留联系电话${mobile(rng)}。` : `\n联系电话：${mobile(rng)}`;
  return out;
}

function pickTown(rng: Rng, gaz: Gazetteer, allowed?: readonly string[]): string {
  const names = gaz.townships.map((t) => t.name).filter((n) => !allowed || allowed.includes(n));
  return rng.weighted(names.map((n) => [n, TOWN_WEIGHT[n] ?? 2] as const));
}

interface TicketSpec {
  scenario: Scenario;
  at: number;
  caller: Caller;
  /** Slot values fixed in advance, e.g. a repeat caller's estate. */
  preset?: Record<string, string>;
  repeat?: boolean;
}

function scenarioTicket(rng: Rng, gaz: Gazetteer, now: number, spec: TicketSpec): Ticket {
  const { scenario: s, at } = spec;
  const town = spec.preset?.['town'] ?? pickTown(rng, gaz, s.towns);
  const filler = new Filler({ rng, gaz, dept: s.dept, town, at }, spec.preset);
  const type = rng.weighted(s.types);
  const source = rng.weighted(SOURCES);
  const story = rng.int(0, s.bodies.length - 1);
  let title = filler.fill(s.titles[story % s.titles.length]!);
  let body = filler.fill(s.bodies[story]!);
  if (spec.repeat) {
    title = `再次反映：${title}`;
    body = `之前已经反映过，问题一直没有解决。${body}`;
  }
  const content = withDictatedNumbers(
    rng, source, composeContent(rng, source, body, filler.fill(s.asks[story % s.asks.length]!)), at, s.level1 === '劳动和社会保障',
  );
  const { status, closedAt } = settle(rng, at, now, type);
  filler.setClosedAt(closedAt);
  return {
    at,
    row: {
      诉求类型: type, 诉求来源: source, 诉求标题: title, 诉求内容: content, 所属区域: town,
      一级分类: s.level1, 二级分类: s.level2, 承办单位: s.dept, 办理状态: status,
      办结时间: closedAt === undefined ? '' : chinaTime(closedAt),
      回复内容: closedAt === undefined ? '' : filler.fill(rng.pick(s.replies)),
      满意度: status === '已回访' ? rng.weighted(SATISFACTION) : '',
      来电人: spec.caller.name, 来电号码: spec.caller.phone,
    },
  };
}

const WAGE = SCENARIOS.find((s) => s.key === 'wage-site')!;

function burstTicket(rng: Rng, gaz: Gazetteer, at: number, caller: Caller, template: { title: string; body: string }): Ticket {
  // One event, told by different workers: the figures they quote differ a little.
  const preset = {
    town: DEMO_BURST.town, site: DEMO_BURST.site, contractor: DEMO_BURST.contractor,
    months: String(rng.int(4, 6)), workers: String(rng.int(3, 5) * 10),
  };
  const filler = new Filler({ rng, gaz, dept: RENSHE, town: DEMO_BURST.town, at }, preset);
  const source = rng.weighted<Source>([['电话', 12], ['微信', 4], ['浙里办', 2]]);
  const body = filler.fill(template.body);
  const title = filler.fill(template.title);
  // Too fresh to be closed: the burst is what staff must act on now.
  const status: Status = rng.chance(0.75) ? '已受理' : '办理中';
  return {
    at,
    row: {
      诉求类型: rng.chance(0.8) ? '投诉' : '求助', 诉求来源: source, 诉求标题: title,
      诉求内容: withDictatedNumbers(rng, source, composeContent(rng, source, body, filler.fill(rng.pick(BURST_ASKS))), at, true),
      所属区域: DEMO_BURST.town, 一级分类: WAGE.level1, 二级分类: WAGE.level2, 承办单位: WAGE.dept,
      办理状态: status, 办结时间: '', 回复内容: '', 满意度: '', 来电人: caller.name, 来电号码: caller.phone,
    },
  };
}

/** ~15% of the export: distinct callers, two of whom call again a little later. */
function burstTickets(rng: Rng, gaz: Gazetteer, now: number, count: number): Ticket[] {
  const times = Array.from({ length: count }, () => {
    // Density grows towards `now`, as a burst does; stay inside the window with a margin.
    const back = DEMO_BURST.windowMs * (1 - Math.sqrt(rng.next()));
    return now - Math.min(DEMO_BURST.windowMs - 5 * 60_000, Math.max(2 * 60_000, Math.floor(back)));
  }).sort((a, b) => a - b);
  const repeats = count >= 6 ? 2 : 0;
  const callers = Array.from({ length: count - repeats }, () => newCaller(rng));
  // Shuffled and cycled, so no two callers tell the same story until every one is used.
  const titles = rng.shuffle(BURST_TITLES);
  const bodies = rng.shuffle(BURST_BODIES);
  return times.map((at, i) => {
    const first = count - repeats;
    if (i < first) return burstTicket(rng, gaz, at, callers[i]!, { title: titles[i % titles.length]!, body: bodies[i % bodies.length]! });
    // A repeat call comes from one of the earliest callers, after their first ticket.
    const body = BURST_REPEAT_BODIES[(i - first) % BURST_REPEAT_BODIES.length]!;
    return burstTicket(rng, gaz, at, callers[i - first]!, { title: BURST_REPEAT_TITLE, body });
  });
}

function backgroundTickets(rng: Rng, gaz: Gazetteer, now: number, count: number): Ticket[] {
  const specs: TicketSpec[] = [];
  // Every scenario once, so a default export always covers every topic.
  for (const scenario of rng.shuffle(SCENARIOS).slice(0, count)) {
    specs.push({ scenario, at: callTime(rng, now), caller: newCaller(rng) });
  }
  // A few repeat callers: same phone, same problem, 3–4 tickets each.
  const repeatCallers = Math.min(3, Math.floor((count - specs.length) / 8));
  for (let i = 0; i < repeatCallers; i++) {
    const scenario = SCENARIOS.find((s) => s.key === REPEATABLE[i % REPEATABLE.length])!;
    const caller = newCaller(rng);
    const town = pickTown(rng, gaz, scenario.towns);
    const preset = { town, place: placeIn(rng, gaz, town), estate: rng.pick(ESTATES), company: companyName(rng) };
    const times = Array.from({ length: rng.int(3, 4) }, () => callTime(rng, now)).sort((a, b) => a - b);
    times.forEach((at, k) => specs.push({ scenario, at, caller, preset, repeat: k > 0 }));
  }
  const weights = SCENARIOS.map((s) => [s, s.weight] as const);
  while (specs.length < count) specs.push({ scenario: rng.weighted(weights), at: callTime(rng, now), caller: newCaller(rng) });
  return specs.slice(0, count).map((spec) => scenarioTicket(rng, gaz, now, spec));
}

/** Two rows the collector must dead-letter: an impossible 来电时间 and an empty 诉求内容. */
function malformedTickets(rng: Rng, gaz: Gazetteer, now: number, times: readonly number[]): Ticket[] {
  const out: Ticket[] = [];
  for (const [i, at] of times.entries()) {
    const scenario = rng.weighted(SCENARIOS.map((s) => [s, s.weight] as const));
    const t = scenarioTicket(rng, gaz, now, { scenario, at, caller: newCaller(rng) });
    if (i === 0) out.push({ ...t, rawTime: `${chinaParts(now).year}-13-45 25:61` });
    else out.push({ ...t, row: { ...t.row, 诉求内容: '' } });
  }
  return out;
}

/** JY + date + a daily sequence with gaps (the export is a filtered view of all tickets). */
function assignIds(rng: Rng, tickets: Ticket[]): DemoRow[] {
  const seq = new Map<string, number>();
  return tickets.map((t) => {
    const day = chinaDate8(t.at);
    const n = (seq.get(day) ?? rng.int(0, 30)) + rng.int(1, 9);
    seq.set(day, n);
    return { 工单编号: `JY${day}${String(n).padStart(6, '0')}`, 来电时间: t.rawTime ?? chinaTime(t.at), ...t.row };
  });
}

/**
 * Generates the demo export. Deterministic in (now, seed, rows): the same options give the
 * same bytes.
 */
export function generateDemoExport(opts: DemoExportOptions): DemoExport {
  const rows = opts.rows ?? DEFAULT_DEMO_ROWS;
  if (!Number.isInteger(rows) || rows < 0) throw new Error(`rows must be a non-negative integer, got ${rows}`);
  const rng = new Rng(opts.seed ?? DEFAULT_DEMO_SEED);
  const gaz = gazetteer();
  const now = Math.floor(opts.now / 1000) * 1000;

  const malformedCount = Math.min(2, rows);
  const burstCount = Math.min(rows - malformedCount, Math.round(rows * 0.15));
  const ordinary = [
    ...backgroundTickets(rng, gaz, now, rows - malformedCount - burstCount),
    ...burstTickets(rng, gaz, now, burstCount),
  ].sort((a, b) => a.at - b.at);
  // The malformed rows sit near the end, between two of the newest tickets.
  const cut = ordinary.length - Math.min(3, ordinary.length);
  const before = ordinary[cut - 1]?.at ?? now - HOUR;
  const after = ordinary[cut]?.at ?? now;
  const badTimes = Array.from({ length: malformedCount }, (_, i) => before + Math.floor(((after - before) * (i + 1)) / (malformedCount + 1)));
  const tickets = [...ordinary.slice(0, cut), ...malformedTickets(rng, gaz, now, badTimes), ...ordinary.slice(cut)];

  const demoRows = assignIds(rng, tickets);
  const stamp = chinaParts(now);
  return {
    fileName: `12345工单导出_${stamp.year}${pad2(stamp.month)}${pad2(stamp.day)}${pad2(stamp.hour)}${pad2(stamp.minute)}.csv`,
    rows: demoRows,
    csv: encodeHotlineCsv(DEMO_COLUMNS, demoRows.map((r) => DEMO_COLUMNS.map((c) => r[c]))),
  };
}
