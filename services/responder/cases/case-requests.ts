import { z } from 'zod';
import { DepartmentName } from '../../../shared/domain/account.ts';
import { EventLevel } from '../../../shared/domain/event.ts';
import { CaseKind } from '../../../shared/domain/ledger-projections.ts';
import { Instant } from '../../../shared/domain/time.ts';
import { WebUrl } from '../request-input.ts';
import { AppealType } from './response-rules.ts';

/**
 * What the case routes accept, as zod schemas: the routers parse requests with them and the
 * case service takes their output types, so a field is declared once. Defaults that are case
 * rules (the kind, the level, the title) are applied by the service, not here.
 */

export const PUBLICATION_CHANNELS = ['政府网站', '政务微博', '微信公众号', '新闻发布会', '12345回复', '其他'] as const;

const Title = z.string().trim().min(1).max(200);
const ResponseText = z.string().max(20_000).refine((t) => t.trim().length > 0, 'text is empty');

export const Reason = z.object({ reason: z.string().trim().min(1).max(500) });

export const OpenCase = z.object({
  title: Title.optional(),
  kind: CaseKind.optional(),
  level: EventLevel.optional(),
  lead: DepartmentName,
  coResponsible: z.array(DepartmentName).max(50).optional(),
  eventId: z.string().min(1).max(200).optional(),
  sourceItemId: z.string().min(1).max(200).optional(),
  appealType: AppealType.optional(),
});
export type OpenCase = z.infer<typeof OpenCase>;

export const UpdateCase = z
  .object({ title: Title, lead: DepartmentName, coResponsible: z.array(DepartmentName).max(50), level: EventLevel })
  .partial()
  .refine((p) => Object.keys(p).length > 0, 'nothing to change');
export type UpdateCase = z.infer<typeof UpdateCase>;

export const FromPolicy = z.object({ itemId: z.string().min(1).max(200) });

export const TextBody = z.object({ text: ResponseText });

export const Publication = z.object({
  channel: z.enum(PUBLICATION_CHANNELS),
  url: WebUrl.optional(),
  publishedAt: Instant.optional(),
  text: ResponseText,
});
export type Publication = z.infer<typeof Publication>;

export const ManualCommitment = z.object({
  text: z.string().trim().min(1).max(2000),
  owner: DepartmentName,
  dueAt: Instant.optional(),
  dueText: z.string().trim().min(1).max(100).optional(),
});
export type ManualCommitment = z.infer<typeof ManualCommitment>;

export const Acknowledge = z.object({ note: z.string().trim().max(500).optional() });

/** Alert ids (alertId(): 24 hex digits) go into ledger subjects: nothing else is accepted there. */
export const AlertIdParam = z.string().regex(/^[A-Za-z0-9_.:-]{1,128}$/);

export const DraftVersionParam = z.coerce.number().int().positive();
