import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteBus } from '../../shared/adapters/sqlite/sqlite-bus.ts';
import type { DeadLetter } from '../../shared/domain/dead-letter.ts';
import type { RawItem } from '../../shared/domain/raw-item.ts';
import type { BusMessage } from '../../shared/ports/bus.ts';
import { ensureProductTopics, TOPICS } from '../../shared/topics.ts';
import { CollectorState } from '../../services/collector/collector-state.ts';
import { HotlineInbox } from '../../services/collector/hotline-inbox.ts';
import { hotlineExport, wageArrearsRows } from '../support/hotline-export.ts';
import { testLogger } from '../support/test-logger.ts';
import { waitFor } from '../support/wait-for.ts';

describe('12345 hotline inbox', () => {
  let dir: string;
  let bus: SqliteBus;
  let state: CollectorState;
  let inbox: HotlineInbox;
  const published: Record<string, BusMessage[]> = {};

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'yuqing-inbox-'));
    mkdirSync(join(dir, 'inbox'));
    bus = new SqliteBus({ path: join(dir, 'bus.sqlite'), logger: testLogger, pollMs: 10 });
    await ensureProductTopics(bus, 1);
    state = new CollectorState(join(dir, 'collector.sqlite'));
    inbox = new HotlineInbox({
      sourceName: 'county-12345',
      inboxDir: join(dir, 'inbox'),
      archiveDir: join(dir, 'archive'),
      bus,
      state,
      hashSecret: 'test-secret-0123456789',
      logger: testLogger,
      now: () => Date.parse('2026-11-24T10:00:00+08:00'),
    });
    for (const t of [TOPICS.rawItems.name, TOPICS.deadLetters.name]) {
      published[t] = [];
      await bus.subscribe({ topic: t, group: 'test', handler: async (b) => void published[t]!.push(...b) });
    }
  });

  afterEach(async () => {
    await bus.close();
    state.close();
  });

  const drop = (name: string, bytes: Buffer) => {
    const path = join(dir, 'inbox', name);
    writeFileSync(path, bytes);
    return path;
  };
  const items = () => published[TOPICS.rawItems.name]!.map((m) => m.value as RawItem);
  const deadLetters = () => published[TOPICS.deadLetters.name]!.map((m) => m.value as DeadLetter);

  it('publishes every good row and dead-letters each bad one with file, row number and reason', async () => {
    const rows = wageArrearsRows(3, '2026-11-24 09');
    rows.splice(1, 0, ['JY-SHORT', '2026-11-24 09:30']);
    rows.push(['JY-NOTEXT', '2026-11-24 09:40', '投诉', '电话', '标题', '', '壶镇镇', '', '', '', '张三', '13812345678']);
    const reports = await (async () => {
        drop('export.csv', hotlineExport(rows));
      return inbox.scan();
    })();
    expect(reports).toMatchObject([{ file: 'export.csv', encoding: 'gb18030', rows: 5, published: 3, deadLettered: 2 }]);
    await waitFor('3 items and 2 dead letters', () => items().length === 3 && deadLetters().length === 2);
    expect(deadLetters().map((d) => d.reason)).toEqual([
      'export.csv row 3: has 2 columns, the header has 12',
      'export.csv row 6: 诉求内容 is empty',
    ]);
    expect(deadLetters()[1]!.context).toEqual({ file: 'export.csv', row: 6 });
    // Even a dead letter carries no unmasked number.
    expect(deadLetters()[1]!.raw).not.toContain('13812345678');
    expect(existsSync(join(dir, 'inbox', 'export.csv'))).toBe(false);
    expect(existsSync(reports[0]!.archivedAs)).toBe(true);
  });

  it('keeps the good rows of a truncated file and says where reading stopped', async () => {
    const full = hotlineExport(wageArrearsRows(4, '2026-11-24 09'), 'utf8-bom').toString('utf8');
    // Cut inside a quoted field: the parser meets an unclosed quote at the end of the file.
    const truncated = `${full}JY-CUT,2026-11-24 10:00,投诉,电话,"未完`;
    drop('cut.csv', Buffer.from(truncated, 'utf8'));
    const [report] = await inbox.scan();
    expect(report).toMatchObject({ encoding: 'utf8', published: 4, deadLettered: 1 });
    expect(report!.error).toMatch(/quote/i);
    await waitFor('the dead letter', () => deadLetters().length === 1);
    expect(deadLetters()[0]!.reason).toMatch(/^cut\.csv row 5: file could not be read past this point/);
  });

  it('reads columns under their other names (受理时间, 诉求编号, 问题描述) in a UTF-8 export', async () => {
    const header = ['诉求编号', '受理时间', '问题描述', '事发地点', '所属部门', '处理状态'];
    drop('other.csv', hotlineExport([['A-1', '2026/11/24 8:05', '小区电梯故障无人维修', '五云街道', '县住建局', '办理中']], 'utf8-bom', header));
    await inbox.scan();
    await waitFor('the item', () => items().length === 1);
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
    const [report] = await inbox.scan();
    expect(report).toMatchObject({ published: 0, deadLettered: 1 });
    await waitFor('the dead letter', () => deadLetters().length === 1);
    expect(deadLetters()[0]!.reason).toContain('lacks required columns for ticketId, receivedAt, content');
  });

  it('a ticket exported again unchanged is not re-published; with a new status it is the next revision', async () => {
    const rows = wageArrearsRows(2, '2026-11-24 09');
    drop('day1.csv', hotlineExport(rows));
    await inbox.scan();
    drop('day2.csv', hotlineExport(rows));
    const [again] = await inbox.scan();
    expect(again).toMatchObject({ published: 0, unchanged: 2 });
    const updated = rows.map((r, i) => (i === 0 ? r.map((v) => (v === '已受理' ? '已办结' : v)) : r));
    drop('day3.csv', hotlineExport(updated));
    const [third] = await inbox.scan();
    expect(third).toMatchObject({ published: 1, unchanged: 1 });
    await waitFor('3 messages', () => items().length === 3);
    expect(items().map((i) => [i.externalId, i.revision, i.attrs['办理状态']])).toEqual([
      ['JY202611200000', 1, '已受理'],
      ['JY202611200001', 1, '已受理'],
      ['JY202611200000', 2, '已办结'],
    ]);
  });

  it('detects GB18030 without being told, so GBK-only characters survive', async () => {
    const text = `工单编号,来电时间,诉求内容\r\nG-1,2026-11-24 09:00,镕钰堃垚小区供暖不热\r\n`;
    drop('gbk.csv', iconv.encode(text, 'gbk'));
    const [report] = await inbox.scan();
    expect(report!.encoding).toBe('gb18030');
    await waitFor('the item', () => items().length === 1);
    expect(items()[0]!.text).toBe('镕钰堃垚小区供暖不热');
  });
});
