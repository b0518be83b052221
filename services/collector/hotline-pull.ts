import { open, mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { toChinaIso } from '../../shared/domain/time.ts';
import { conditionalHeaders, fetchWithLimits, type FetchOptions } from './http-fetch.ts';
import type { Source, SourceContext, SourceSchedule } from './source.ts';

export interface HotlinePullOptions {
  name: string;
  url: string;
  schedule: SourceSchedule;
  /** The inbox the file is delivered into; the inbox source takes it from there. */
  inboxDir: string;
  headers?: Record<string, string>;
  fetch?: Omit<FetchOptions, 'headers' | 'signal' | 'toFile'>;
}

/** XLSX is a zip file; everything else a 12345 platform exports is CSV. */
async function sniffExtension(path: string): Promise<'xlsx' | 'csv'> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(4);
    await handle.read(head, 0, 4, 0);
    return head.equals(Buffer.from([0x50, 0x4b, 0x03, 0x04])) ? 'xlsx' : 'csv';
  } finally {
    await handle.close();
  }
}

/**
 * Downloads a 12345 export URL on a schedule into the inbox. The conditional GET (ETag,
 * Last-Modified) and a hash of the last body keep an unchanged export from being delivered
 * again. The body streams into a dot-named temp file the inbox ignores, and is renamed when
 * complete, so the inbox never reads half a download.
 */
export class HotlinePull implements Source {
  readonly kind = 'hotline' as const;
  readonly name: string;
  readonly schedule: SourceSchedule;
  readonly inboxDir: string;

  constructor(private readonly opts: HotlinePullOptions) {
    this.name = opts.name;
    this.schedule = opts.schedule;
    this.inboxDir = opts.inboxDir;
  }

  async run(ctx: SourceContext): Promise<void> {
    const etag = ctx.checkpoints.get('etag');
    const lastModified = ctx.checkpoints.get('lastModified');
    await mkdir(this.opts.inboxDir, { recursive: true });
    const stamp = toChinaIso(ctx.now()).slice(0, 19).replace(/[-:T]/g, '');
    const temp = join(this.opts.inboxDir, `.${this.name}-${stamp}.part`);
    try {
      const res = await fetchWithLimits(this.opts.url, {
        ...this.opts.fetch,
        headers: { ...this.opts.headers, ...conditionalHeaders(etag, lastModified) },
        signal: ctx.signal,
        toFile: temp,
      });
      if (res.status === 304 || res.sha256 === ctx.checkpoints.get('sha256')) {
        ctx.logger.debug({ status: res.status }, 'export unchanged since the last download');
        return;
      }
      const target = join(this.opts.inboxDir, `${this.name}-${stamp}.${await sniffExtension(temp)}`);
      await rename(temp, target);
      ctx.checkpoints.set({ etag: res.headers.etag, lastModified: res.headers['last-modified'], sha256: res.sha256 });
      ctx.logger.info({ file: target, bytes: res.bytes }, 'export downloaded into the inbox');
    } finally {
      await rm(temp, { force: true });
    }
  }
}
