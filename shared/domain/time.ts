import { z } from 'zod';

/** ISO-8601 instant with an explicit offset ("2026-11-20T09:15:00+08:00" or "...Z"). */
export const Instant = z.iso.datetime({ offset: true });
export type Instant = z.infer<typeof Instant>;

/** China Standard Time has no daylight saving: one fixed offset serves every date. */
export const CHINA_OFFSET_MS = 8 * 3600_000;

/** Formats an epoch time as an ISO instant in China time, e.g. 2026-11-20T09:15:00.000+08:00. */
export function toChinaIso(epochMs: number): string {
  return new Date(epochMs + CHINA_OFFSET_MS).toISOString().replace('Z', '+08:00');
}

/**
 * Parses "2026-11-20 09:15:32", "2026/11/20 9:15", "2026-11-20" or an ISO instant. Times
 * without an offset are China local time, as in every 12345 export. Returns null when the
 * text is not a date.
 */
export function parseChinaTime(text: string): number | null {
  const t = text.trim();
  if (t === '') return null;
  const local = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(t);
  if (local) {
    const [, y, mo, d, h = '0', mi = '0', s = '0'] = local;
    const ms = Date.UTC(+y!, +mo! - 1, +d!, +h, +mi, +s) - CHINA_OFFSET_MS;
    const check = new Date(ms + CHINA_OFFSET_MS);
    // Date.UTC rolls 2026-02-31 over to March; such a date is not a date.
    if (check.getUTCMonth() !== +mo! - 1 || check.getUTCDate() !== +d!) return null;
    return ms;
  }
  if (Instant.safeParse(t).success) return Date.parse(t);
  return null;
}
