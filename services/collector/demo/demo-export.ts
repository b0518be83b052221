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
import { Gazetteer } from '../../../shared/domain/gazetteer.ts';
import { readJson } from '../../../shared/read-json.ts';
import { Rng } from './demo-random.ts';
import { BURST_ASKS, BURST_BODIES, BURST_REPEAT_BODIES, BURST_REPEAT_TITLE, BURST_TITLES, REPEATABLE, SCENARIOS } from './demo-scenarios.ts';
import { ESTATES, Filler, chinaDate8, chinaParts, chinaTime, companyName, idNumber, landline, mobile, pad2, personName, placeIn } from './demo-slots.ts';
import { RENSHE, type AppealType, type Scenario, type Source, type Status, type Weighted } from './demo-vocabulary.ts';
import { encodeHotlineCsv } from './hotline-csv.ts';

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

// ---------------------------------------------------------------------------------------
// Gazetteer (only the parts the generator needs)

let gazetteerCache: Gazetteer | undefined;
function gazetteer(): Gazetteer {
  gazetteerCache ??= readJson(fileURLToPath(new URL('../../../config/gazetteer.json', import.meta.url)), Gazetteer);
  return gazetteerCache;
}

/** Where calls come from: the county seat and the industrial town call most. */
const TOWN_WEIGHT: Record<string, number> = {
  五云街道: 16, 新碧街道: 10, 壶镇镇: 14, 仙都街道: 6, 新建镇: 7, 东渡镇: 5, 舒洪镇: 5,
  大洋镇: 4, 东方镇: 4, 大源镇: 3, 七里乡: 3, 胡源乡: 3,
};

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
