import { z } from 'zod';
import { resolve } from 'node:path';
import { Gazetteer } from '../../shared/domain/gazetteer.ts';
import { readJson } from '../../shared/read-json.ts';
import { AlertRules } from './alert-rules.ts';
import { IntensityLexicon, DEFAULT_INTENSITY_LEXICON } from './intensity.ts';
import { SentimentLexicon } from './negativity.ts';
import { DEFAULT_NEGATIVITY_MODEL, NegativityModelFile } from './negativity-model/negativity-model.ts';
import { TopicModel } from './topic-model/topic-model.ts';

/** The analyzer's rule files, validated at start so a bad edit stops the service with the file and key named. */

/** A cue: groups of alternative words, each group found near the others (cue-matcher.ts). */
const Cue = z.array(z.array(z.string().min(1)).min(1)).min(2);

const Topics = z.object({
  topics: z.array(
    z.object({
      code: z.string().regex(/^[a-z_]+$/),
      label: z.string().min(1),
      parent: z.string().optional(),
      keywords: z.array(z.string().min(1)),
      /** Co-occurring words that name the topic together (cue-matcher.ts). */
      cues: z.array(Cue).optional(),
      /** Hotline classification labels (一级/二级/三级分类) that mean this topic: a label equal to or containing one. */
      classifiedAs: z.array(z.string().min(2)).optional(),
    }),
  ),
});
export type TopicRule = z.infer<typeof Topics>['topics'][number];

const RiskSignals = z.object({
  signals: z.array(
    z.object({
      code: z.string(),
      label: z.string(),
      weight: z.number(),
      keywords: z.array(z.string().min(1)),
      cues: z.array(Cue).optional(),
      /** The signal also fires when the item's 情绪激烈程度 (sentiment.intensity.score) reaches this, with the intensity's evidence. */
      minIntensity: z.number().min(0).max(1).optional(),
    }),
  ),
  /** 重复来电: the Nth item by one caller (the collector's keyed hash), N ≥ minCalls. */
  repeatCaller: z
    .strictObject({ code: z.string().default('repeat_caller'), label: z.string().default('重复来电'), weight: z.number(), minCalls: z.number().int().min(2) })
    .optional(),
});
export type RiskRules = z.infer<typeof RiskSignals>;



/** The negativity lexicon shipped with the analyzer; an administrator may edit or replace it. */
export const DEFAULT_SENTIMENT_LEXICON = resolve(import.meta.dirname, '../../config/sentiment-lexicon.json');

export interface AnalyzerRules {
  topics: TopicRule[];
  risk: RiskRules;
  gazetteer: Gazetteer;
  alerts: AlertRules;
  /** Negativity lexicon; the shipped one when absent. */
  sentiment?: SentimentLexicon;
  /** First-level topic classifier; the committed model when absent. */
  topicModel?: TopicModel;
  /** Negativity model; the committed one when absent. */
  negativityModel?: NegativityModelFile;
  /** Intensity lexicon; the shipped one when absent. */
  intensity?: IntensityLexicon;
}

export interface AnalyzerRulePaths {
  topicsPath: string;
  riskPath: string;
  gazetteerPath: string;
  alertRulesPath: string;
  sentimentPath?: string;
  topicModelPath?: string;
  negativityModelPath?: string;
  intensityPath?: string;
}

export function loadAnalyzerRules(paths: AnalyzerRulePaths): AnalyzerRules {
  return {
    topics: readJson(paths.topicsPath, Topics).topics,
    risk: readJson(paths.riskPath, RiskSignals),
    gazetteer: readJson(paths.gazetteerPath, Gazetteer),
    alerts: readJson(paths.alertRulesPath, AlertRules),
    sentiment: readJson(paths.sentimentPath ?? DEFAULT_SENTIMENT_LEXICON, SentimentLexicon),
    topicModel: TopicModel.load(paths.topicModelPath),
    negativityModel: readJson(paths.negativityModelPath ?? DEFAULT_NEGATIVITY_MODEL, NegativityModelFile),
    intensity: readJson(paths.intensityPath ?? DEFAULT_INTENSITY_LEXICON, IntensityLexicon),
  };
}
