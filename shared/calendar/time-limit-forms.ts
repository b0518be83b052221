import { numberIn } from './chinese-numbers.ts';
import { FESTIVAL_NAMES, nextFestival } from './festival-dates.ts';
import { readAnchor } from './time-limit-anchors.ts';
import { addSpan, dayAfter, dueOn, lastDayOf } from './calendar-dates.ts';
import type { Anchor, CalendarPoint, LimitForm, Period, Resolution, SpanUnit, TimeLimit, TimeLimitReference } from './time-limit-types.ts';

/** The reference date taken apart. */
export interface Today {
  iso: string;
  y: number;
  m: number;
  /** Monday 1 … Sunday 7. */
  weekday: number;
}

/** What a form sees besides its match: the reference and the clause the phrase stands in. */
export interface FormContext {
  reference: TimeLimitReference;
  /** Undefined when the caller does not know the reference date. */
  today: Today | undefined;
  /** The clause before the phrase, as written. */
  clauseBefore: string;
  /** Whether that clause opens its sentence. */
  opensSentence: boolean;
}

/** A limit read from a match; `anchorText` is the tail of the clause before it that names where a count starts. */
export interface ReadLimit {
  limit: TimeLimit;
  anchorText?: string;
}

interface Form {
  re: RegExp;
  /** Undefined when the match is no limit here (a bare "长期" outside a 时限 field). */
  read(m: RegExpExecArray, ctx: FormContext): ReadLimit | undefined;
}

// "春节前后" is around the festival, not before it.
const BEFORE = '(?:(?:前|之前|以前)(?!后)|为止)';
const CN_DIGITS = '〇零一二三四五六七八九十两';
const MONTH_OR_DAY = '(?:\\d{1,2}|[一二三四五六七八九十]{1,3})';
// A month must not be the tail of a longer number ("112月") or a count ("3个月").
const MONTH = `(?<![\\d${CN_DIGITS}个])(\\d{1,2}|[一二三四五六七八九十]{1,2}|元)`;
const YEAR = '(?:(\\d{4}|[〇零一二三四五六七八九]{4})年|(今年|本年|明年|去年))?';
const RANGE_TO = '(?:至|到|－|-|—|~|～)';
/** The start of a range, "9月至" or "9—" in "2021年9月至12月底前": the limit is its end. */
const MONTH_RANGE = `(?:(?<![\\d${CN_DIGITS}个])${MONTH_OR_DAY}月?(?:${MONTH_OR_DAY}[日号])?${RANGE_TO})?`;
const WEEKDAY: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 日: 7, 天: 7 };
const UNITS: Record<string, SpanUnit> = {
  个工作日: 'working-day', 工作日: 'working-day',
  个自然日: 'day', 自然日: 'day', 日: 'day', 天: 'day',
  个月: 'month', 个星期: 'week', 个礼拜: 'week', 星期: 'week', 周: 'week', 年: 'year',
};
const PERIODS: Record<string, Period> = { 天: 'day', 日: 'day', 周: 'week', 星期: 'week', 月: 'month', 季度: 'quarter', 季: 'quarter', 半年: 'half-year', 年: 'year', 年度: 'year' };

/** Words that promise without a checkable limit. Global: use with matchAll, match or search. */
export const VAGUE_WORDS = /尽快|尽早|近期|适时|抓紧|及时|择机|择期|争取|力争|早日|逐步/g;
const ONGOING = '长期坚持|持续推进|长期推进|常态化推进|长期执行';
const ONGOING_RE = new RegExp(`^(?:${ONGOING})$`);
/** In a 时限 field a bare word says as much: "完成时限：长期". */
const ONGOING_IN_FIELD_ONLY = '长期|持续|常态|常年|定期';

const num = (s: string): number => (s === '元' ? 1 : (numberIn(s) ?? 0));

function toLimit(form: LimitForm, r: Resolution): TimeLimit {
  return 'dueAt' in r ? { kind: 'date', form, dueAt: r.dueAt, anchor: r.anchor } : { kind: 'unknown', form, cause: r.cause, reason: r.reason };
}
const by = (point: CalendarPoint, r: Resolution): ReadLimit => ({ limit: toLimit({ kind: 'by', point }, r) });
const reference = (today: Today): Anchor => ({ kind: 'reference', date: today.iso });
const dateLabel = (ctx: FormContext): string => (ctx.reference.kind === 'document' ? '文件日期' : '答复日期');
const noReference = (reason: string): Resolution => ({ cause: 'no-reference', reason });

/**
 * A month and day in the year as written, or relative to the reference (今年, 明年); without
 * one, the reference's year. A yearless day already behind the reference is next year's in a
 * reply, and refused in a document.
 */
function inYear(ctx: FormContext, written: string | undefined, relative: string | undefined, m: number, d: (y: number) => number, rollOver = true): Resolution {
  if (written) {
    const y = num(written);
    return dueOn(y, m, d(y), { kind: 'written' });
  }
  const { today } = ctx;
  if (!today) return noReference(`未写明年份，${dateLabel(ctx)}不明`);
  if (relative) {
    const y = today.y + (relative === '明年' ? 1 : relative === '去年' ? -1 : 0);
    return dueOn(y, m, d(y), reference(today));
  }
  const thisYear = dueOn(today.y, m, d(today.y), reference(today));
  if (!('dueAt' in thisYear) || thisYear.dueAt.slice(0, 10) >= today.iso || !rollOver) return thisYear;
  if (ctx.reference.kind === 'document') return { cause: 'before-reference', reason: `未写明年份，且早于文件日期${today.iso}` };
  return dueOn(today.y + 1, m, d(today.y + 1), reference(today));
}

/** A limit set relative to the reference date: 本月底, 下周一, 春节前. */
const relativeTo = (ctx: FormContext, resolve: (today: Today) => Resolution): Resolution =>
  ctx.today ? resolve(ctx.today) : noReference(`时限相对于${dateLabel(ctx)}而写，但${dateLabel(ctx)}不明`);

const onDay = (today: Today, offsetDays: number): Resolution => dueOn(...dayAfter(today.iso, offsetDays), reference(today));

/** The last day of the month `ahead` months after the reference's month, `step` months apart (1 a month, 3 a quarter). */
function periodEnd(today: Today, step: number, ahead: number): Resolution {
  const end = step * Math.ceil(today.m / step) + ahead * step;
  const [y, m] = end > 12 ? [today.y + 1, end - 12] : [today.y, end];
  return dueOn(y, m, lastDayOf(y, m), reference(today));
}

/** A count from the start its clause names (a date, this text, an event) or, when it names none, from the reference. */
function counted(n: number, unit: SpanUnit, ctx: FormContext): ReadLimit {
  const form: LimitForm = { kind: 'within', count: n, unit };
  const start = readAnchor(ctx.clauseBefore);
  const anchorText = 'text' in start ? { anchorText: start.text } : {};
  const limit = (r: Resolution): ReadLimit => ({ limit: toLimit(form, r), ...anchorText });
  if (start.kind === 'date') return limit(addSpan(start.date, n, unit, { kind: 'stated', date: start.date }));
  if (start.kind === 'invalid') return limit({ cause: 'invalid', reason: start.reason });
  if (start.kind === 'event') {
    return limit({ cause: 'undated-event', reason: start.event ? `起算点“${start.event}”的日期文中未写明` : '未写明起算点' });
  }
  const { reference: ref, today } = ctx;
  if (start.kind === 'none' && ref.kind === 'document' && ref.place === 'body' && !ctx.opensSentence) {
    return limit({ cause: 'no-anchor', reason: '未写明起算点' });
  }
  return limit(today ? addSpan(today.iso, n, unit, reference(today)) : noReference(`从${dateLabel(ctx)}起算，但${dateLabel(ctx)}不明`));
}

/** Season ends: 春季 March–May, 夏季 June–August, 秋季 September–November, 冬季 December–February (ends in the next year). */
const SEASON_END: Record<string, number> = { 春: 5, 夏: 8, 秋: 11, 冬: 14 };
/** Words after a month or year that make it part of a longer phrase, or a count ("3年"), not a point in time. */
const POINT_NOT_BEFORE = '(?![\\d〇零一二三四五六七八九十日号底末初中上下旬半第内前度春夏秋冬季级期]|月|个|以来|起|至今|多)';
/** In a reply the clause a bare point stands in says whether it is aimed at: "预计于2020年6月", not "2020年6月，我局收到". */
const AIMED = /(?:将|会|于|在|到|至|拟|计划|预计|争取|力争|确保|有望|预期|定于|力求)$/;
/** Words that look ahead: only after one does a yearless point already past mean next year's ("计划于元月上旬竣工" in December), not this year's ("于3月29日安装", told in April). */
const AHEAD = /将|会|拟|计划|预计|争取|力争|确保|有望|预期|定于|力求|准备/;
/** Completion words, after a future word or none, that aim a bare point with no word before it: "2016年秋季建成", "今年9月份将开始动工". */
const AIMED_AFTER = /^(?:将|拟|预计|计划|要)?(?:开始|全面|正式)?(?:建成|完工|竣工|开工|动工|完成|投入使用|投用|通车|开学|交付|启动|实施|开通|到位|交房|搬迁|营业)/;
/** Whether a bare point is aimed at, or opens its sentence ("2018年，我局将投入…"): the reader of the sentence decides. */
function aimed(m: RegExpExecArray, ctx: FormContext): boolean {
  const after = m.input.slice(m.index + m[0].length);
  // Only a point with its year frames a sentence: "9月下旬，我委收到…" tells when something happened.
  return AIMED.test(ctx.clauseBefore) || AIMED_AFTER.test(after) || (ctx.opensSentence && ctx.clauseBefore.trim() === '' && m[0].includes('年'));
}
const replyOnly = (ctx: FormContext, read: () => ReadLimit | undefined): ReadLimit | undefined => (ctx.reference.kind === 'reply' ? read() : undefined);

const halfOrQuarterEnd = (part: string): number => (part === '上半年' ? 6 : part === '下半年' ? 12 : 3 * num(part.replace(/第|季度/g, '')));

/** Every form a time limit takes, each with how it becomes a date. Overlaps are settled by the finder: the longest wins. */
export const FORMS: readonly Form[] = [
  {
    // 2026年3月31日前, 12月31日前, 今年12月31日之前, 二〇二一年十月十五日前
    re: new RegExp(`${YEAR}${MONTH_RANGE}${MONTH}月(${MONTH_OR_DAY})[日号]${BEFORE}`, 'g'),
    read: (m, ctx) => by('day', inYear(ctx, m[1], m[2], num(m[3]!), () => num(m[4]!))),
  },
  {
    // 2020年9月底前, 8月底, 十二月末, 2021年9月至12月底前: the month's last day.
    re: new RegExp(`${YEAR}${MONTH_RANGE}${MONTH}月份?(?:底|末)${BEFORE}?`, 'g'),
    read: (m, ctx) => by('month-end', inYear(ctx, m[1], m[2], num(m[3]!), (y) => lastDayOf(y, num(m[3]!)))),
  },
  {
    // 6月中旬前: the last day of that ten-day period (10th, 20th, month end). Without 前,
    // "9月下旬，我委收到" tells when something happened.
    re: new RegExp(`${YEAR}${MONTH}月(上旬|中旬|下旬)末?${BEFORE}`, 'g'),
    read: (m, ctx) => {
      const month = num(m[3]!);
      return by('ten-days', inYear(ctx, m[1], m[2], month, (y) => (m[4] === '上旬' ? 10 : m[4] === '中旬' ? 20 : lastDayOf(y, month))));
    },
  },
  {
    // In a reply, a bare point in time is the end of the period it names: "2020年6月开工" → June 30,
    // "今年10月份" → October 31, "2016年秋季建成" → November 30, "明年年初" → March 31,
    // "2019年下半年" → December 31, "2016年建成" → December 31. A bare point is a date, not a
    // limit, unless an aiming word stands before it ("预计于2020年6月") or a completion word after
    // it ("2016年秋季建成"): "2018年3月，村里…" tells when something happened.
    re: new RegExp(
      `${YEAR}${MONTH}月(份|上旬|中旬|下旬|初)?${POINT_NOT_BEFORE}|(?:(\\d{4}|[〇零一二三四五六七八九]{4})年|(今|本|明)年)(?:(春|夏|秋|冬)季?|(年?初)|(上半年|下半年|第?[一二三四1-4]季度))?${POINT_NOT_BEFORE}|${YEAR}${MONTH}月(${MONTH_OR_DAY})[日号](?![前后起以])|(本|下个?)月(上旬|中旬|下旬|初)`,
      'g',
    ),
    read: (m, ctx) =>
      replyOnly(ctx, () => {
        if (m[15]) {
          const part = m[15] === '上旬' || m[15] === '初' ? 10 : m[15] === '中旬' ? 20 : undefined;
          return by('ten-days', relativeTo(ctx, (t) => {
            const [y, month] = m[14]!.startsWith('下') ? (t.m === 12 ? [t.y + 1, 1] : [t.y, t.m + 1]) : [t.y, t.m];
            return dueOn(y, month, part ?? lastDayOf(y, month), reference(t));
          }));
        }
        if (m[12]) {
          if (!aimed(m, ctx)) return undefined;
          return by('day', inYear(ctx, m[10], m[11], num(m[12]), () => num(m[13]!), AHEAD.test(ctx.clauseBefore)));
        }
        if (!aimed(m, ctx)) return undefined;
        if (m[3]) {
          const month = num(m[3]);
          const part = m[4] === '上旬' || m[4] === '初' ? 10 : m[4] === '中旬' ? 20 : undefined;
          return by(m[4] && m[4] !== '份' ? 'ten-days' : 'month-end', inYear(ctx, m[1], m[2], month, (y) => part ?? lastDayOf(y, month), AHEAD.test(ctx.clauseBefore)));
        }
        const relative = m[6] === '明' ? '明年' : m[6] ? '今年' : undefined;
        const [month, point]: [number, CalendarPoint] = m[7]
          ? [SEASON_END[m[7]]!, 'season-end']
          : m[8]
            ? [3, 'quarter-end']
            : m[9]
              ? [halfOrQuarterEnd(m[9]), m[9].endsWith('季度') ? 'quarter-end' : 'half-year-end']
              : [12, 'year-end'];
        if (month <= 12) return by(point, inYear(ctx, m[5], relative, month, (y) => lastDayOf(y, month)));
        // Winter ends in February of the next year.
        const december = inYear(ctx, m[5], relative, 12, () => 31);
        if (!('dueAt' in december)) return by(point, december);
        const y = Number(december.dueAt.slice(0, 4)) + 1;
        return by(point, dueOn(y, 2, lastDayOf(y, 2), december.anchor));
      }),
  },
  {
    // 本月底前, 月底前, 下个月底; "每月底" is a routine, not a limit.
    // "3个月" is a count: 个 bars a month only after a numeral, not in 下个月.
    re: new RegExp(`(本|这个|当|下个?)?(?<![\\d${CN_DIGITS}每])(?<![\\d${CN_DIGITS}]个)月(?:底|末)${BEFORE}?`, 'g'),
    read: (m, ctx) => by('month-end', relativeTo(ctx, (t) => periodEnd(t, 1, m[1]?.startsWith('下') ? 1 : 0))),
  },
  {
    // 上半年前, 第三季度末前, 2021年下半年内
    re: new RegExp(`${YEAR}(上半年|下半年|第?[一二三四1-4]季度)(?:底|末)?(?:${BEFORE}|内)`, 'g'),
    read: (m, ctx) => {
      const month = halfOrQuarterEnd(m[3]!);
      return by(m[3]!.endsWith('季度') ? 'quarter-end' : 'half-year-end', inYear(ctx, m[1], m[2], month, (y) => lastDayOf(y, month)));
    },
  },
  {
    // 本季度内, 下季度末, 本季度末前
    re: new RegExp(`(本|这个|当|下个?)季度(?:(?:底|末)${BEFORE}?|${BEFORE}|内)`, 'g'),
    read: (m, ctx) => by('quarter-end', relativeTo(ctx, (t) => periodEnd(t, 3, m[1]!.startsWith('下') ? 1 : 0))),
  },
  {
    // 2026年底前, 2026年内, 二〇二一年年底, 年底前, 今年年底, 明年底, 本年度内
    re: new RegExp(
      `(\\d{4}|[〇零一二三四五六七八九]{4})年(?:年?底|年?末|内)${BEFORE}?|(今|本|明|去)年年?度?(?:底|末|内)${BEFORE}?|(?<![\\d${CN_DIGITS}个多几半每去前近年])年(?:底|末|内)${BEFORE}?`,
      'g',
    ),
    read: (m, ctx) => {
      if (m[1]) return by('year-end', dueOn(num(m[1]), 12, 31, { kind: 'written' }));
      const relative = m[2] === '明' ? '明年' : m[2] === '去' ? '去年' : undefined;
      return by('year-end', inYear(ctx, undefined, relative ?? (m[2] ? '今年' : undefined), 12, () => 31));
    },
  },
  {
    // 本周五前, 下周一前 (weeks start on Monday), 本周内
    re: new RegExp(`(本|这个?|下个?)(?:周|星期|礼拜)(?:([一二三四五六日天])${BEFORE}?|内|之内)`, 'g'),
    read: (m, ctx) =>
      by(m[2] ? 'weekday' : 'week-end', relativeTo(ctx, (t) => onDay(t, (m[1]!.startsWith('下') ? 7 : 0) + (m[2] ? WEEKDAY[m[2]]! : 7) - t.weekday))),
  },
  {
    // 3个工作日内 (official calendar), 15日内, 一个月内, 两周内, 半个月内, 3至5个工作日内 (the longer)
    re: new RegExp(
      `(?<![\\d.${CN_DIGITS}])(?:(?:\\d{1,3}|[${CN_DIGITS}]{1,3})${RANGE_TO})?(?:(\\d{1,3})|([一二三四五六七八九十两]{1,3}))(${Object.keys(UNITS).join('|')})(?:内|之内|以内)|(半个月|半年)(?:内|之内|以内)`,
      'g',
    ),
    read: (m, ctx) => (m[4] ? counted(m[4] === '半年' ? 6 : 15, m[4] === '半年' ? 'month' : 'day', ctx) : counted(num(m[1] ?? m[2]!), UNITS[m[3]!]!, ctx)),
  },
  {
    // 春节前: by the eve of the next such festival, as the official and lunar calendars place it.
    re: new RegExp(`(${FESTIVAL_NAMES})(?:节|假期)?${BEFORE}`, 'g'),
    read: (m, ctx) =>
      by('festival', relativeTo(ctx, (t) => {
        const day = nextFestival(m[1]!, t.iso);
        return day ? dueOn(...dayAfter(day, -1), reference(t)) : { cause: 'beyond-calendar', reason: `“${m[1]}”的日期超出农历数据范围` };
      })),
  },
  {
    // 汛期前, 开学前: real limits whose dates the text does not give.
    re: new RegExp(`(主汛期|汛期|雨季|秋季开学|春季开学|开学|入冬|入夏|供暖季|采暖季|农忙)${BEFORE}`, 'g'),
    read: (m) => by('event', { cause: 'undated-event', reason: `“${m[1]}”的日期文中未写明` }),
  },
  {
    // 每月, 每季度, 每年底, 每年4月15日前: a routine; the day it names recurs with it.
    re: new RegExp(`每个?(季度|半年|年度|星期|天|日|周|月|季|年)的?(?:${MONTH_OR_DAY}月)?(?:${MONTH_OR_DAY}[日号]|底|末|初)?${BEFORE}?`, 'g'),
    read: (m) => ({ limit: { kind: 'recurring', every: PERIODS[m[1]!]! } }),
  },
  {
    // 长期坚持, 持续推进; in a 时限 field also 长期, 常态, 定期.
    re: new RegExp(`${ONGOING}|${ONGOING_IN_FIELD_ONLY}`, 'g'),
    read: (m, ctx) => (ONGOING_RE.test(m[0]) || (ctx.reference.kind === 'document' && ctx.reference.place === 'field') ? { limit: { kind: 'ongoing' } } : undefined),
  },
  { re: VAGUE_WORDS, read: (m) => ({ limit: { kind: 'vague', word: m[0] } }) },
];
