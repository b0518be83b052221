/**
 * The {slot} values of the demo export's templates (demo-scenarios.ts) and the fictional
 * people, numbers and China-time strings of its tickets. Everything is fictional except place
 * names, which come from the gazetteer.
 */
import type { Gazetteer } from '../../../shared/domain/gazetteer.ts';
import { CHINA_OFFSET_MS } from '../../../shared/domain/time.ts';
import type { Rng } from './demo-random.ts';
import { BURST_ASKS, BURST_BODIES, BURST_REPEAT_BODIES, BURST_REPEAT_TITLE, BURST_TITLES, SCENARIOS } from './demo-scenarios.ts';
import type { Weighted } from './demo-vocabulary.ts';

const DAY = 24 * 3600_000;

/** Generic spots for townships whose villages the gazetteer does not list. */
const SPOTS = ['老街', '菜市场', '卫生院', '中心小学', '工业园区', '汽车站'];


const SURNAMES: Weighted<string> = [
  ['李', 6], ['王', 5], ['陈', 6], ['吴', 4], ['朱', 4], ['应', 3], ['楼', 3], ['樊', 2], ['赵', 3], ['周', 4],
  ['胡', 3], ['丁', 2], ['杜', 2], ['潘', 3], ['郑', 3], ['徐', 3], ['金', 3], ['施', 2], ['虞', 2], ['卢', 2],
  ['何', 2], ['张', 4], ['刘', 3], ['杨', 3], ['黄', 3], ['林', 2], ['蒋', 2], ['叶', 2], ['詹', 1], ['欧阳', 0.3],
];
const GIVEN_MALE = [...'建国伟军强明华志文海俊杰勇斌良林峰平荣福根新永春德宏涛'];
const GIVEN_FEMALE = [...'丽芳燕红英霞萍琴美秀玲娟婷敏慧素雅月仙菊晓'];
export const ESTATES = ['云溪花苑', '锦程华庭', '好溪名邸', '仙都华府', '丽景园', '溪畔春晓', '金域名苑', '翠湖佳苑'];
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
export class Filler {
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

export function companyName(rng: Rng): string {
  return `缙云县${rng.pick(COMPANY_PREFIX)}${rng.pick(INDUSTRIES)}有限公司`;
}

/** A real village of the township when the gazetteer knows one, else a generic spot. */
export function placeIn(rng: Rng, gaz: Gazetteer, town: string): string {
  const villages = gaz.townships.find((t) => t.name === town)?.villages ?? [];
  return villages.length > 0 && rng.chance(0.7) ? `${town}${rng.pick(villages)}` : `${town}${rng.pick(SPOTS)}`;
}

function shortDeptName(c: Context): string {
  const dept = c.gaz.departments.find((d) => d.name === c.dept);
  // Callers mostly say the short 县X局 form; the analyzer must resolve it to the full name.
  const short = dept?.aliases.find((a) => a.startsWith('县')) ?? c.dept;
  return c.rng.chance(0.8) ? short : c.dept;
}

export function personName(rng: Rng): string {
  const pool = rng.chance(0.55) ? GIVEN_MALE : GIVEN_FEMALE;
  const first = rng.pick(pool);
  if (rng.chance(0.15)) return `${rng.weighted(SURNAMES)}${first}`;
  let second = rng.pick(pool);
  while (second === first) second = rng.pick(pool);
  return `${rng.weighted(SURNAMES)}${first}${second}`;
}

export function mobile(rng: Rng): string {
  return `${rng.pick(MOBILE_PREFIXES)}${String(rng.int(0, 99_999_999)).padStart(8, '0')}`;
}

/** 缙云 landlines: area code 0578, seven-digit local numbers starting with 3. */
export function landline(rng: Rng): string {
  return `0578-3${String(rng.int(0, 999_999)).padStart(6, '0')}`;
}

/** An 18-digit 身份证号 of someone `age` years old, with a valid check digit. */
export function idNumber(rng: Rng, at: number, age: number): string {
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

export function chinaParts(ms: number): ChinaParts {
  const d = new Date(ms + CHINA_OFFSET_MS);
  return {
    year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(),
    hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds(),
  };
}

export function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** "YYYY-MM-DD HH:mm:ss" in China time, no offset written (as hotline systems do). */
export function chinaTime(ms: number): string {
  const p = chinaParts(ms);
  return `${p.year}-${pad2(p.month)}-${pad2(p.day)} ${pad2(p.hour)}:${pad2(p.minute)}:${pad2(p.second)}`;
}

export function chinaDate8(ms: number): string {
  const p = chinaParts(ms);
  return `${p.year}${pad2(p.month)}${pad2(p.day)}`;
}

function monthDay(ms: number): string {
  const p = chinaParts(ms);
  return `${p.month}月${p.day}日`;
}

