/**
 * Reads the labelled incident set (eval/incidents/): the three hotline streams the collector
 * ingests as they are, and the labels the product never reads (labels.json).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const LEVELS = ['一般', '较大', '重大'] as const;

const IncidentSchema = z.object({
  id: z.string().regex(/^I\d{2}$/),
  township: z.string().min(2),
  topic: z.string().min(2),
  /** The level a county 网信办 officer expects; null when the incident deserves no alert. */
  level: z.enum(LEVELS).nullable(),
  alert: z.boolean(),
  description: z.string().min(4),
  stream: z.string().regex(/^stream-\d\.csv$/),
  tickets: z.number().int().min(6).max(30),
}).strict().refine((i) => i.alert === (i.level !== null), {
  message: 'an incident that deserves an alert has a level, one that does not has level null',
});

const LabelsSchema = z.object({
  /** 工单编号 → incident id (I01…) or 'background'. */
  tickets: z.record(z.string(), z.union([z.literal('background'), z.string().regex(/^I\d{2}$/)])),
  incidents: z.array(IncidentSchema),
  /** Background tickets adapted from TipDM 2020 messages: our 工单编号 → TipDM message id. */
  adaptedFromTipdm: z.array(z.object({ ticket: z.string(), tipdmId: z.string() }).strict()),
}).strict();

export type IncidentLabel = z.infer<typeof IncidentSchema>;
export type IncidentLabels = z.infer<typeof LabelsSchema>;

export interface IncidentSet {
  /** Absolute paths of the stream files, in the order they are to be fed. */
  streams: string[];
  labels: IncidentLabels;
}

export const STREAM_FILES = ['stream-1.csv', 'stream-2.csv', 'stream-3.csv'] as const;

const HERE = fileURLToPath(new URL('.', import.meta.url));

export function readIncidentSet(dir: string = HERE): IncidentSet {
  const raw: unknown = JSON.parse(readFileSync(`${dir}/labels.json`, 'utf8'));
  const labels = LabelsSchema.parse(raw);
  const known = new Set(labels.incidents.map((i) => i.id));
  for (const [ticket, label] of Object.entries(labels.tickets)) {
    if (label !== 'background' && !known.has(label)) {
      throw new Error(`labels.json: ticket ${ticket} names unknown incident ${label}`);
    }
  }
  return { streams: STREAM_FILES.map((f) => `${dir}/${f}`), labels };
}

/** The gold clustering for B-cubed: 工单编号 → cluster id; each background ticket is its own singleton. */
export function goldClusters(labels: IncidentLabels): Map<string, string> {
  const out = new Map<string, string>();
  for (const [ticket, label] of Object.entries(labels.tickets)) {
    out.set(ticket, label === 'background' ? `bg:${ticket}` : label);
  }
  return out;
}
