import { z } from 'zod';
import { PublishedOn } from '../../../shared/domain/ledger-projections.ts';
import { WebUrl } from '../request-input.ts';

/** What the commitment routes accept; the commitment service takes the parsed types. */

export const Fulfilment = z
  .object({
    text: z.string().trim().min(1).max(5000).optional(),
    url: WebUrl.optional(),
    file: z.object({ name: z.string().trim().min(1).max(200), contentBase64: z.string().min(1) }).optional(),
    publishedOn: PublishedOn.extend({ url: WebUrl.optional() }).optional(),
  })
  .refine((b) => b.text !== undefined || b.url !== undefined || b.file !== undefined, 'give text, url or file as evidence');
export type Fulfilment = z.infer<typeof Fulfilment>;

export const VerificationNote = z.object({ note: z.string().trim().min(1).max(1000).optional() });
