import { addSpan, endOfDay } from '../../../shared/calendar/calendar-dates.ts';
import { findTimeLimits, type FoundTimeLimit } from '../../../shared/calendar/time-limits.ts';
import type { CommitmentDue } from './commitment.ts';

/** A time limit found in a reply: where it stands, as written, and what it comes to. */
export interface DuePhrase {
  index: number;
  phrase: string;
  due: CommitmentDue;
}

/** What joins the two ends of a range: "10月8日至10月10日期间", "6月1日—6月15日". */
const RANGE_JOIN = /^\s*(?:至|到|—|-|～|~)\s*$/;

/**
 * Every dated or counted time limit in a reply, in reading order, resolved against the reply's
 * China date (YYYY-MM-DD). Routines, ongoing tasks and vague words set no due date. A range is
 * due at its end, in the year its start names; a count from an event the reply dates elsewhere
 * ("2017年12月3日项目建成开业" … "投运三个月内") runs from that day.
 */
export function findDuePhrases(text: string, replyDay: string): DuePhrase[] {
  const found = findTimeLimits(text, { kind: 'reply', date: replyDay });
  const out: DuePhrase[] = [];
  found.forEach((f, i) => {
    const next = found[i + 1];
    if (next && f.limit.kind === 'date' && next.limit.kind === 'date' && RANGE_JOIN.test(text.slice(f.index + f.phrase.length, next.index))) return;
    const previous = found[i - 1];
    const rangeStart =
      previous?.limit.kind === 'date' && RANGE_JOIN.test(text.slice(previous.index + previous.phrase.length, f.index)) ? previous : undefined;
    if (f.limit.kind === 'date') {
      const dueAt = rangeStart ? rangeEnd(rangeStart, f) : f.limit.dueAt;
      const index = rangeStart?.index ?? f.index;
      const phrase = text.slice(index, f.index + f.phrase.length);
      out.push({ index, phrase, due: { kind: 'date', phrase, dueAt } });
    } else if (f.limit.kind === 'unknown') {
      const dueAt = f.limit.cause === 'undated-event' ? fromDatedEvent(text, f) : undefined;
      out.push({ index: f.index, phrase: f.phrase, due: dueAt ? { kind: 'date', phrase: f.phrase, dueAt } : { kind: 'unknown', phrase: f.phrase, reason: f.limit.reason } });
    }
  });
  return out;
}

/** The end of a range, in the year of its start when the end writes none ("2019年10月8日至10月10日"). */
function rangeEnd(start: FoundTimeLimit, end: FoundTimeLimit): string {
  if (start.limit.kind !== 'date' || end.limit.kind !== 'date') throw new Error('range ends must be dates');
  if (/年/.test(end.phrase) || !/年/.test(start.phrase)) return end.limit.dueAt;
  const [y, m, d] = [Number(start.limit.dueAt.slice(0, 4)), Number(end.limit.dueAt.slice(5, 7)), Number(end.limit.dueAt.slice(8, 10))];
  const sameYear = endOfDay(y, m, d);
  if (sameYear === undefined) return end.limit.dueAt;
  return sameYear >= start.limit.dueAt ? sameYear : (endOfDay(y + 1, m, d) ?? end.limit.dueAt);
}

/** A full written date, as a reply states when something happened: "2017年12月3日". */
const WRITTEN_DAY = /(\d{4})年(\d{1,2})月(\d{1,2})[日号]/g;

/**
 * A count from an event ("在投运三个月内") whose day the reply writes elsewhere: a full date
 * followed closely by the same event, in the same or longer words ("投运" as "投入运营").
 */
function fromDatedEvent(text: string, count: FoundTimeLimit): string | undefined {
  if (count.limit.kind !== 'unknown' || count.limit.form.kind !== 'within' || !count.anchorText) return undefined;
  const event = count.anchorText.replace(/^(?:在|自|从|于|经)/, '').replace(/(?:之日起|之日|后|起|时)$/, '');
  if (event.length < 2) return undefined;
  const sameEvent = new RegExp([...event].join('.{0,2}'));
  for (const m of text.matchAll(WRITTEN_DAY)) {
    const after = text.slice(m.index + m[0].length, m.index + m[0].length + 12).split(/[。；，,]/)[0]!;
    const day = endOfDay(Number(m[1]), Number(m[2]), Number(m[3]))?.slice(0, 10);
    if (!day || !sameEvent.test(after)) continue;
    const r = addSpan(day, count.limit.form.count, count.limit.form.unit, { kind: 'stated', date: day });
    if ('dueAt' in r) return r.dueAt;
  }
  return undefined;
}
