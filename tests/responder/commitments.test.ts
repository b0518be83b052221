import { readDatasetText } from '../../datasets/read-dataset.ts';
import { describe, expect, it } from 'vitest';
import { extractCommitments, type Commitment } from '../../services/responder/commitments/extract-commitments.ts';
import { readReplyRecords } from '../../services/responder/commitments/read-reply-records.ts';

// Monday 2026-09-28, the week before the National Day holiday (10月1日–7日 放假, 10月10日 上班).
const MONDAY = Date.parse('2026-09-28T10:00:00+08:00');
const endOf = (date: string): string => `${date}T23:59:59.999+08:00`;
const only = (text: string, referenceDate = MONDAY, defaultOwner?: string, knownDepartments?: string[]): Commitment => {
  const found = extractCommitments(text, { referenceDate, defaultOwner, knownDepartments });
  expect(found).toHaveLength(1);
  return found[0]!;
};
const dueOf = (text: string, referenceDate = MONDAY) => only(text, referenceDate).due;

// The phrase forms themselves are tested in tests/unit/time-limits.test.ts.
describe('commitment time limits, counted from the reply', () => {
  it('counts working days on the official calendar, across the National Day holiday', () => {
    // 9月29日, 9月30日, then 10月1日–7日 off: the third working day is 10月8日.
    expect(dueOf('我局将在3个工作日内完成整改。')).toEqual({ kind: 'date', phrase: '3个工作日内', dueAt: endOf('2026-10-08') });
  });

  it('keeps a limit tied to an event without a date as unknown, with the reason', () => {
    expect(dueOf('汛期前完成清淤')).toEqual({ kind: 'unknown', phrase: '汛期前', reason: '“汛期”的日期文中未写明' });
    expect(dueOf('在通过电话向天然气公司申请后7个工作日内完成')).toEqual({
      kind: 'unknown',
      phrase: '7个工作日内',
      reason: '起算点“通过电话向天然气公司申请”的日期文中未写明',
    });
  });
});

describe('what counts as a commitment', () => {
  it('flags vague promises with their words', () => {
    expect(only('我们会尽快处理。')).toMatchObject({ vague: true, vagueWords: ['尽快'] });
    expect(only('近期将适时公开结果')).toMatchObject({ vague: true, vagueWords: ['近期', '适时'] });
    // Two actions, two promises, each with its own word.
    expect(extractCommitments('我局将抓紧协调，及时答复您', { referenceDate: MONDAY }).map((c) => [c.span.text, c.vagueWords])).toEqual([
      ['我局将抓紧协调', ['抓紧']],
      ['及时答复您', ['及时']],
    ]);
    expect(only('争取30天内整改到位')).toMatchObject({ vague: true, vagueWords: ['争取'], due: { kind: 'date' } });
  });

  it('ignores sentences that promise no action, report work done or deny', () => {
    for (const text of ['感谢您对我们工作的关心、监督与支持！', '现将有关情况回复如下：', '该路段已完成修复。', '年底前天气较冷。', '我们并没有承诺三年内一定解决编制。']) {
      expect(extractCommitments(text, { referenceDate: MONDAY })).toEqual([]);
    }
  });

  it('gives the exact span and the sentence', () => {
    const text = '您好！经核查情况属实，县交通运输局将于十五日内修复该路段。感谢您的监督。';
    const c = only(text);
    expect(c.span).toEqual({ start: 11, end: 28, text: '县交通运输局将于十五日内修复该路段' });
    expect(text.slice(c.span.start, c.span.end)).toBe(c.span.text);
    expect(c.text).toBe('经核查情况属实，县交通运输局将于十五日内修复该路段。');
  });
});

describe('commitment owners', () => {
  it('takes the department named as the subject, or put in charge with 由…负责', () => {
    expect(only('县交通运输局将于十五日内修复该路段', MONDAY, '县信访局').owner).toBe('县交通运输局');
    expect(only('由县住建局负责，三个工作日内完成整改', MONDAY, '县信访局').owner).toBe('县住建局');
  });

  it('prefers a known department named before the promise', () => {
    expect(only('经协调，城关镇人民政府同意尽快清理该处垃圾', MONDAY, '县信访局', ['城关镇人民政府']).owner).toBe('城关镇人民政府');
  });

  it('gives promises made as 我局 or with no named department to the replier, else none', () => {
    expect(only('我局将在3个工作日内完成整改', MONDAY, '县市场监管局').owner).toBe('县市场监管局');
    expect(only('一个月内完成拆除', MONDAY, '县城管局').owner).toBe('县城管局');
    expect(only('一个月内完成拆除').owner).toBeUndefined();
  });
});

describe('commitments in the real replies of messages-with-replies.csv', () => {
  const records = readReplyRecords('messages-with-replies.csv', Buffer.from(readDatasetText('tipdm2020/messages-with-replies.csv.gz')));
  const byId = (id: string): Commitment[] => {
    const r = records.find((x) => x.id === id);
    if (!r?.ok) throw new Error(`no reply ${id}`);
    return extractCommitments(r.text, { referenceDate: r.referenceDate ?? 0 });
  };

  it('reads all 1,800 replies with their reply times and extracts from each without a crash', () => {
    expect(records).toHaveLength(1800);
    for (const r of records) {
      expect(r.ok && r.referenceDate !== undefined).toBe(true);
      if (!r.ok || r.referenceDate === undefined) continue;
      for (const c of extractCommitments(r.text, { referenceDate: r.referenceDate })) expect(r.text.slice(c.span.start, c.span.end)).toBe(c.span.text);
    }
  });

  it('45857: "争取30天内整改到位" is dated 30 days from the date the reply signs, and vague', () => {
    // "…修缮加固工程正在进行预算，争取30天内整改到位。…2018年7月30日", published 2018/8/17: the count runs from July 30.
    expect(byId('45857')).toEqual([
      {
        span: { start: 90, end: 100, text: '争取30天内整改到位' },
        text: '目前医院总务科已在现场设立警戒标识，修缮加固工程正在进行预算，争取30天内整改到位。',
        promiser: 'government',
        due: { kind: 'date', phrase: '30天内', dueAt: endOf('2018-08-29') },
        vague: true,
        vagueWords: ['争取'],
      },
    ]);
  });

  it('5935: the order to demolish and "计划6月中旬前予以拆除"', () => {
    // "5月18日，…下达了《限期自拆通知》，限期自行拆除…；目前，麓谷街道正就该处违建制定拆除行动方案，…计划6月中旬前予以拆除。"
    expect(byId('5935')).toEqual([
      {
        span: { start: 138, end: 163, text: '麓谷街道城市管理工作领导小组下达了《限期自拆通知》' },
        text: '5月18日，麓谷街道城市管理工作领导小组下达了《限期自拆通知》，限期自行拆除以减少损失，户主逾期未进行拆除。',
        promiser: 'government',
        vague: true,
        vagueWords: ['限期'],
      },
      {
        span: { start: 217, end: 228, text: '计划6月中旬前予以拆除' },
        text: '目前，麓谷街道正就该处违建制定拆除行动方案，并报相关部门批准，计划6月中旬前予以拆除。',
        promiser: 'government',
        due: { kind: 'date', phrase: '6月中旬前', dueAt: endOf('2018-06-20') },
        vague: false,
        vagueWords: [],
      },
    ]);
  });

  it('61831: "处理情况会及时回复给您" is a vague promise without a date', () => {
    expect(byId('61831')).toEqual([
      {
        span: { start: 47, end: 58, text: '处理情况会及时回复给您' },
        text: '我办已将您反映的情况转交给D11市水东江街道办事处，处理情况会及时回复给您。',
        promiser: 'government',
        vague: true,
        vagueWords: ['及时'],
      },
    ]);
  });

  it('2554: "预计今年8月底将完工通车" is due at the end of August of the reply year', () => {
    expect(byId('2554')).toEqual([
      {
        span: { start: 264, end: 276, text: '预计今年8月底将完工通车' },
        text: '目前该项目已完成75土方及50排水，预计今年8月底将完工通车。',
        promiser: 'government',
        due: { kind: 'date', phrase: '今年8月底', dueAt: endOf('2019-08-31') },
        vague: false,
        vagueWords: [],
      },
    ]);
  });

  it('95406: an order with a date, a sanction and a promise to reply', () => {
    // "我局已责令华汇公司在11月底前完成费用清退工作…如华汇公司未能在要求期限内完成清退工作，我局将按规定上报…办理情况我办将在第一时间回复。"
    expect(byId('95406')).toEqual([
      {
        span: { start: 168, end: 191, text: '我局已责令华汇公司在11月底前完成费用清退工作' },
        text: '我局已责令华汇公司在11月底前完成费用清退工作，该公司已于11月14日在小区发布公告，通知业主联系工作人员退款和领取票据。',
        promiser: 'government',
        due: { kind: 'date', phrase: '11月底前', dueAt: endOf('2019-11-30') },
        vague: false,
        vagueWords: [],
      },
      {
        span: { start: 249, end: 267, text: '我局将按规定上报该公司的市场不良行为' },
        text: '如华汇公司未能在要求期限内完成清退工作，我局将按规定上报该公司的市场不良行为。',
        promiser: 'government',
        vague: false,
        vagueWords: [],
      },
      {
        span: { start: 363, end: 377, text: '办理情况我办将在第一时间回复' },
        text: '您的来帖已收悉，已转交相关单位办理，办理情况我办将在第一时间回复。',
        promiser: 'government',
        vague: true,
        vagueWords: ['第一时间'],
      },
    ]);
  });
});
