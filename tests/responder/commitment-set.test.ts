import { describe, expect, it } from 'vitest';
import { readLabelledReplies } from '../../eval/commitments/read-labelled-replies.ts';
import { extractForScoring } from '../../eval/commitments/report.ts';
import { scoreCommitments } from '../../eval/commitments/score-commitments.ts';

// The hand-labelled government replies (eval/commitments), scored as `npm run eval` scores them;
// these are the floors below which a change to the extractor is a regression.
describe('the labelled commitment set (eval/commitments)', () => {
  const replies = readLabelledReplies();

  it('government promises in the replies the extractor was tuned on', () => {
    const s = scoreCommitments(
      replies.filter((r) => r.stratum !== 'unseen'),
      extractForScoring,
    );
    expect(s.governmentCorrect / s.extractedGovernment).toBeGreaterThanOrEqual(0.85);
    expect(s.governmentMatched / s.labelledGovernment).toBeGreaterThanOrEqual(0.84);
    expect(s.datedRight / s.datedMatched).toBeGreaterThanOrEqual(0.9);
    expect(s.thirdPartyMarked / s.labelledThirdParty).toBeGreaterThanOrEqual(0.75);
  });

  it('government promises in the unseen replies (labelled after tuning; measured, never read)', () => {
    const s = scoreCommitments(
      replies.filter((r) => r.stratum === 'unseen'),
      extractForScoring,
    );
    expect(s.replies).toBe(160);
    expect(s.governmentCorrect / s.extractedGovernment).toBeGreaterThanOrEqual(0.57);
    expect(s.governmentMatched / s.labelledGovernment).toBeGreaterThanOrEqual(0.8);
    expect(s.datedRight / s.datedMatched).toBeGreaterThanOrEqual(0.7);
  });
});
