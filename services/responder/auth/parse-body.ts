import type { Request } from 'express';
import type { z } from 'zod';
import { InvalidInputError } from '../../../shared/errors.ts';

/** Validates a JSON body; anything else (a form post, no body) is a 400 naming every problem. */
export function parseBody<T extends z.ZodType>(schema: T, req: Request): z.infer<T> {
  const r = schema.safeParse(req.body ?? {});
  if (!r.success) throw new InvalidInputError('api.invalid_body', r.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; '));
  return r.data;
}
