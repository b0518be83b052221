import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { EventLevel } from '../../shared/domain/event.ts';

/** The analyzer's rule files, validated at start so a bad edit stops the service with the file and key named. */

const Topics = z.object({
  topics: z.array(
    z.object({
      code: z.string().regex(/^[a-z_]+$/),
      label: z.string().min(1),
      parent: z.string().optional(),
      keywords: z.array(z.string().min(1)),
    }),
  ),
});
export type TopicRule = z.infer<typeof Topics>['topics'][number];

const RiskSignals = z.object({
  signals: z.array(z.object({ code: z.string(), label: z.string(), weight: z.number(), keywords: z.array(z.string().min(1)) })),
});
export type RiskRules = z.infer<typeof RiskSignals>;

const Named = z.object({ name: z.string().min(1), aliases: z.array(z.string().min(1)).default([]) });
export const Gazetteer = z.object({
  county: z.string(),
  region: z.string(),
  townships: z.array(Named.extend({ villages: z.array(z.string()).default([]) })),
  departments: z.array(Named),
});
export type Gazetteer = z.infer<typeof Gazetteer>;

const AlertRules = z.object({
  volume: z.array(z.object({ level: EventLevel, minItems: z.number().int().min(1) })),
  riskSignal: z.array(z.object({ level: EventLevel, signals: z.array(z.string()), minItems: z.number().int().min(1) })),
});
export type AlertRules = z.infer<typeof AlertRules>;

export interface AnalyzerRules {
  topics: TopicRule[];
  risk: RiskRules;
  gazetteer: Gazetteer;
  alerts: AlertRules;
}

export function readJson<T>(path: string, schema: z.ZodType<T>): T {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`${path}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  const r = schema.safeParse(data);
  if (!r.success) throw new Error(`${path}: ${z.prettifyError(r.error)}`);
  return r.data;
}

export function loadAnalyzerRules(paths: { topicsPath: string; riskPath: string; gazetteerPath: string; alertRulesPath: string }): AnalyzerRules {
  return {
    topics: readJson(paths.topicsPath, Topics).topics,
    risk: readJson(paths.riskPath, RiskSignals),
    gazetteer: readJson(paths.gazetteerPath, Gazetteer),
    alerts: readJson(paths.alertRulesPath, AlertRules),
  };
}
