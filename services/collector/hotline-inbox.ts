import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, readdir, rename, stat, writeFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { toChinaIso } from '../../shared/domain/time.ts';
import { csvField } from '../../shared/text/csv-field.ts';
import { errorMessage } from '../../shared/errors.ts';
import type { ExportEncoding } from './decode-export.ts';
import { EXPORT_EXTENSIONS, openExport } from './export-rows.ts';
import { mapColumns, REQUIRED_FIELDS, type ColumnMap } from './hotline-columns.ts';
import { hotlineRowToDraft } from './hotline-rows.ts';
import type { ItemDraft, Source, SourceContext, SourceSchedule } from './source.ts';

export interface HotlineInboxOptions {
  name: string;
  inboxDir: string;
  archiveDir: string;
  schedule?: SourceSchedule;
  columnOverrides?: ColumnMap;
}

/**
 * What came of each row, as a CSV next to the archived file (UTF-8 with a BOM, so a
 * spreadsheet opens it): row number, 工单编号, 结果, 说明. Written as rows are handled, so a
 * large export never sits in memory.
 */
class RowOutcomes {
  private readonly out: WriteStream;

  constructor(path: string) {
    this.out = createWriteStream(path);
    this.out.write('\ufeff行号,工单编号,结果,说明\r\n');
  }

  write(row: number, ticketId: string, outcome: string, note: string): void {
    this.out.write(`${[String(row), ticketId, outcome, note].map(csvField).join(',')}\r\n`);
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => this.out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  }
}


/** What came of one export file; written next to the archived file. */
export interface FileReport {
  file: string;
  format: 'csv' | 'xlsx';
  encoding?: ExportEncoding;
  rows: number;
  published: number;
  unchanged: number;
  deadLettered: number;
  /** Set when the file could not be read to its end; the rows before it still count. */
  error?: string;
  archivedAs: string;
}

const BATCH = 200;

/** Files being written (a pull source's temp file, an editor's lock file) start with a dot or ~$. */
function isExport(name: string): boolean {
  return !name.startsWith('.') && !name.startsWith('~$') && (EXPORT_EXTENSIONS as readonly string[]).includes(extname(name).toLowerCase());
}

/**
 * Picks up 12345 export files (CSV in UTF-8 or GB18030, or XLSX) dropped into an inbox folder,
 * publishes each good row, dead-letters each bad row with file, row number and reason, and
 * moves the file to the archive with a report. A file stays in the inbox until it is fully
 * handled, so a crash means it is read again; the collector state keeps that from
 * re-publishing what was already published.
 */
export class HotlineInbox implements Source {
  readonly kind = 'hotline' as const;
  readonly name: string;
  readonly schedule: SourceSchedule | undefined;
  readonly inboxDir: string;

  constructor(private readonly opts: HotlineInboxOptions) {
    this.name = opts.name;
    this.schedule = opts.schedule;
    this.inboxDir = opts.inboxDir;
  }

  async run(ctx: SourceContext): Promise<void> {
    await this.scan(ctx);
  }

  /** Handles every export file waiting in the inbox, oldest first. */
  async scan(ctx: SourceContext): Promise<FileReport[]> {
    await mkdir(this.opts.inboxDir, { recursive: true });
    const names = (await readdir(this.opts.inboxDir)).filter(isExport);
    const withTimes = await Promise.all(names.map(async (n) => ({ n, t: (await stat(join(this.opts.inboxDir, n))).mtimeMs })));
    const reports: FileReport[] = [];
    for (const { n } of withTimes.sort((a, b) => a.t - b.t || a.n.localeCompare(b.n))) {
      reports.push(await this.processFile(join(this.opts.inboxDir, n), ctx));
    }
    return reports;
  }

  async processFile(path: string, ctx: SourceContext): Promise<FileReport> {
    const file = basename(path);
    const stamp = toChinaIso(ctx.now()).slice(0, 19).replace(/[-:T]/g, '');
    const archivedAs = join(this.opts.archiveDir, `${stamp}-${file}`);
    const exported = await openExport(path);
    const report: FileReport = {
      file,
      format: exported.format,
      ...(exported.encoding ? { encoding: exported.encoding } : {}),
      rows: 0,
      published: 0,
      unchanged: 0,
      deadLettered: 0,
      archivedAs,
    };
    await mkdir(this.opts.archiveDir, { recursive: true });
    const rowLog = new RowOutcomes(`${archivedAs}.rows.csv`);
    const pending: { draft: ItemDraft; line: number }[] = [];
    const flush = async () => {
      const batch = pending.splice(0);
      const r = await ctx.emit(batch.map((p) => p.draft));
      report.published += r.published;
      report.unchanged += r.unchanged;
      batch.forEach(({ draft, line }, i) => {
        const revision = r.revisions[i];
        rowLog.write(line, draft.externalId, revision ? `已发布（第${revision}版）` : '未变化，未重复发布', '');
      });
    };
    const deadLetter = async (row: number, reason: string, raw: string, ticketId = '') => {
      report.deadLettered += 1;
      rowLog.write(row, ticketId, '死信', reason);
      await ctx.deadLetter(`${file} 第 ${row} 行：${reason}`, raw, { file, row }, archivedAs);
    };

    let header: string[] | undefined;
    let columns: ColumnMap = {};
    try {
      for await (const { line, record } of exported.rows) {
        if (!header) {
          header = record.map((h) => h.trim());
          columns = mapColumns(header, this.opts.columnOverrides);
          const missing = REQUIRED_FIELDS.filter((f) => columns[f] === undefined);
          if (missing.length) throw new Error(`the header lacks required columns for ${missing.join(', ')}: ${header.join(',')}`);
          continue;
        }
        report.rows += 1;
        const raw = record.join(',');
        // XLSX leaves trailing empty cells out; only CSV rows can be short by mistake.
        const cells = exported.format === 'xlsx' ? header.map((_, i) => record[i] ?? '') : record;
        if (cells.length !== header.length) {
          await deadLetter(line, `有 ${record.length} 列，表头有 ${header.length} 列`, raw);
          continue;
        }
        const result = hotlineRowToDraft(Object.fromEntries(header.map((h, i) => [h, cells[i]!])), columns);
        if (!result.ok) {
          await deadLetter(line, result.reason, raw, columns.ticketId ? (cells[header.indexOf(columns.ticketId)] ?? '') : '');
          continue;
        }
        pending.push({ draft: result.draft, line });
        if (pending.length >= BATCH) await flush();
      }
    } catch (err) {
      // A truncated or garbled file: keep what was read, dead-letter the rest with the reason.
      report.error = errorMessage(err);
      await deadLetter(report.rows + 1, `文件从此处起无法读取：${report.error}`, '');
    }
    await flush();
    await rowLog.close();
    await rename(path, archivedAs);
    await writeFile(`${archivedAs}.report.json`, `${JSON.stringify(report, null, 2)}\n`);
    ctx.logger.info({ ...report }, 'export file processed');
    return report;
  }
}
