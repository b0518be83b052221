/**
 * The date a text's time limits are read against, as the caller knows it (YYYY-MM-DD, China
 * time). The two kinds of text read bare phrases differently:
 * - a government document: a count with no stated start ("7个工作日内") runs from the document's
 *   date only in a 时限 field or when it opens a sentence; a yearless date before the document's
 *   date is not guessed. Its date may be unknown.
 * - a reply: a count runs from the reply unless it names another starting event; a yearless date
 *   already past belongs to next year, since nobody promises a date behind them.
 */
export type TimeLimitReference =
  | { kind: 'document'; date: string | undefined; place: 'field' | 'body' }
  | { kind: 'reply'; date: string };

/** What a due date was worked out from. */
export type Anchor =
  /** The phrase gives the whole date itself: "2021年10月15日前", "2021年底前". */
  | { kind: 'written' }
  /** The caller's reference date: a count from it ("7个工作日内"), or its year, month or week ("9月底前", "本月底", "下周一前", "春节前"). */
  | { kind: 'reference'; date: string }
  /** A start date the text writes before the count: "自2021年8月1日起30日内". */
  | { kind: 'stated'; date: string };

/** A point on the calendar a limit runs to. `event` is one the text gives no date for (汛期前). */
export type CalendarPoint = 'day' | 'ten-days' | 'month-end' | 'quarter-end' | 'half-year-end' | 'season-end' | 'year-end' | 'weekday' | 'week-end' | 'festival' | 'event';
export type SpanUnit = 'day' | 'working-day' | 'week' | 'month' | 'year';
export type Period = 'day' | 'week' | 'month' | 'quarter' | 'half-year' | 'year';

/** What a limit says, before it is resolved: by a point ("9月底前", "春节前"), or within a span ("7个工作日内"). */
export type LimitForm = { kind: 'by'; point: CalendarPoint } | { kind: 'within'; count: number; unit: SpanUnit };

/** Why a limit that names a date cannot be resolved to one. */
export type UnknownCause =
  /** "2月30日前", "0个工作日内". */
  | 'invalid'
  /** Working days past the published holiday calendar, a festival past the lunar tables. */
  | 'beyond-calendar'
  /** Counted from, or set by, an event whose date the text does not give: "征求活动结束后1个月内", "汛期前". */
  | 'undated-event'
  /** A count in a document's running text that names no start. */
  | 'no-anchor'
  /** The phrase needs the reference date, and the caller does not know it. */
  | 'no-reference'
  /** A yearless date before the document's date. */
  | 'before-reference';

/** A time limit as found in a text, and what it comes to against the reference date. */
export type TimeLimit =
  | { kind: 'date'; form: LimitForm; /** End of the due day, 23:59:59.999 China time. */ dueAt: string; anchor: Anchor }
  | { kind: 'unknown'; form: LimitForm; cause: UnknownCause; /** In Chinese, for a person to read. */ reason: string }
  /** "每月", "每季度": a routine with no single due date. */
  | { kind: 'recurring'; every: Period }
  /** "长期坚持", "持续推进" (and in a 时限 field "长期", "常态", "定期"): no due date. */
  | { kind: 'ongoing' }
  /** "尽快", "近期", "适时", "争取": a promise without a limit one can check. */
  | { kind: 'vague'; word: string };

/** A resolved due date or why there is none; the form is added by the caller. */
export type Resolution = { dueAt: string; anchor: Anchor } | { cause: UnknownCause; reason: string };
