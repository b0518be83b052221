import { z } from 'zod';
import { EventLevel, levelRank } from '../../shared/domain/event.ts';

/** A level an alert can be raised at: 一般 is every event's floor and never alerts. */
const AlertLevel = EventLevel.refine((l) => levelRank(l) > 0, { message: '一般 is the level of every event; a rule must give 较大, 重大 or 特别重大' });

const positive = z.number().positive();
const count = z.number().int().min(1);

/**
 * How items are grouped. A copy is within duplicateHamming bits of simhash AND has word
 * vectors at least duplicateSimilarity alike: on a short complaint one added word flips ~5 of
 * 64 bits, so the bit threshold alone is either too tight for reposts or too loose for
 * templated texts. Candidates come from equal 16-bit bands (certain up to 3 bits, likely
 * beyond) and from the same topic and place within windowHours.
 */
const Clustering = z.strictObject({
  duplicateHamming: z.number().int().min(0).max(12, 'beyond 12 of 64 bits texts are no longer near-duplicates'),
  duplicateSimilarity: z.number().min(0).max(1),
  windowHours: positive,
  /** Cosine between an item and an event's centroid needed to join the event. */
  minSimilarity: z.number().min(0).max(1),
});

const Burst = z.strictObject({
  level: AlertLevel,
  /** The recent window whose count is tested. */
  recentHours: positive,
  /** Days before the recent window that make the baseline. */
  baselineDays: z.number().int().min(1).max(60),
  /** Smoothing of the daily baseline (EWMA weight of the newest day). */
  alpha: z.number().gt(0).lte(1),
  /** Fewer items than this are never a burst, however quiet the place. */
  minItems: count,
  /** Largest Poisson tail probability still called a burst. */
  maxP: z.number().gt(0).lt(1),
  /** The recent count must also be this many times what the baseline expects. */
  minRatio: positive,
  /** Floor of the daily baseline, so a place with no history is not infinitely surprising. */
  floorPerDay: positive,
  /**
   * Days of collected history (anywhere in the index) the baseline needs before the rule
   * judges at all: a new installation has learned no baseline, and everything would look new.
   */
  minHistoryDays: z.number().int().min(1).max(60).default(7),
});

/**
 * Hotline concentration, counted over every event: at least minItems 12345 tickets about one
 * 办事事项 (the export's column, else its 三级分类, else its 二级分类) or handled by one 承办单位
 * within windowHours. appealTypes, when given, counts only those 诉求类型 (投诉, 求助 …).
 */
const Concentration = z.strictObject({
  level: AlertLevel,
  by: z.enum(['办事事项', '承办单位']),
  minItems: count,
  windowHours: positive,
  appealTypes: z.array(z.string().min(1)).min(1).optional(),
});

export const AlertRules = z.strictObject({
  $comment: z.string().optional(),
  clustering: Clustering.default({ duplicateHamming: 6, duplicateSimilarity: 0.8, windowHours: 72, minSimilarity: 0.3 }),
  volume: z.array(z.strictObject({ level: AlertLevel, minItems: count })),
  riskSignal: z.array(z.strictObject({ level: AlertLevel, signals: z.array(z.string()).min(1), minItems: count })),
  burst: z.array(Burst).default([]),
  hotlineConcentration: z.array(Concentration).default([]),
  heat: z.array(z.strictObject({ level: AlertLevel, minHeat: positive })).default([]),
  /** Alerts are raised when an event's level rises to at least minLevel, once per level. */
  escalation: z.strictObject({ minLevel: AlertLevel }).default({ minLevel: '较大' }),
});
export type AlertRules = z.infer<typeof AlertRules>;
export type BurstRule = z.infer<typeof Burst>;
export type ConcentrationRule = z.infer<typeof Concentration>;
export type ClusteringRules = z.infer<typeof Clustering>;
