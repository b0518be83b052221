import { findTimeLimits } from '../../../shared/calendar/time-limits.ts';
import type { CommitmentDue } from './commitment.ts';

/** A time limit found in a reply: where it stands, as written, and what it comes to. */
export interface DuePhrase {
  index: number;
  phrase: string;
  due: CommitmentDue;
}

/**
 * Every dated or counted time limit in a reply, in reading order, resolved against the reply's
 * China date (YYYY-MM-DD). Routines, ongoing tasks and vague words set no due date.
 */
export function findDuePhrases(text: string, replyDay: string): DuePhrase[] {
  return findTimeLimits(text, { kind: 'reply', date: replyDay }).flatMap(({ index, phrase, limit }): DuePhrase[] => {
    if (limit.kind === 'date') return [{ index, phrase, due: { kind: 'date', phrase, dueAt: limit.dueAt } }];
    if (limit.kind === 'unknown') return [{ index, phrase, due: { kind: 'unknown', phrase, reason: limit.reason } }];
    return [];
  });
}
