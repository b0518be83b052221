import { z } from 'zod';

const Named = z.object({ name: z.string().min(1), aliases: z.array(z.string().min(1)).default([]) });

/**
 * The county's places and departments (config/gazetteer.json): the analyzer resolves them in
 * text, the responder starts its department list from them, the demo export calls from them.
 */
export const Gazetteer = z.object({
  county: z.string(),
  region: z.string(),
  townships: z.array(Named.extend({ villages: z.array(z.string()).default([]) })),
  departments: z.array(Named),
});
export type Gazetteer = z.infer<typeof Gazetteer>;
