import { readFileSync } from 'node:fs';
import cron from 'node-cron';
import { z } from 'zod';
import { InvalidInputError } from '../../shared/errors.ts';
import { HOTLINE_COLUMNS, type HotlineField } from './hotline-columns.ts';

const name = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'letters, digits, ".", "_" and "-", at most 64');
const schedule = z.union([
  z.string().refine((s) => cron.validate(s), 'is not a node-cron expression'),
  z.object({ everyMs: z.number().int().min(10) }).strict(),
]);
const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });
const headers = z.record(z.string(), z.string()).optional();
const fetchLimits = z
  .object({
    timeoutMs: z.number().int().min(100).max(600_000).optional(),
    maxBytes: z.number().int().min(1024).optional(),
    retries: z.number().int().min(0).max(10).optional(),
    backoffMs: z.number().int().min(0).max(600_000).optional(),
    maxRedirects: z.number().int().min(0).max(20).optional(),
  })
  .strict()
  .optional();
const hotlineFields = Object.keys(HOTLINE_COLUMNS) as [HotlineField, ...HotlineField[]];
const columns = z.partialRecord(z.enum(hotlineFields), z.string().min(1)).optional();

const HotlineInboxSettings = z
  .object({
    kind: z.literal('hotline-inbox'),
    name,
    schedule: schedule.optional(),
    /** Relative to the data directory. */
    inboxDir: z.string().min(1).optional(),
    archiveDir: z.string().min(1).optional(),
    /** Field → the column name this source's export uses for it. */
    columns,
  })
  .strict();

const HotlinePullSettings = z
  .object({ kind: z.literal('hotline-pull'), name, schedule, url: httpUrl, inboxDir: z.string().min(1).optional(), headers, limits: fetchLimits })
  .strict();

const JsonApiSettings = z
  .object({
    kind: z.literal('json-api'),
    name,
    schedule,
    url: httpUrl,
    headers,
    itemsPath: z.string().min(1),
    pagination: z.discriminatedUnion('type', [
      z.object({ type: z.literal('none') }).strict(),
      z.object({ type: z.literal('page'), firstPage: z.number().int().min(0).default(1) }).strict(),
      z.object({ type: z.literal('cursor'), cursorPath: z.string().min(1) }).strict(),
    ]),
    maxPages: z.number().int().min(1).max(1000).default(20),
    fields: z
      .object({
        id: z.string().min(1),
        text: z.string().min(1),
        publishedAt: z.string().min(1),
        title: z.string().min(1).optional(),
        url: z.string().min(1).optional(),
        author: z.string().min(1).optional(),
        region: z.string().min(1).optional(),
        attrs: z.record(z.string(), z.string().min(1)).optional(),
      })
      .strict(),
    limits: fetchLimits,
  })
  .strict()
  .superRefine((s, ctx) => {
    const needs = s.pagination.type === 'page' ? '{page}' : s.pagination.type === 'cursor' ? '{cursor}' : undefined;
    // The URL was checked as a URL, which percent-encodes braces; look at the text as written.
    if (needs && !s.url.includes(needs) && !s.url.includes(encodeURIComponent(needs))) {
      ctx.addIssue({ code: 'custom', path: ['url'], message: `${s.pagination.type} pagination needs ${needs} in the URL` });
    }
  });

const FeedSettings = z.object({ kind: z.literal('feed'), name, schedule, url: httpUrl, headers, limits: fetchLimits }).strict();

const selector = z.string().min(1);
const PagesSettings = z
  .object({
    kind: z.literal('pages'),
    name,
    schedule,
    site: z.string().min(1),
    column: z.string().min(1).optional(),
    listUrls: z.array(httpUrl).min(1),
    linkSelector: selector,
    /** Omitted selectors are found automatically (main-text extraction, dates and 文号 from the text). */
    article: z
      .object({ title: selector.optional(), date: selector.optional(), body: selector.optional(), docNumber: selector.optional(), issuer: selector.optional(), attachments: selector.optional() })
      .strict()
      .optional(),
    maxArticles: z.number().int().min(1).max(500).default(30),
    delayMs: z.number().int().min(0).max(60_000).default(2000),
    respectRobots: z.boolean().default(true),
    headers,
    limits: fetchLimits,
  })
  .strict();

const WebhookSettings = z
  .object({ kind: z.literal('webhook'), name, token: z.string().min(16, 'must be at least 16 characters') })
  .strict();

export const SourceSettings = z.discriminatedUnion('kind', [HotlineInboxSettings, HotlinePullSettings, JsonApiSettings, FeedSettings, PagesSettings, WebhookSettings]);
export type SourceSettings = z.infer<typeof SourceSettings>;

export const SourcesFile = z
  .object({ sources: z.array(SourceSettings) })
  .strict()
  .superRefine((f, ctx) => {
    const seen = new Set<string>();
    f.sources.forEach((s, i) => {
      if (seen.has(s.name)) ctx.addIssue({ code: 'custom', path: ['sources', i, 'name'], message: `"${s.name}" is used by an earlier source` });
      seen.add(s.name);
    });
  });
export type SourcesFile = z.infer<typeof SourcesFile>;

/** "sources[2] (county-board).url" — the index and, when known, the source's name. */
function where(path: PropertyKey[], input: unknown): string {
  if (path[0] !== 'sources' || typeof path[1] !== 'number') return path.map(String).join('.') || '(file)';
  const entry = Array.isArray((input as { sources?: unknown }).sources) ? (input as { sources: unknown[] }).sources[path[1]] : undefined;
  const label = typeof entry === 'object' && entry !== null && 'name' in entry && typeof entry.name === 'string' ? ` (${entry.name})` : '';
  const rest = path.slice(2).map(String).join('.');
  return `sources[${path[1]}]${label}${rest ? `.${rest}` : ''}`;
}

/** Validates a sources document; every problem names the file, the source and the key. */
export function parseSourcesFile(text: string, file: string): SourcesFile {
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch (err) {
    throw new InvalidInputError('config.sources_not_json', `${file}: not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  const parsed = SourcesFile.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${file}: ${where(i.path, input)}: ${i.message}`);
    throw new InvalidInputError('config.sources_invalid', `invalid sources file\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
  return parsed.data;
}

/** Reads and validates the sources file at start, synchronously, before any source runs. */
export function loadSourcesFile(path: string): SourcesFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new InvalidInputError('config.sources_unreadable', `${path}: cannot read the sources file: ${err instanceof Error ? err.message : String(err)}`);
  }
  return parseSourcesFile(text, path);
}
