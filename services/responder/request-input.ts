import type { Request } from 'express';
import { z } from 'zod';
import { InvalidInputError } from '../../shared/errors.ts';

/** Validates a JSON body; anything else (a form post, no body) is a 400 naming every problem. */
export function parseBody<T extends z.ZodType>(schema: T, req: Request): z.infer<T> {
  const r = schema.safeParse(req.body ?? {});
  if (!r.success) throw new InvalidInputError('api.invalid_body', r.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; '));
  return r.data;
}

/** Validates the query string; a 400 names every bad parameter. */
export function parseQuery<T extends z.ZodType>(schema: T, req: Request): z.infer<T> {
  const r = schema.safeParse(req.query);
  if (!r.success) throw new InvalidInputError('api.invalid_query', r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return r.data;
}

/** A list parameter given as "a,b" or repeated (?x=a&x=b). */
export const queryList = <T extends z.ZodType<unknown, string>>(item: T) =>
  z
    .union([z.string(), z.array(z.string())])
    .transform((v) => (Array.isArray(v) ? v : v.split(',')).map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(item))
    .optional();

/** A link people will open from the console: http(s) only (z.url alone admits javascript: and data:). */
export const WebUrl = z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// address' }).max(2000);
