import { z } from 'zod';
import { PolicyDocument } from './policy-document.ts';
import { RawItem } from './raw-item.ts';

/** A judgement and the words or signals that drove it, so a person can see why. */
export const TopicJudgement = z.object({
  code: z.string(),
  label: z.string(),
  score: z.number(),
  evidence: z.array(z.string()),
});
export type TopicJudgement = z.infer<typeof TopicJudgement>;

export const RiskSignal = z.object({
  code: z.string(),
  label: z.string(),
  evidence: z.array(z.string()),
});
export type RiskSignal = z.infer<typeof RiskSignal>;

export const AnalyzedItem = RawItem.extend({
  normText: z.string(),
  tokens: z.array(z.string()),
  topics: z.array(TopicJudgement),
  sentiment: z.object({ score: z.number(), evidence: z.array(z.string()) }),
  risk: z.object({ score: z.number(), signals: z.array(RiskSignal) }),
  places: z.array(z.string()),
  departments: z.array(z.string()),
  /** 64-bit simhash as 16 hex digits. */
  simhash: z.string().regex(/^[0-9a-f]{16}$/),
  eventId: z.string(),
  /** Set on a near-duplicate (copy, repost): the id of the item it copies, which counts it. */
  duplicateOf: z.string().optional(),
  analyzerVersion: z.string(),
  /** 文号, 发布机关, date and tasks, for items that are government documents. */
  policy: PolicyDocument.optional(),
});
export type AnalyzedItem = z.infer<typeof AnalyzedItem>;
