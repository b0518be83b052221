import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HotlineInbox } from '../../services/collector/hotline-inbox.ts';
import type { SourceContext } from '../../services/collector/source.ts';
import { hotlineExport, wageArrearsRows } from '../support/hotline-export.ts';
import { CollectorHarness, itPublishedNothingUnmasked } from './support/collector-harness.ts';

describe('12345 hotline inbox', () => {
  let h: CollectorHarness;
  let inbox: HotlineInbox;
  let ctx: SourceContext;

  beforeEach(async () => {
    h = await CollectorHarness.create();
    inbox = new HotlineInbox({ name: 'county-12345', inboxDir: join(h.dir, 'inbox'), archiveDir: join(h.dir, 'archive') });
    ctx = h.context(inbox);
  });

  afterEach(async () => {
    await h.close();
  });

  const drop = (name: string, bytes: Buffer) => {
    const path = join(h.dir, 'inbox', name);
    writeFileSync(path, bytes);
    return path;
  };
  const items = () => h.items();
  const deadLetters = () => h.deadLetters();

  it('publishes every good row and dead-letters each bad one with file, row number and reason', async () => {
    const rows = wageArrearsRows(3, '2026-11-24 09');
    rows.splice(1, 0, ['JY-SHORT', '2026-11-24 09:30']);
    rows.push(['JY-NOTEXT', '2026-11-24 09:40', '投诉', '电话', '标题', '', '壶镇镇', '', '', '', '张三', '13812345678']);
    drop('export.csv', hotlineExport(rows));
    const reports = await inbox.scan(ctx);
    expect(reports).toMatchObject([{ file: 'export.csv', format: 'csv', encoding: 'gb18030', rows: 5, published: 3, deadLettered: 2 }]);
    expect(items()).toHaveLength(3);
    expect(deadLetters().map((d) => d.reason)).toEqual([
      'export.csv 第 3 行：有 2 列，表头有 12 列',
      'export.csv 第 6 行：“诉求内容”为空',
    ]);
    expect(deadLetters()[1]!.context).toEqual({ file: 'export.csv', row: 6 });
    expect(deadLetters()[1]!.origin).toBe('collector/county-12345');
    // Even a dead letter carries no unmasked number.
    expect(deadLetters()[1]!.raw).not.toContain('13812345678');
    expect(existsSync(join(h.dir, 'inbox', 'export.csv'))).toBe(false);
    expect(existsSync(reports[0]!.archivedAs)).toBe(true);
    // Next to the archived file, what came of each row, for the staff who sent it.
    expect(readFileSync(`${reports[0]!.archivedAs}.rows.csv`, 'utf8').split('\r\n')).toEqual([
      '\ufeff行号,工单编号,结果,说明',
      '3,,死信,有 2 列，表头有 12 列',
      '6,JY-NOTEXT,死信,“诉求内容”为空',
      '2,JY202611200000,已发布（第1版）,',
      '4,JY202611200001,已发布（第1版）,',
      '5,JY202611200002,已发布（第1版）,',
      '',
    ]);
  });

  it('masks the caller: the number in the text, the name as family name plus stars, a keyed hash as author key', async () => {
    drop('export.csv', hotlineExport(wageArrearsRows(1, '2026-11-24 09')));
    await inbox.scan(ctx);
    const [item] = items();
    expect(item!.text).toContain('139****1100');
    expect(item!.author).toEqual({ key: expect.stringMatching(/^[0-9a-f]{32}$/), display: '王**' });
  });

  it('keeps the good rows of a truncated file and says where reading stopped', async () => {
    const full = hotlineExport(wageArrearsRows(4, '2026-11-24 09'), 'utf8-bom').toString('utf8');
    // Cut inside a quoted field: the parser meets an unclosed quote at the end of the file.
    const truncated = `${full}JY-CUT,2026-11-24 10:00,投诉,电话,"未完`;
    drop('cut.csv', Buffer.from(truncated, 'utf8'));
    const [report] = await inbox.scan(ctx);
    expect(report).toMatchObject({ encoding: 'utf8', published: 4, deadLettered: 1 });
    expect(report!.error).toMatch(/quote/i);
    expect(deadLetters()[0]!.reason).toMatch(/^cut\.csv 第 5 行：文件从此处起无法读取/);
  });

  it('reads columns under their other names (受理时间, 诉求编号, 问题描述) in a UTF-8 export', async () => {
    const header = ['诉求编号', '受理时间', '问题描述', '事发地点', '所属部门', '处理状态'];
    drop('other.csv', hotlineExport([['A-1', '2026/11/24 8:05', '小区电梯故障无人维修', '五云街道', '县住建局', '办理中']], 'utf8-bom', header));
    await inbox.scan(ctx);
    expect(items()[0]).toMatchObject({
      externalId: 'A-1',
      text: '小区电梯故障无人维修',
      region: '五云街道',
      publishedAt: '2026-11-24T08:05:00.000+08:00',
      attrs: { 承办单位: '县住建局', 办理状态: '办理中' },
      revision: 1,
    });
  });

  it('a file whose header lacks required columns is dead-lettered whole with the columns it lacks', async () => {
    drop('wrong.csv', hotlineExport([['1', '2']], 'utf8-bom', ['序号', '备注']));
    const [report] = await inbox.scan(ctx);
    expect(report).toMatchObject({ published: 0, deadLettered: 1 });
    expect(deadLetters()[0]!.reason).toContain('lacks required columns for ticketId, receivedAt, content');
  });

  it('a ticket exported again unchanged is not re-published; with a new status it is the next revision', async () => {
    const rows = wageArrearsRows(2, '2026-11-24 09');
    drop('day1.csv', hotlineExport(rows));
    await inbox.scan(ctx);
    drop('day2.csv', hotlineExport(rows));
    const [again] = await inbox.scan(ctx);
    expect(again).toMatchObject({ published: 0, unchanged: 2 });
    const updated = rows.map((r, i) => (i === 0 ? r.map((v) => (v === '已受理' ? '已办结' : v)) : r));
    drop('day3.csv', hotlineExport(updated));
    const [third] = await inbox.scan(ctx);
    expect(third).toMatchObject({ published: 1, unchanged: 1 });
    expect(items().map((i) => [i.externalId, i.revision, i.attrs['办理状态']])).toEqual([
      ['JY202611200000', 1, '已受理'],
      ['JY202611200001', 1, '已受理'],
      ['JY202611200000', 2, '已办结'],
    ]);
  });

  it('detects GB18030 without being told, so GBK-only characters survive', async () => {
    const text = `工单编号,来电时间,诉求内容\r\nG-1,2026-11-24 09:00,镕钰堃垚小区供暖不热\r\n`;
    drop('gbk.csv', iconv.encode(text, 'gbk'));
    const [report] = await inbox.scan(ctx);
    expect(report!.encoding).toBe('gb18030');
    expect(items()[0]!.text).toBe('镕钰堃垚小区供暖不热');
  });

  it('per-source column overrides name the columns an unusual export uses', async () => {
    const custom = new HotlineInbox({
      name: 'other-platform',
      inboxDir: join(h.dir, 'inbox'),
      archiveDir: join(h.dir, 'archive'),
      columnOverrides: { ticketId: '流水号', receivedAt: '创建日期', content: '市民诉求' },
    });
    drop('odd.csv', hotlineExport([['LS-9', '2026-11-24 09:00', '路灯不亮']], 'utf8-bom', ['流水号', '创建日期', '市民诉求']));
    const [report] = await custom.scan(h.context(custom));
    expect(report).toMatchObject({ published: 1, deadLettered: 0 });
    expect(items()[0]).toMatchObject({ externalId: 'LS-9', text: '路灯不亮', source: { kind: 'hotline', name: 'other-platform' } });
  });

  it('leaves files being written (dot-named temp files, Excel lock files) alone', async () => {
    drop('.pull-20261124.part', Buffer.from('工单编号,来电时间,诉求内容\r\n'));
    drop('~$export.xlsx', Buffer.from('lock'));
    expect(await inbox.scan(ctx)).toEqual([]);
  });

  itPublishedNothingUnmasked();
});
