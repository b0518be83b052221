import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startResponderFixture, type ResponderFixture } from './responder-fixture.ts';
import { HOUSING, LABOUR, NOW, writeScenario } from './supervision-scenario.ts';

async function readXlsx(res: Response): Promise<{ sheet: ExcelJS.Worksheet; rows: string[][] }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(await res.arrayBuffer());
  const sheet = wb.worksheets[0]!;
  const rows: string[][] = [];
  sheet.eachRow((row) => rows.push((row.values as ExcelJS.CellValue[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v)))));
  return { sheet, rows };
}

function readCsv(bytes: Buffer): string[][] {
  return parse(bytes, { bom: true }) as string[][];
}

describe('exports: cases, commitments and the audit chain as XLSX and CSV, with the lists\' filters', () => {
  let fixture: ResponderFixture;

  beforeAll(async () => {
    fixture = await startResponderFixture();
    fixture.clock.now = NOW;
    await writeScenario(fixture.ledger);
    // A title that Excel would run as a formula, with a comma, a quote and a line break.
    await fixture.ledger.append({
      at: '2026-11-23T10:00:00+08:00',
      actor: { id: 'u-monitor', role: 'monitor' },
      action: 'case.opened',
      subject: 'case:c-f',
      payload: { id: 'c-f', title: '=HYPERLINK("http://x","点我"),\n第二行', kind: 'public-opinion', lead: HOUSING, coResponsible: [LABOUR], level: '一般', deadlines: [] },
    });
    await fixture.ledger.append({
      at: '2026-11-23T11:00:00+08:00',
      actor: { id: 'u-monitor', role: 'monitor' },
      action: 'commitment.added',
      subject: 'commitment:kf1',
      payload: { id: 'kf1', caseId: 'c-f', text: '月底前完成整改', owner: HOUSING, dueAt: '2026-11-30T23:59:59+08:00' },
    });
  });
  afterAll(async () => {
    await fixture?.stop();
  });

  it('exports filtered commitments as XLSX with Chinese headers, column widths, China-time dates and a Chinese file name', async () => {
    const supervisor = await fixture.loginAs('supervisor');
    const res = await supervisor.request('GET', '/exports/commitments.xlsx?state=overdue');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const disposition = res.headers.get('content-disposition')!;
    expect(disposition).toContain('filename="commitments-20261124.xlsx"');
    expect(disposition).toContain(`filename*=UTF-8''${encodeURIComponent('承诺事项台账-20261124.xlsx')}`);

    const { sheet, rows } = await readXlsx(res);
    expect(sheet.name).toBe('承诺事项');
    expect(rows[0]).toEqual(['承诺编号', '事项编号', '事项标题', '承诺内容', '责任单位', '到期时间', '状态', '逾期天数', '预警', '首次履行时间', '原因']);
    expect(sheet.getColumn(4).width).toBe(48);
    expect(rows.slice(1).map((r) => [r[0], r[4], r[5], r[6], r[7], r[8]])).toEqual([
      ['k3', HOUSING, '2026-11-10 09:00:00', '已逾期', '14', '红'],
      ['k4', LABOUR, '2026-11-20 09:00:00', '已逾期', '4', '黄'],
      ['k5', LABOUR, '2026-11-23 20:00:00', '已逾期', '0', '蓝'],
    ]);
  });

  it('exports cases as CSV with a UTF-8 BOM that round-trips, formula-like text neutralized', async () => {
    const monitor = await fixture.loginAs('monitor');
    const res = await monitor.request('GET', `/exports/cases.csv?department=${encodeURIComponent(HOUSING)}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = readCsv(bytes);
    expect(rows[0]).toEqual(['事项编号', '标题', '级别', '状态', '牵头单位', '责任单位', '立案时间', '回应时限', '首次发布时间', '回应情况', '超时（小时）']);
    const byId = new Map(rows.slice(1).map((r) => [r[0], r]));
    expect([...byId.keys()].sort()).toEqual(['c-a', 'c-b', 'c-f']);
    expect(byId.get('c-a')!.slice(6)).toEqual(['2026-11-20 10:00:00', '2026-11-20 15:00:00', '2026-11-20 14:00:00', '按时回应', '']);
    expect(byId.get('c-b')!.slice(9)).toEqual(['逾期回应', '3']);
    expect(byId.get('c-f')!.slice(1, 8)).toEqual(["'=HYPERLINK(\"http://x\",\"点我\"),\n第二行", '一般', '办理中', HOUSING, LABOUR, '2026-11-23 10:00:00', '时限未知']);
  });

  it('filters cases by status, level and kind in the XLSX', async () => {
    const admin = await fixture.loginAs('admin');
    const { rows } = await readXlsx(await admin.request('GET', `/exports/cases.xlsx?status=open&level=${encodeURIComponent('一般')}`));
    expect(rows.slice(1).map((r) => r[0])).toEqual(['c-f']);
    const hotline = await readXlsx(await admin.request('GET', '/exports/cases.xlsx?kind=hotline'));
    expect(hotline.rows.slice(1).map((r) => r[0])).toEqual(['c-d']);
  });

  it('gives a department user what its lists show: its own and its cases\' rows, never another department\'s cases or the audit chain', async () => {
    const labour = await fixture.loginAs('department', { department: LABOUR });
    const cases = readCsv(Buffer.from(await (await labour.request('GET', '/exports/cases.csv')).arrayBuffer()));
    // c-f is led by 住建 with 人社 co-responsible: it is 人社's case too.
    expect(cases.slice(1).map((r) => r[0]).sort()).toEqual(['c-c', 'c-d', 'c-e', 'c-f']);
    // Its own commitments, and kf1 (住建's) of the shared case c-f; none of 住建's own cases.
    const commitments = readCsv(Buffer.from(await (await labour.request('GET', '/exports/commitments.csv')).arrayBuffer()));
    expect(commitments.slice(1).map((r) => r[0])).toEqual(['k4', 'k7', 'k8', 'k5', 'k6', 'kf1', 'k9']);
    const housingOwned = readCsv(Buffer.from(await (await labour.request('GET', `/exports/commitments.csv?owner=${encodeURIComponent(HOUSING)}`)).arrayBuffer()));
    expect(housingOwned.slice(1).map((r) => r[0])).toEqual(['kf1']);

    expect((await labour.request('GET', `/exports/cases.xlsx?department=${encodeURIComponent(HOUSING)}`)).status).toBe(403);
    expect((await labour.request('GET', '/exports/audit.csv')).status).toBe(403);
  });

  it('exports the audit chain filtered by action, as sentences without codes', async () => {
    const supervisor = await fixture.loginAs('supervisor');
    const res = await supervisor.request('GET', '/exports/audit.csv?action=commitment.broken');
    expect(res.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent('审计记录-20261124.csv')}`);
    const rows = readCsv(Buffer.from(await res.arrayBuffer()));
    expect(rows[0]).toEqual(['序号', '时间', '操作人', '角色', '单位', '操作', '对象', '内容', '哈希']);
    expect(rows).toHaveLength(2);
    // The scenario's supervisor acts under an id no account has: the id stays, marked unknown.
    expect(rows[1]!.slice(1, 8)).toEqual(['2026-11-22 10:00:00', '未知用户（u-supervisor）', '督查', '', '认定未兑现', '承诺 k7', '认定承诺未兑现：未按期落实']);
    const [entry] = await fixture.ledger.entries({ afterSeq: Number(rows[1]![0]) - 1, limit: 1 });
    expect(rows[1]![8]).toBe(entry!.hash);

    const xlsx = await readXlsx(await supervisor.request('GET', '/exports/audit.xlsx?subject=case:c-f'));
    expect(xlsx.rows.slice(1).map((r) => r[5])).toEqual(['立案']);
    expect(xlsx.rows[1]![7]).toContain('立案「=HYPERLINK("http://x","点我"),\n第二行」');
  });

  it('refuses bad filters with a 400', async () => {
    const supervisor = await fixture.loginAs('supervisor');
    for (const path of ['/exports/commitments.csv?state=late', '/exports/cases.xlsx?level=huge', '/exports/audit.csv?from=yesterday', '/exports/cases.csv?status=gone']) {
      const res = await supervisor.request('GET', path);
      expect(res.status, path).toBe(400);
    }
  });
});
