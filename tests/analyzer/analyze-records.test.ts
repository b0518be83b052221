import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { analyzeRecord } from '../../services/analyzer/batch/analyze-record.ts';
import { readRecords } from '../../services/analyzer/batch/read-records.ts';
import { ItemAnalyzer } from '../../services/analyzer/item-analyzer.ts';
import { shippedRules } from './analyzer-fixtures.ts';

const analyzer = new ItemAnalyzer(shippedRules());
const run = (path: string, content: string | Buffer) =>
  readRecords(path, Buffer.isBuffer(content) ? content : Buffer.from(content)).map((r) => analyzeRecord(analyzer, r));

describe('npm run analyze', () => {
  it('gives one result per CSV record in input order, with the full analysis', () => {
    const csv = 'id,title,text\n7,工地讨薪,"工地老板拖欠农民工工资，工人要去拉横幅"\n,,\n9,,路灯坏了\n';
    const out = run('x.csv', csv);
    expect(out.map((r) => [r.record, r.id, r.status])).toEqual([
      [1, '7', 'ok'],
      [2, 'record-2', 'empty'],
      [3, '9', 'ok'],
    ]);
    expect(out[0]!.topics[0]).toMatchObject({ code: 'labor_social_security', label: '劳动和社会保障' });
    expect(out[0]!.risk.signals.map((s) => s.code)).toEqual(expect.arrayContaining(['collective_action', 'wage_distress']));
    expect(out[1]!.reason).toBe('文本为空');
  });

  it('reads a GB18030 CSV as an Excel export would write it', () => {
    const out = run('x.csv', iconv.encode('text\n噪音扰民严重\n', 'gb18030'));
    expect(out[0]!.topics.map((t) => t.code)).toContain('environment');
  });

  it('marks JSON lines it cannot read or analyze instead of stopping', () => {
    const jsonl = ['{"id":"a","text":"食堂饭菜过期变质"}', 'not json', '[1,2]', '{"id":"b"}', '', '{"id":"c","text":"😀"}'].join('\n');
    const out = run('x.jsonl', jsonl);
    expect(out.map((r) => [r.id, r.status])).toEqual([
      ['a', 'ok'],
      ['record-2', 'error'],
      ['record-3', 'error'],
      ['b', 'error'],
      ['c', 'empty'],
    ]);
    expect(out[3]!.reason).toBe('记录没有 text 字段');
  });
});
