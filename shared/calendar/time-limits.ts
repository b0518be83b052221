import { FORMS, type FormContext, type Today } from './time-limit-forms.ts';
import type { TimeLimit, TimeLimitReference } from './time-limit-types.ts';

export { VAGUE_WORDS } from './time-limit-forms.ts';
export type { Anchor, CalendarPoint, LimitForm, Period, SpanUnit, TimeLimit, TimeLimitReference, UnknownCause } from './time-limit-types.ts';

/** A time limit in a text: where it stands, as written, and what it comes to. */
export interface FoundTimeLimit {
  /** Offset of the phrase in the text. */
  index: number;
  /** The phrase as written: "7个工作日内", "2020年9月底前", "尽快". */
  phrase: string;
  /**
   * The words just before a count that say where it starts, as written ("在征求活动结束后",
   * "本通知印发之日起"): anchorText + phrase stand together in the text. Absent when the count
   * names no start of its own.
   */
  anchorText?: string;
  limit: TimeLimit;
}

const CLAUSE_BREAKS = ['，', ',', '。', '；', ';', '：', ':', '！', '!', '？', '?', '、', '\n'];
const SENTENCE_END = /[。；;！!？?\n]$/;

const SPACE_RUN = /[ \t\u00a0\u3000]+/g;
const ASCII_OR_DIGIT = /^[A-Za-z0-9０-９]$/;
const FULL_WIDTH_DIGIT = /^[０-９]$/;

/**
 * The text as the forms read it, with where each of its characters stands in the original:
 * full-width digits folded to ASCII, and spaces inside Chinese ("2021 年 9 月底前") dropped; a
 * space between two ASCII letters or digits stays.
 */
function readable(text: string): { text: string; at: number[] } {
  if (!/[０-９\u3000]|[^\S\n]/.test(text)) return { text, at: Array.from({ length: text.length + 1 }, (_, i) => i) };
  let out = '';
  const at: number[] = [];
  const keep = (from: number, to: number): void => {
    for (let i = from; i < to; i++) {
      const c = text[i]!;
      out += FULL_WIDTH_DIGIT.test(c) ? String.fromCharCode(c.charCodeAt(0) - 0xfee0) : c;
      at.push(i);
    }
  };
  let done = 0;
  for (const space of text.matchAll(SPACE_RUN)) {
    const end = space.index + space[0].length;
    keep(done, space.index);
    if (ASCII_OR_DIGIT.test(text[space.index - 1] ?? '') && ASCII_OR_DIGIT.test(text[end] ?? '')) keep(space.index, end);
    done = end;
  }
  keep(done, text.length);
  at.push(text.length);
  return { text: out, at };
}

/** Where the clause holding text[at] starts: after a break, or inside a bracket still open there ("（户口登记机关7个工作日内"). */
function clauseStartOf(text: string, at: number): number {
  const breaks = CLAUSE_BREAKS.map((p) => text.lastIndexOf(p, at - 1));
  const open = Math.max(text.lastIndexOf('（', at - 1), text.lastIndexOf('(', at - 1));
  const closed = Math.max(text.lastIndexOf('）', at - 1), text.lastIndexOf(')', at - 1));
  return Math.max(...breaks, open > closed ? open : -1) + 1;
}

function todayOf(date: string | undefined): Today | undefined {
  if (!date) return undefined;
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return {
    iso: date,
    y: Number(date.slice(0, 4)),
    m: Number(date.slice(5, 7)),
    weekday: day === 0 ? 7 : day,
  };
}

/**
 * Every time limit in a text, in reading order, each resolved against the reference date: dated
 * and counted limits, events without a date, routines, ongoing tasks and vague words. Where two
 * overlap ("9月底前" inside "2020年9月底前"), the longer stands; a count's anchor is part of it.
 */
export function findTimeLimits(text: string, reference: TimeLimitReference): FoundTimeLimit[] {
  const { text: read, at } = readable(text);
  const today = todayOf(reference.date);
  const found: (FoundTimeLimit & { start: number; end: number })[] = [];
  for (const form of FORMS) {
    for (const m of read.matchAll(form.re)) {
      const clauseStart = clauseStartOf(read, m.index);
      const ctx: FormContext = {
        reference,
        today,
        clauseBefore: read.slice(clauseStart, m.index),
        opensSentence: clauseStart === 0 || SENTENCE_END.test(read.slice(0, clauseStart).trimEnd()) || read.slice(0, clauseStart).trim() === '',
      };
      const r = form.read(m, ctx);
      if (!r) continue;
      const [index, end] = [at[m.index]!, at[m.index + m[0].length - 1]! + 1];
      const start = r.anchorText ? at[m.index - r.anchorText.length]! : index;
      found.push({
        index,
        phrase: text.slice(index, end),
        ...(r.anchorText ? { anchorText: text.slice(start, index) } : {}),
        limit: r.limit,
        start,
        end,
      });
    }
  }
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  return found
    .filter((f, i) => !found.slice(0, i).some((g) => f.start < g.end))
    .map(({ start: _start, end: _end, ...f }) => f);
}
