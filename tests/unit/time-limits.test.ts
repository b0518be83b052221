import { describe, expect, it } from 'vitest';
import { findTimeLimits, type FoundTimeLimit, type TimeLimitReference } from '../../shared/calendar/time-limits.ts';
import { CALENDAR_LAST_YEAR } from '../../shared/calendar/working-days.ts';

// Monday 2026-09-28, the week before the National Day holiday (10月1日–7日 放假, 10月10日 上班).
const MONDAY = '2026-09-28';
// The 缙云 2021 work plan's date, a Friday.
const DOC_DATE = '2021-07-16';
const reply = (date: string): TimeLimitReference => ({ kind: 'reply', date });
const body = (date?: string): TimeLimitReference => ({ kind: 'document', date, place: 'body' });
const field = (date?: string): TimeLimitReference => ({ kind: 'document', date, place: 'field' });

/** A found limit in one line: the phrase (its anchor in brackets) and what it comes to. */
function summary(f: FoundTimeLimit): [string, string] {
  const phrase = f.anchorText ? `[${f.anchorText}]${f.phrase}` : f.phrase;
  const l = f.limit;
  switch (l.kind) {
    case 'date': {
      expect(l.dueAt).toMatch(/T23:59:59\.999\+08:00$/);
      const from = l.anchor.kind === 'written' ? 'as written' : l.anchor.kind === 'reference' ? 'from reference' : `from ${l.anchor.date}`;
      return [phrase, `${l.dueAt.slice(0, 10)} ${from}`];
    }
    case 'unknown':
      return [phrase, `unknown ${l.cause}: ${l.reason}`];
    case 'recurring':
      return [phrase, `every ${l.every}`];
    case 'ongoing':
    case 'vague':
      return [phrase, l.kind];
  }
}

type Row = [text: string, reference: TimeLimitReference, expected: [phrase: string, comesTo: string][]];

const ROWS: Row[] = [
  // A calendar date: the year as written, else the reference's; a yearless date already past is next year's in a reply, refused in a document.
  ['2021年10月15日前完成', body(DOC_DATE), [['2021年10月15日前', '2021-10-15 as written']]],
  ['12月31日前办结', reply(MONDAY), [['12月31日前', '2026-12-31 from reference']]],
  ['3月1日前完成清理', reply(MONDAY), [['3月1日前', '2027-03-01 from reference']]],
  ['各单位6月1日前完成', body(DOC_DATE), [['6月1日前', `unknown before-reference: 未写明年份，且早于文件日期${DOC_DATE}`]]],
  ['今年12月31日之前', reply(MONDAY), [['今年12月31日之前', '2026-12-31 from reference']]],
  ['12月25号前', reply(MONDAY), [['12月25号前', '2026-12-25 from reference']]],
  ['二〇二一年十月十五日前', reply('2021-01-04'), [['二〇二一年十月十五日前', '2021-10-15 as written']]],
  ['2021年2月30日前', reply(MONDAY), [['2021年2月30日前', 'unknown invalid: 2021年2月30日不是有效日期']]],
  // The end of a month.
  ['2020年9月底前', body('2020-04-20'), [['2020年9月底前', '2020-09-30 as written']]],
  ['2021 年 9 月底前', body(DOC_DATE), [['2021 年 9 月底前', '2021-09-30 as written']]],
  ['２０２１年９月底前', body(DOC_DATE), [['２０２１年９月底前', '2021-09-30 as written']]],
  ['二零二一年九月底前', reply(MONDAY), [['二零二一年九月底前', '2021-09-30 as written']]],
  ['2024年2月底前', body(DOC_DATE), [['2024年2月底前', '2024-02-29 as written']]],
  ['2021年9月至12月底前', body(DOC_DATE), [['2021年9月至12月底前', '2021-12-31 as written']]],
  ['9—12月底前', reply(MONDAY), [['9—12月底前', '2026-12-31 from reference']]],
  ['各单位9月底前完成', body(DOC_DATE), [['9月底前', '2021-09-30 from reference']]],
  ['九月底前', body(DOC_DATE), [['九月底前', '2021-09-30 from reference']]],
  ['各单位6月底前完成', body(DOC_DATE), [['6月底前', `unknown before-reference: 未写明年份，且早于文件日期${DOC_DATE}`]]],
  ['9月底前', body(), [['9月底前', 'unknown no-reference: 未写明年份，文件日期不明']]],
  ['十二月末', reply(MONDAY), [['十二月末', '2026-12-31 from reference']]],
  ['预计今年8月底将完工', reply('2019-06-01'), [['今年8月底', '2019-08-31 from reference']]],
  ['已于去年12月底前完成设计', reply(MONDAY), [['去年12月底前', '2025-12-31 from reference']]],
  ['13月底前', reply(MONDAY), [['13月底前', 'unknown invalid: 13月不是有效月份']]],
  ['本月底前落实到位', reply(MONDAY), [['本月底前', '2026-09-30 from reference']]],
  ['下个月底', reply('2026-12-10'), [['下个月底', '2027-01-31 from reference']]],
  ['本月底前', body(), [['本月底前', 'unknown no-reference: 时限相对于文件日期而写，但文件日期不明']]],
  ['计划6月中旬前予以拆除', reply('2018-05-20'), [['6月中旬前', '2018-06-20 from reference']]],
  // In a reply, a bare point aimed at (预计/计划/于 before it, a completion word after it, or opening its sentence) is the end of what it names.
  ['预计2022年6月开工', reply('2021-05-20'), [['2022年6月', '2022-06-30 as written']]],
  ['计划于10月份动工', reply('2021-05-20'), [['10月份', '2021-10-31 from reference']]],
  ['计划于元月上旬竣工', reply('2021-12-10'), [['元月上旬', '2022-01-10 from reference']]],
  ['于3月29日安装到位', reply('2021-05-20'), [['3月29日', '2021-03-29 from reference']]],
  ['2022年秋季建成', reply('2021-05-20'), [['2022年秋季', '2022-11-30 as written']]],
  ['预计2021年冬季供暖', reply('2021-05-20'), [['2021年冬季', '2022-02-28 as written']]],
  ['明年年初完工', reply('2021-05-20'), [['明年年初', '2022-03-31 from reference']]],
  ['本月下旬开考', reply('2021-05-20'), [['本月下旬', '2021-05-31 from reference']]],
  ['2022年，我局将投入资金', reply('2021-05-20'), [['2022年', '2022-12-31 as written']]],
  ['9月下旬，我委收到来信', reply('2021-05-20'), []],
  ['居民2018年3月搬入', reply('2021-05-20'), []],
  ['2022年6月', body('2021-05-20'), []],
  // Quarters, half years, years.
  ['第三季度末前', body(DOC_DATE), [['第三季度末前', '2021-09-30 from reference']]],
  ['2021年上半年内', body(DOC_DATE), [['2021年上半年内', '2021-06-30 as written']]],
  ['本季度内', reply('2026-11-05'), [['本季度内', '2026-12-31 from reference']]],
  ['下季度末', reply('2026-11-05'), [['下季度末', '2027-03-31 from reference']]],
  ['在2021年底前', body('2021-07-07'), [['2021年底前', '2021-12-31 as written']]],
  ['二〇二二年年底', reply(MONDAY), [['二〇二二年年底', '2022-12-31 as written']]],
  ['年底前完成改造', body('2021-07-07'), [['年底前', '2021-12-31 from reference']]],
  ['明年底可完工', reply(MONDAY), [['明年底', '2027-12-31 from reference']]],
  ['本年度内', reply(MONDAY), [['本年度内', '2026-12-31 from reference']]],
  ['年底前', body(), [['年底前', 'unknown no-reference: 未写明年份，文件日期不明']]],
  // Weeks start on Monday.
  ['下周一前回复您', reply(MONDAY), [['下周一前', '2026-10-05 from reference']]],
  ['本周五前', reply(MONDAY), [['本周五前', '2026-10-02 from reference']]],
  ['本周内', reply(MONDAY), [['本周内', '2026-10-04 from reference']]],
  // Within N days, working days (the official calendar: 10月1日–7日 off, 10月10日 a workday), weeks, months, years.
  ['我局将在3个工作日内完成整改', reply(MONDAY), [['3个工作日内', '2026-10-08 from reference']]],
  ['三个工作日内', reply(MONDAY), [['三个工作日内', '2026-10-08 from reference']]],
  ['十五个工作日内', reply(MONDAY), [['十五个工作日内', '2026-10-23 from reference']]],
  ['１５个工作日内', reply(MONDAY), [['１５个工作日内', '2026-10-23 from reference']]],
  ['3至5个工作日内', reply(MONDAY), [['3至5个工作日内', '2026-10-10 from reference']]],
  ['3-5个工作日内', reply(MONDAY), [['3-5个工作日内', '2026-10-10 from reference']]],
  ['15个工作日内办结', reply(`${CALENDAR_LAST_YEAR}-12-28`), [
    ['15个工作日内', `unknown beyond-calendar: 节假日安排只公布到${CALENDAR_LAST_YEAR}年，无法计算${CALENDAR_LAST_YEAR + 1}-01-01之后的工作日`],
  ]],
  ['0个工作日内', reply(MONDAY), [['0个工作日内', 'unknown invalid: 期限不是正数']]],
  ['15日内答复', reply(MONDAY), [['15日内', '2026-10-13 from reference']]],
  ['三到五天内', reply(MONDAY), [['三到五天内', '2026-10-03 from reference']]],
  ['一个月内完成拆除', reply(MONDAY), [['一个月内', '2026-10-28 from reference']]],
  ['两个月内', reply(MONDAY), [['两个月内', '2026-11-28 from reference']]],
  ['1个月内', reply('2027-01-31'), [['1个月内', '2027-02-28 from reference']]],
  ['两周内修复路灯', reply(MONDAY), [['两周内', '2026-10-12 from reference']]],
  ['半个月内', reply(MONDAY), [['半个月内', '2026-10-13 from reference']]],
  ['半年内', reply(MONDAY), [['半年内', '2027-03-28 from reference']]],
  ['2年内', reply(MONDAY), [['2年内', '2028-09-28 from reference']]],
  // Where a count starts: the reference, this text, a written date, or an event without a date.
  ['7个工作日内', field(DOC_DATE), [['7个工作日内', '2021-07-27 from reference']]],
  ['7 个工作日内', field(DOC_DATE), [['7 个工作日内', '2021-07-27 from reference']]],
  ['7个工作日内', field(), [['7个工作日内', 'unknown no-reference: 从文件日期起算，但文件日期不明']]],
  ['开展自查。各单位7个工作日内完成。', body(DOC_DATE), [['7个工作日内', '2021-07-27 from reference']]],
  ['对群众诉求，7个工作日内答复', body(DOC_DATE), [['7个工作日内', 'unknown no-anchor: 未写明起算点']]],
  ['本通知印发之日起1个月内完成自查', body(DOC_DATE), [['[本通知印发之日起]1个月内', '2021-08-16 from reference']]],
  ['自即日起3日内', reply(MONDAY), [['[自即日起]3日内', '2026-10-01 from reference']]],
  ['自2021年8月1日起30日内', body(DOC_DATE), [['[自2021年8月1日起]30日内', '2021-08-31 from 2021-08-01']]],
  ['自2021年2月30日起10日内', body(DOC_DATE), [['[自2021年2月30日起]10日内', 'unknown invalid: 起算日2021年2月30日不是有效日期']]],
  ['在征求活动结束后1个月内公布', body(DOC_DATE), [['[在征求活动结束后]1个月内', 'unknown undated-event: 起算点“征求活动结束”的日期文中未写明']]],
  ['在通过电话向天然气公司申请后7个工作日内完成', reply(MONDAY), [
    ['[在通过电话向天然气公司申请后]7个工作日内', 'unknown undated-event: 起算点“通过电话向天然气公司申请”的日期文中未写明'],
  ]],
  ['收到申请之日起15日内', reply(MONDAY), [['[收到申请之日起]15日内', 'unknown undated-event: 起算点“收到申请”的日期文中未写明']]],
  ['新生儿在出生28天内缴费', reply(MONDAY), [['[在出生]28天内', 'unknown undated-event: 起算点“出生”的日期文中未写明']]],
  // Festivals, by the eve of the next one; events whose dates the text does not give.
  ['春节前完成维修', reply(MONDAY), [['春节前', '2027-02-05 from reference']]],
  ['国庆节前', reply(MONDAY), [['国庆节前', '2026-09-30 from reference']]],
  ['中秋节前', reply(MONDAY), [['中秋节前', '2027-09-14 from reference']]],
  ['春节前', reply('2100-06-01'), [['春节前', 'unknown beyond-calendar: “春节”的日期超出农历数据范围']]],
  ['春节前后加强巡查', reply(MONDAY), []],
  ['汛期前完成清淤', reply(MONDAY), [['汛期前', 'unknown undated-event: “汛期”的日期文中未写明']]],
  // Routines, ongoing tasks and vague words.
  ['每月底前报送', body(DOC_DATE), [['每月底前', 'every month']]],
  ['每季度通报一次', reply(MONDAY), [['每季度', 'every quarter']]],
  ['于每年4月15日前提出申请', reply(MONDAY), [['每年4月15日前', 'every year']]],
  ['长期坚持', body(DOC_DATE), [['长期坚持', 'ongoing']]],
  ['长期', field(DOC_DATE), [['长期', 'ongoing']]],
  ['长期', reply(MONDAY), []],
  ['我们会尽快处理', reply(MONDAY), [['尽快', 'vague']]],
  ['近期将适时公开结果', reply(MONDAY), [['近期', 'vague'], ['适时', 'vague']]],
  ['争取30天内整改到位', reply(MONDAY), [['争取', 'vague'], ['30天内', '2026-10-28 from reference']]],
];

describe('findTimeLimits', () => {
  it.each(ROWS)('%s, read against %o', (text, reference, expected) => {
    expect(findTimeLimits(text, reference).map(summary)).toEqual(expected);
  });

  it('says what each limit is, where it stands and what it was resolved against', () => {
    const text = '经研究，自本通知印发之日起7个工作日内完成。';
    const [found] = findTimeLimits(text, body(DOC_DATE));
    expect(found).toEqual({
      index: 13,
      phrase: '7个工作日内',
      anchorText: '自本通知印发之日起',
      limit: {
        kind: 'date',
        form: { kind: 'within', count: 7, unit: 'working-day' },
        dueAt: '2021-07-27T23:59:59.999+08:00',
        anchor: { kind: 'reference', date: DOC_DATE },
      },
    });
    expect(text.slice(found!.index - found!.anchorText!.length, found!.index + found!.phrase.length)).toBe('自本通知印发之日起7个工作日内');
  });

  it('gives offsets into the text as written, spaces and full-width digits included', () => {
    const text = '经核查，将于 ２０２１ 年 ９ 月底前完成。';
    const [found] = findTimeLimits(text, reply('2021-03-01'));
    expect(found?.phrase).toBe('２０２１ 年 ９ 月底前');
    expect(text.slice(found!.index, found!.index + found!.phrase.length)).toBe(found!.phrase);
  });
});
