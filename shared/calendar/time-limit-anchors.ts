import { numberIn } from './chinese-numbers.ts';
import { endOfDay } from './calendar-dates.ts';

/**
 * Where the clause before a count says it starts. `text` is that clause's tail as written, from
 * the word that opens the anchor ("在征求活动结束后", "本通知印发之日起"), so it and the count
 * read together as the limit.
 */
export type CountStart =
  /** Nothing, or only who acts ("我局将", "各单位"): the count runs from the reference date where the text allows. */
  | { kind: 'none' }
  /** This text's own date: "即日起", "自本通知印发之日起", "本回复之日起". */
  | { kind: 'self'; text: string }
  /** A written date: "自2021年8月1日起". */
  | { kind: 'date'; text: string; date: string }
  /** A written date that does not exist: "自2021年2月30日起". */
  | { kind: 'invalid'; text: string; reason: string }
  /** An event without a date: "在征求活动结束后", "收到申请之日起". `event` is '' when nothing names it. */
  | { kind: 'event'; text: string; event: string };

/** Words that lead a clause without naming anything: "并", "应当", "力争". */
const LEADING_CONNECTIVES = /^(?:并且?|且|均|必须|应当|务必|确保|力争|争取|原则上|(?:要|应|须|需)(?![求急对用要]))+/;
/** "…后应在", "…之日起须于", "一般在不超过": the modal, preposition and bound just before the count. */
const TRAILING_MODAL = /(?:应当|应|须|必须|要|需)?(?:分别)?(?:在|于)?(?:不超过|最长|最迟|至迟)?$/;
/**
 * The word that opens an anchor; the last one in the clause, so "我局将在收到申请后" starts at 在.
 * Not one inside a word (现在, 关于, 自行) nor one before a date ("于2018年4月12日函告…"), which
 * says when something happened.
 */
const OPENER = /(?<![现正存所关对由属位用等各])[在自从于](?![行己身事而])(?![\d〇零一二三四五六七八九十]{1,4}[年月])(?=.)/g;
const SELF =
  /^[在自从于]?(?:即日|今日|今天|现在|本?(?:回复|答复)之日|(?:本(?:通知|意见|实施意见|方案|要点|办法|文件|计划))?(?:印发|下发|发布|出台)(?:之日)?)(?:起|开始|后|以后|之后)?$/;
const DATED = /(\d{4}|[〇零一二三四五六七八九]{4})年(\d{1,2}|[一二三四五六七八九十]{1,2})月(\d{1,2}|[一二三四五六七八九十]{1,3})日(?:起|后|以后|之后)?$/;
const EVENT_END = /(?:之日起|之日|以后|之后|后|起)的?$/;

/** Where a count starts, read from the clause before it. */
export function readAnchor(clauseBefore: string): CountStart {
  const core = clauseBefore.trimEnd().replace(TRAILING_MODAL, '');
  const lead = core.length - core.replace(/^\s+/, '').replace(LEADING_CONNECTIVES, '').length;
  if (core.length === lead) return { kind: 'none' };
  const openers = [...core.slice(lead).matchAll(OPENER)].map((m) => lead + m.index);
  const opener = Math.max(lead, ...openers);
  const whole = core.slice(lead);
  const fromOpener = core.slice(opener);
  // "现在起" holds 在: the whole clause is tried before its tail from the last opener.
  const self = [whole, fromOpener].find((s) => SELF.test(s));
  if (self !== undefined) return { kind: 'self', text: clauseBefore.slice(core.length - self.length) };
  const dated = DATED.exec(core);
  if (dated) {
    const date = endOfDay(numberIn(dated[1]!) ?? 0, numberIn(dated[2]!) ?? 0, numberIn(dated[3]!) ?? 0)?.slice(0, 10);
    // "自2021年8月1日起": the opener belongs to the anchor only right before the date.
    const text = clauseBefore.slice(/[在自从于]/.test(core[dated.index - 1] ?? '') ? dated.index - 1 : dated.index);
    return date ? { kind: 'date', text, date } : { kind: 'invalid', text, reason: `起算日${dated[0].replace(/(?:起|后|以后|之后)$/, '')}不是有效日期` };
  }
  const event = fromOpener.replace(/^[在自从于]/, '');
  // "在出生", "自受理申请之日起", "收到申请后": an opener or an ending names an event; "我局将", "各单位" only who acts.
  if (openers.length === 0 && !EVENT_END.test(event) && !/收到|接到/.test(event)) return { kind: 'none' };
  return { kind: 'event', text: clauseBefore.slice(opener), event: event.replace(EVENT_END, '') };
}
