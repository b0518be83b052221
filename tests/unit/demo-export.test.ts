import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { DEMO_BURST, generateDemoExport, type DemoRow } from '../../services/collector/demo/demo-export.ts';

/** A fixed clock: 2026-11-20 10:30:00 China time. */
const NOW = Date.UTC(2026, 10, 20, 2, 30, 0);
const HOUR = 3600_000;

const HEADER = '工单编号,来电时间,诉求类型,诉求来源,诉求标题,诉求内容,所属区域,一级分类,二级分类,承办单位,办理状态,办结时间,回复内容,满意度,来电人,来电号码'.split(',');

/** Reads the bytes the way the collector must: GB18030, CRLF between records. */
function decode(csv: Buffer): { header: string[]; rows: DemoRow[] } {
  const text = iconv.decode(csv, 'gb18030');
  const records: string[][] = parse(text, { record_delimiter: '\r\n' });
  const rows: DemoRow[] = parse(text, { columns: true, record_delimiter: '\r\n' });
  return { header: records[0] ?? [], rows };
}

/** Strict "YYYY-MM-DD HH:mm:ss" in China time; null when malformed or impossible. */
function parseChinaTime(text: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(text);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const utc = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  const exact = utc.getUTCMonth() === mo - 1 && utc.getUTCDate() === d && utc.getUTCHours() === h && utc.getUTCMinutes() === mi;
  return exact ? utc.getTime() - 8 * HOUR : null;
}

const text = (r: DemoRow): string => `${r.诉求标题}${r.诉求内容}`;

/** The topics the 政务公开 plans ask us to watch, as a reader of the export would spot them. */
const CHANNELS: Record<string, (r: DemoRow) => boolean> = {
  工资拖欠: (r) => r.二级分类 === '工资福利' && /工资|欠薪/.test(text(r)),
  物业费: (r) => r.二级分类 === '物业管理' && text(r).includes('物业费'),
  电梯故障: (r) => r.二级分类 === '物业管理' && text(r).includes('电梯'),
  延期交房: (r) => r.二级分类 === '房地产开发' && text(r).includes('交房'),
  工厂废气: (r) => r.二级分类 === '大气污染',
  噪音: (r) => r.二级分类 === '噪声污染',
  河道污染: (r) => r.二级分类 === '水污染' && /溪/.test(text(r)),
  过期食品: (r) => r.二级分类 === '食品安全' && text(r).includes('过期'),
  餐馆卫生: (r) => r.二级分类 === '食品安全' && /后厨|厨师|卫生条件|腹泻/.test(text(r)),
  学区入学: (r) => r.二级分类 === '招生入学',
  校车: (r) => r.二级分类 === '校车安全' && text(r).includes('校车'),
  医保报销: (r) => r.二级分类 === '医疗保险' && /医保|报销/.test(text(r)),
  公交: (r) => r.二级分类 === '公交管理' && text(r).includes('公交'),
  道路破损: (r) => r.二级分类 === '道路维护',
  养老: (r) => /养老/.test(text(r)),
  违章建筑: (r) => r.二级分类 === '违章建筑',
  价格欺诈: (r) => r.二级分类 === '价格监管',
};

const MOBILE = /^1[3-9]\d{9}$/;
const LANDLINE = /^0578-\d{7}$/;

describe('demo 12345 export', () => {
  const demo = generateDemoExport({ now: NOW });
  const { header, rows } = decode(demo.csv);

  it('decodes from GB18030 and parses into the requested number of rows under the exact header', () => {
    expect(header).toEqual(HEADER);
    expect(rows).toHaveLength(120);
    expect(decode(generateDemoExport({ now: NOW, rows: 37 }).csv).rows).toHaveLength(37);
    // Really GB18030: read as UTF-8 the header is garbage.
    expect(demo.csv.toString('utf8')).not.toContain('工单编号');
    expect(iconv.decode(demo.csv, 'gb18030').endsWith('\r\n')).toBe(true);
    expect(rows).toEqual(demo.rows);
  });

  it('names the file after the export time in China time', () => {
    expect(demo.fileName).toBe('12345工单导出_202611201030.csv');
  });

  it('gives identical bytes for the same seed and different bytes for another seed', () => {
    expect(generateDemoExport({ now: NOW, seed: 7 }).csv.equals(generateDemoExport({ now: NOW, seed: 7 }).csv)).toBe(true);
    expect(generateDemoExport({ now: NOW, seed: 7 }).csv.equals(generateDemoExport({ now: NOW, seed: 8 }).csv)).toBe(false);
  });

  it.each([12345, 1, 2024])('covers every watched topic and some thanks with seed %i', (seed) => {
    const r = decode(generateDemoExport({ now: NOW, seed }).csv).rows;
    const missing = Object.entries(CHANNELS).filter(([, seen]) => !r.some(seen)).map(([topic]) => topic);
    expect(missing).toEqual([]);
    expect(r.filter((x) => x.诉求类型 === '感谢').length).toBeGreaterThanOrEqual(2);
  });

  it('contains a burst of at least 15 wage-arrears tickets in 壶镇镇 within the last 3 hours, with risk signals', () => {
    const burst = rows.filter((r) => {
      const at = parseChinaTime(r.来电时间);
      return at !== null && at >= NOW - 3 * HOUR && at <= NOW && r.二级分类 === '工资福利' && r.所属区域 === '壶镇镇';
    });
    expect(burst.length).toBeGreaterThanOrEqual(15);
    expect(burst.filter((r) => text(r).includes(DEMO_BURST.site) || text(r).includes('安置小区二期')).length).toBeGreaterThanOrEqual(15);
    for (const signal of [/聚集/, /横幅/, /上访/, /媒体|记者/]) expect(burst.some((r) => signal.test(r.诉求内容))).toBe(true);
    const phones = burst.map((r) => r.来电号码);
    expect(new Set(phones).size).toBeGreaterThanOrEqual(12);
    expect(new Set(phones).size).toBeLessThan(phones.length);
  });

  it('gives every ticket a caller phone for the collector to mask, with some callers calling 3–4 times', () => {
    for (const r of rows) {
      expect(r.来电号码).toMatch(new RegExp(`${MOBILE.source}|${LANDLINE.source}`));
      expect(r.来电人).toMatch(/^\p{Script=Han}{2,4}$/u);
    }
    expect(rows.some((r) => LANDLINE.test(r.来电号码))).toBe(true);
    const perPhone = new Map<string, number>();
    for (const r of rows) perPhone.set(r.来电号码, (perPhone.get(r.来电号码) ?? 0) + 1);
    expect([...perPhone.values()].some((n) => n >= 3 && n <= 4)).toBe(true);
  });

  it('has phone and ID numbers dictated inside some texts, and department aliases', () => {
    expect(rows.some((r) => /(?<!\d)1[3-9]\d{9}(?!\d)/.test(r.诉求内容))).toBe(true);
    expect(rows.some((r) => /(?<!\d)\d{17}[\dX](?!\d)/.test(r.诉求内容))).toBe(true);
    expect(rows.some((r) => r.诉求内容.includes('县人社局'))).toBe(true);
  });

  it('parses every time but the one deliberate bad one, inside the 72 hours before the export', () => {
    const bad = rows.filter((r) => parseChinaTime(r.来电时间) === null);
    expect(bad).toHaveLength(1);
    expect(rows.indexOf(bad[0]!)).toBeGreaterThanOrEqual(rows.length - 6);
    for (const r of rows) {
      const at = parseChinaTime(r.来电时间);
      if (at === null) continue;
      expect(at).toBeGreaterThanOrEqual(NOW - 72 * HOUR);
      expect(at).toBeLessThanOrEqual(NOW);
      if (r.办结时间 === '') continue;
      const closed = parseChinaTime(r.办结时间);
      expect(closed).not.toBeNull();
      expect(closed!).toBeGreaterThan(at);
      expect(closed!).toBeLessThanOrEqual(NOW);
    }
  });

  it('has exactly one row with an empty 诉求内容, near the end', () => {
    const empty = rows.filter((r) => r.诉求内容.trim() === '');
    expect(empty).toHaveLength(1);
    expect(rows.indexOf(empty[0]!)).toBeGreaterThanOrEqual(rows.length - 6);
  });

  it('gives closed tickets a reply and a close time, and only visited ones a satisfaction rating', () => {
    for (const r of rows) {
      const closed = r.办理状态 === '已办结' || r.办理状态 === '已回访';
      expect(['已受理', '办理中', '已办结', '已回访']).toContain(r.办理状态);
      expect(r.回复内容 !== '').toBe(closed);
      expect(r.办结时间 !== '').toBe(closed);
      expect(r.满意度 !== '').toBe(r.办理状态 === '已回访');
      if (r.满意度 !== '') expect(['满意', '基本满意', '不满意']).toContain(r.满意度);
    }
    expect(new Set(rows.map((r) => r.办理状态)).size).toBe(4);
  });

  it('numbers tickets JY + call date + a six-digit sequence, unique across the export', () => {
    for (const r of rows) expect(r.工单编号).toMatch(/^JY\d{8}\d{6}$/);
    expect(new Set(rows.map((r) => r.工单编号)).size).toBe(rows.length);
    const good = rows.find((r) => parseChinaTime(r.来电时间) !== null)!;
    expect(good.工单编号.slice(2, 10)).toBe(good.来电时间.slice(0, 10).replaceAll('-', ''));
  });

  it('uses only townships and 承办单位 from the gazetteer, and the usual enumerations', () => {
    const gaz: { townships: { name: string }[]; departments: { name: string }[] } = JSON.parse(
      readFileSync(new URL('../../config/gazetteer.json', import.meta.url), 'utf8'),
    );
    const towns = new Set(gaz.townships.map((t) => t.name));
    const depts = new Set(gaz.departments.map((d) => d.name));
    for (const r of rows) {
      expect(towns.has(r.所属区域)).toBe(true);
      expect(depts.has(r.承办单位)).toBe(true);
      expect(['咨询', '求助', '建议', '投诉', '举报', '感谢']).toContain(r.诉求类型);
      expect(['电话', '微信', '网站', '浙里办', '市长信箱']).toContain(r.诉求来源);
    }
    const complaints = rows.filter((r) => r.诉求类型 === '投诉').length;
    for (const other of ['咨询', '求助', '建议', '举报', '感谢']) {
      expect(complaints).toBeGreaterThan(rows.filter((r) => r.诉求类型 === other).length);
    }
  });
});
