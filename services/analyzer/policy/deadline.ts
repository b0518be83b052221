import { findTimeLimits, type FoundTimeLimit } from '../../../shared/calendar/time-limits.ts';
import type { PolicyDeadline } from '../../../shared/domain/policy-document.ts';

const ONGOING_REASON = '长期任务，没有截止日期';

/** The limits a document's deadline is read from: dated or counted ones, resolved or not. */
const isDeadline = (f: FoundTimeLimit): boolean => f.limit.kind === 'date' || f.limit.kind === 'unknown';
const isOngoing = (f: FoundTimeLimit): boolean => f.limit.kind === 'ongoing' || f.limit.kind === 'recurring';

/** A found limit as the document writes it: a count with the start it names ("本通知印发之日起1个月内"). */
function asDeadline(f: FoundTimeLimit): PolicyDeadline {
  const text = (f.anchorText ?? '') + f.phrase;
  if (f.limit.kind === 'date') return { text, dueAt: f.limit.dueAt };
  return { text, reason: f.limit.kind === 'unknown' ? f.limit.reason : ONGOING_REASON };
}

/** The deadline of a passage: its first dated or counted phrase, else an ongoing marker, else none. */
export function deadlineOf(text: string, docDate: string | undefined): PolicyDeadline {
  const found = findTimeLimits(text, { kind: 'document', date: docDate, place: 'body' });
  const first = found.find(isDeadline) ?? found.find((f) => f.limit.kind === 'ongoing');
  return first ? asDeadline(first) : { text: '', reason: '文中未写明时限' };
}

/** A 时限 field ("完成时限：7个工作日内") read whole: a bare count there runs from the document's date. */
export function deadlineFromField(value: string, docDate: string | undefined): PolicyDeadline {
  const text = value.trim();
  const found = findTimeLimits(text, { kind: 'document', date: docDate, place: 'field' });
  const first = found.find(isDeadline);
  if (first) return asDeadline(first);
  if (found.some(isOngoing)) return { text, reason: ONGOING_REASON };
  return { text, reason: '时限未写成可计算的日期' };
}

/** Whether a clause of a responsibility note is its time limit ("2021年底前完成", "长期坚持"). */
export function isDeadlineClause(clause: string): boolean {
  return findTimeLimits(clause, { kind: 'document', date: undefined, place: 'field' }).some((f) => isDeadline(f) || isOngoing(f));
}
