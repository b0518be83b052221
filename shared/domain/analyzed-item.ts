import { z } from 'zod';
import { PolicyDocument } from './policy-document.ts';
import { RawItem } from './raw-item.ts';

/** A judgement and the words or signals that drove it, so a person can see why. */
export const TopicJudgement = z.object({
  code: z.string(),
  label: z.string(),
  score: z.number(),
  evidence: z.array(z.string()),
  /** Of a focus topic: the code of the first-level category it sits under (工资拖欠 → 劳动和社会保障). */
  parent: z.string().optional(),
  /**
   * A first-level category only implied by one of the item's focus topics (工资拖欠 ⊂ 劳动和社会保障),
   * not judged by itself: kept for search and statistics, not shown beside its focus topic.
   */
  implied: z.literal(true).optional(),
});
export type TopicJudgement = z.infer<typeof TopicJudgement>;

export const RiskSignal = z.object({
  code: z.string(),
  label: z.string(),
  evidence: z.array(z.string()),
});
export type RiskSignal = z.infer<typeof RiskSignal>;

/** 情绪激烈程度: how heated the writing is (emoticons, ！！！, threats, insults), apart from polarity. */
export const Intensity = z.object({
  /** 0 (calm) .. 1 (furious). */
  score: z.number().min(0).max(1),
  /** What made it intense, e.g. "表情：[怒]×3", "连续感叹：！！！！", "威胁：上访". */
  evidence: z.array(z.string()),
});
export type Intensity = z.infer<typeof Intensity>;

export const SentimentLabel = z.enum(['negative', 'not_negative']);
export type SentimentLabel = z.infer<typeof SentimentLabel>;

/**
 * An item's polarity and intensity. Items stored before the negativity model have neither label
 * nor intensity: they read as their score's sign says and as calm.
 */
export const Sentiment = z
  .object({
    /** −1..1, 1 − 2 × P(negative) of the negativity model: below 0 leans negative. */
    score: z.number(),
    label: SentimentLabel.optional(),
    /** What drove the polarity, each with its pull (below 0 towards negative), e.g. "推诿(-0.84)". */
    evidence: z.array(z.string()),
    intensity: Intensity.default({ score: 0, evidence: [] }),
  })
  .transform((s) => ({ ...s, label: s.label ?? (s.score < 0 ? SentimentLabel.enum.negative : SentimentLabel.enum.not_negative) }));
export type Sentiment = z.infer<typeof Sentiment>;

/**
 * What a 12345 ticket is about and who handles it, read from the export's columns (attrs) so
 * the index can count complaints per 办事事项 and 承办单位 across events.
 */
export const HotlineFacts = z.object({
  /** 办事事项: the export's own column, else its 三级分类, else its 二级分类. */
  matter: z.string().optional(),
  /** 承办单位, under its gazetteer name when it is one of the county's departments. */
  handlingUnit: z.string().optional(),
  /** 诉求类型 (投诉, 咨询, 求助 …). */
  appealType: z.string().optional(),
});
export type HotlineFacts = z.infer<typeof HotlineFacts>;

/**
 * An item's words, checked in one loop: z.array(z.string()) copies an item's hundreds of tokens
 * one by one, about 40 µs per item, paid on every document an index read returns (the analyzer
 * reads up to 500 candidates at a time).
 */
const Words = z.custom<string[]>((v) => Array.isArray(v) && v.every((w) => typeof w === 'string'), 'expected a list of words (strings)');

export const AnalyzedItem = RawItem.extend({
  normText: z.string(),
  tokens: Words,
  topics: z.array(TopicJudgement),
  sentiment: Sentiment,
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
  /** For hotline items whose export names any of them. */
  hotline: HotlineFacts.optional(),
});
export type AnalyzedItem = z.infer<typeof AnalyzedItem>;
