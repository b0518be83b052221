/**
 * The commitment section of `npm run eval`: the extractor on the labelled replies, on the
 * development part and on the fixed held-out third (score-commitments.ts says how it scores).
 * The extractor gets what production has, the text and the time the reply was published; it
 * finds the date the reply signs itself with on its own.
 */
import { parseChinaTime } from '../../shared/domain/time.ts';
import { extractCommitments } from '../../services/responder/commitments/extract-commitments.ts';
import { readLabelledReplies, type LabelledReply } from './read-labelled-replies.ts';
import { formatScores, scoreCommitments, splitReplies, type ScoredExtraction } from './score-commitments.ts';

export function extractForScoring(reply: LabelledReply): ScoredExtraction[] {
  return extractCommitments(reply.reply, { referenceDate: parseChinaTime(reply.reply_time) ?? Date.parse(`${reply.reply_date}T12:00:00+08:00`) }).map((c) => ({
    start: c.span.start,
    end: c.span.end,
    promiser: c.promiser,
    due: c.due?.kind === 'date' ? c.due.dueAt.slice(0, 10) : c.vague || c.due ? 'vague' : 'none',
  }));
}

/** Report lines: development part, held-out third, and the whole set. */
export function commitmentReport(replies: readonly LabelledReply[] = readLabelledReplies()): string[] {
  const { dev, heldOut } = splitReplies(replies);
  return [
    'commitments in government replies (eval/commitments, government promises; matched by span overlap ≥ half the shorter):',
    `  ${formatScores('development', scoreCommitments(dev, extractForScoring))}`,
    `  ${formatScores('held-out', scoreCommitments(heldOut, extractForScoring))}`,
    `  ${formatScores('all', scoreCommitments(replies, extractForScoring))}`,
  ];
}
