import { parseChinaTime } from '../../shared/domain/time.ts';

/**
 * A publication time as APIs and feeds give it: epoch seconds or milliseconds, a China-local
 * "2026-11-24 09:00", an ISO instant, or an RFC 822 date ("Tue, 24 Nov 2026 09:00:00 +0800").
 */
export function parseAnyTime(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value) && value > 0) return value < 1e12 ? value * 1000 : value;
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const t = value.trim();
  if (/^\d{9,13}$/.test(t)) return parseAnyTime(Number(t));
  const china = parseChinaTime(t);
  if (china !== null) return china;
  const parsed = Date.parse(t);
  return Number.isNaN(parsed) ? undefined : parsed;
}
