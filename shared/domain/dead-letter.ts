import { createHash } from 'node:crypto';
import { z } from 'zod';
import { Instant } from './time.ts';

/**
 * Anything that could not be parsed or processed, kept with the reason so a person can
 * fix the source and replay it. `raw` holds the input as text (or base64 for bytes that
 * are not valid text) up to a size limit; larger input is kept by `rawRef`.
 */
export const DeadLetter = z.object({
  id: z.string(),
  at: Instant,
  /** Where it came from: a service stage and source, e.g. "collector/hotline-inbox". */
  origin: z.string(),
  reason: z.string(),
  raw: z.string(),
  rawEncoding: z.enum(['utf8', 'base64']),
  rawRef: z.string().optional(),
  /** Where inside the origin: file and row, topic and offset. */
  context: z.record(z.string(), z.union([z.string(), z.number()])),
});
export type DeadLetter = z.infer<typeof DeadLetter>;

export const DEAD_LETTER_RAW_LIMIT = 64 * 1024;

export function deadLetterId(origin: string, context: Record<string, string | number>, raw: string): string {
  return createHash('sha256')
    .update(`${origin}\u0000${JSON.stringify(context)}\u0000${raw}`)
    .digest('hex')
    .slice(0, 24);
}
