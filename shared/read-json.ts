import { readFileSync } from 'node:fs';
import { z } from 'zod';

/**
 * Reads a JSON configuration file (rules, dictionaries, gazetteer) and validates it, so a bad
 * edit stops the service at start with the file and key named.
 */
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
