import { z } from 'zod';
import { EventLevel } from '../../shared/domain/event.ts';

/** A level an alert can be raised at. */
const AlertLevel = EventLevel;

/**
 * 诉求类型 a rule does not count: praise, thanks and questions are no sign that something went
 * wrong, however many arrive. They stay searchable and counted in statistics.
 */
const NOT_COMPLAINTS = ['表扬', '感谢', '咨询'];
const ExcludedAppeals = z.array(z.string().min(1)).default(NOT_COMPLAINTS);

const positive = z.number().positive();
const count = z.number().int().min(1);

/**
 * How items are grouped. A copy is within duplicateHamming bits of simhash AND shares at least
 * duplicateSimilarity of the shorter text's 4-character shingles (near-duplicate.ts): on a
 * short complaint one added word flips ~5 of 64 bits, and on long documents of one subject a
 * few bits apart says little, so the bits only find candidates. Candidates come from equal
 * 16-bit bands (certain up to 3 bits, likely beyond) and from the same place within windowHours.
 * An item joins the event it fits best (EventAssigner.fit) when the fit reaches minSimilarity.
 */
const Clustering = z.strictObject({
  duplicateHamming: z.number().int().min(0).max(12, 'beyond 12 of 64 bits texts are no longer near-duplicates'),
  duplicateSimilarity: z.number().min(0).max(1),
  windowHours: positive,
  /** Fit needed to join an event: cosine of rare terms with the event, raised by topic and time. */
  minSimilarity: z.number().min(0).max(1),
  /** Below this cosine of rare terms an item fits no event, whatever its topic and time. */
  minTextSimilarity: z.number().min(0).max(1).default(0.06),
  /** How much sharing a topic with the event raises the fit (1 = doubles it). */
  topicWeight: z.number().min(0).default(1),
  /** How much a member close in time raises the fit at most (1 = doubles it). */
  timeWeight: z.number().min(0).default(1),
  /** The time raise falls to 1/e this many hours from the nearest member. */
  timeScaleHours: positive.default(6),
  /**
   * An item whose fit to a second event is at least this share of its fit to its best event
   * merges the two (1: only on equal fits).
   */
  mergeRatio: z.number().gt(0).max(1).default(0.5),
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
  excludeAppealTypes: ExcludedAppeals,
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
  /** Left out when appealTypes is not given. */
  excludeAppealTypes: ExcludedAppeals,
});

/**
 * Volume: at least minItems complaints in the event, counting each caller once (one person
 * calling six times about a neighbour is one complaint) and leaving out excludeAppealTypes.
 */
const Volume = z.strictObject({ level: AlertLevel, minItems: count, excludeAppealTypes: ExcludedAppeals });

/** At least minItems of the event's items carry one of the signals (excludeAppealTypes left out). */
const RiskSignalRule = z.strictObject({ level: AlertLevel, signals: z.array(z.string()).min(1), minItems: count, excludeAppealTypes: ExcludedAppeals });

/** An event no item reached for quietHours is 已平息 (status closed) until the next item arrives. */
const Lifecycle = z.strictObject({ quietHours: positive });

export const AlertRules = z.strictObject({
  $comment: z.string().optional(),
  clustering: Clustering.default({ duplicateHamming: 6, duplicateSimilarity: 0.8, windowHours: 72, minSimilarity: 0.16, minTextSimilarity: 0.06, topicWeight: 1, timeWeight: 1, timeScaleHours: 6, mergeRatio: 0.5 }),
  volume: z.array(Volume),
  riskSignal: z.array(RiskSignalRule),
  burst: z.array(Burst).default([]),
  hotlineConcentration: z.array(Concentration).default([]),
  heat: z.array(z.strictObject({ level: AlertLevel, minHeat: positive })).default([]),
  /** Alerts are raised when an event's level rises to at least minLevel, once per level. */
  escalation: z.strictObject({ minLevel: AlertLevel }).default({ minLevel: '较大' }),
  lifecycle: Lifecycle.default({ quietHours: 72 }),
});
export type AlertRules = z.infer<typeof AlertRules>;
export type BurstRule = z.infer<typeof Burst>;
export type ConcentrationRule = z.infer<typeof Concentration>;
export type ClusteringRules = z.infer<typeof Clustering>;
export type VolumeRule = z.infer<typeof Volume>;
export type RiskSignalRule = z.infer<typeof RiskSignalRule>;
