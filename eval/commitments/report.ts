/**
 * The commitment section of `npm run eval`: the extractor on the labelled replies it was tuned on
 * and on the unseen ones (score-commitments.ts says how it scores).
 * The extractor gets what production has, the text and the time the reply was published; it
 * finds the date the reply signs itself with on its own.
 */
import { parseChinaTime } from '../../shared/domain/time.ts';
import { extractCommitments } from '../../services/responder/commitments/extract-commitments.ts';
import { readLabelledReplies, type LabelledReply } from './read-labelled-replies.ts';
import { formatScores, scoreCommitments, type ScoredExtraction } from './score-commitments.ts';

export function extractForScoring(reply: LabelledReply): ScoredExtraction[] {
  return extractCommitments(reply.reply, { referenceDate: parseChinaTime(reply.reply_time) ?? Date.parse(`${reply.reply_date}T12:00:00+08:00`) }).map((c) => ({
    start: c.span.start,
    end: c.span.end,
    promiser: c.promiser,
    due: c.due?.kind === 'date' ? c.due.dueAt.slice(0, 10) : c.vague || c.due ? 'vague' : 'none',
  }));
}

/**
 * Report lines: the replies the extractor was tuned on (strata random and promise-rich; the
 * earlier held-out third among them was read after it had been measured) and the unseen
 * stratum, labelled after tuning by a labeller who did not see the extractor.
 */
export function commitmentReport(replies: readonly LabelledReply[] = readLabelledReplies()): string[] {
  const unseen = replies.filter((r) => r.stratum === 'unseen');
  const tuned = replies.filter((r) => r.stratum !== 'unseen');
  return [
    'commitments in government replies (eval/commitments, government promises; matched by span overlap ≥ half the shorter):',
    `  ${formatScores('tuned on', scoreCommitments(tuned, extractForScoring))}`,
    `  ${formatScores('unseen', scoreCommitments(unseen, extractForScoring))}`,
  ];
}
