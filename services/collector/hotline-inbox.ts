import { mkdir, readdir, rename, stat, writeFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { parse } from 'csv-parse';
import type { RawItem } from '../../shared/domain/raw-item.ts';
import { toChinaIso } from '../../shared/domain/time.ts';
import { errorMessage } from '../../shared/errors.ts';
import type { Logger } from '../../shared/logger.ts';
import type { Bus } from '../../shared/ports/bus.ts';
import { makeDeadLetter, publishTo, TOPICS } from '../../shared/topics.ts';
import { contentHash, type CollectorState } from './collector-state.ts';
import { decodedStream, detectEncoding, type ExportEncoding } from './decode-export.ts';
import { mapColumns, REQUIRED_FIELDS, type ColumnMap } from './hotline-columns.ts';
import { hotlineRowToItem } from './hotline-rows.ts';
import { maskText } from './mask-personal-data.ts';

export interface HotlineInboxOptions {
  sourceName: string;
  inboxDir: string;
  archiveDir: string;
  bus: Bus;
  state: CollectorState;
  hashSecret: string;
  logger: Logger;
  columnOverrides?: ColumnMap;
  now?: () => number;
}

/** What came of one export file; written next to the archived file. */
export interface FileReport {
  file: string;
  encoding: ExportEncoding;
  rows: number;
  published: number;
  unchanged: number;
  deadLettered: number;
  /** Set when the file could not be read to its end; the rows before it still count. */
  error?: string;
  archivedAs: string;
}

const BATCH = 200;
const ORIGIN = 'collector/hotline-inbox';

/**
 * Picks up 12345 export files (CSV, UTF-8 or GB18030) dropped into an inbox folder,
 * publishes each good row as a raw item, sends each bad row to dead-letters with file, row
 * number and reason, and moves the file to the archive with a report. A file stays in the
 * inbox until it is fully handled, so a crash means it is read again; the collector state
 * keeps that from re-publishing what was already published.
 */
export class HotlineInbox {
  private readonly log: Logger;
  private readonly now: () => number;

  constructor(private readonly opts: HotlineInboxOptions) {
    this.log = opts.logger.child({ component: 'hotline-inbox', source: opts.sourceName });
    this.now = opts.now ?? Date.now;
  }

  /** Handles every export file waiting in the inbox, oldest first. */
  async scan(): Promise<FileReport[]> {
    await mkdir(this.opts.inboxDir, { recursive: true });
    const names = (await readdir(this.opts.inboxDir)).filter((n) => extname(n).toLowerCase() === '.csv');
    const withTimes = await Promise.all(names.map(async (n) => ({ n, t: (await stat(join(this.opts.inboxDir, n))).mtimeMs })));
    const reports: FileReport[] = [];
    for (const { n } of withTimes.sort((a, b) => a.t - b.t)) reports.push(await this.processFile(join(this.opts.inboxDir, n)));
    return reports;
  }

  async processFile(path: string): Promise<FileReport> {
    const file = basename(path);
    const encoding = await detectEncoding(path);
    const stamp = toChinaIso(this.now()).slice(0, 19).replace(/[-:T]/g, '');
    const archivedAs = join(this.opts.archiveDir, `${stamp}-${file}`);
    const report: FileReport = { file, encoding, rows: 0, published: 0, unchanged: 0, deadLettered: 0, archivedAs };
    const pending: Omit<RawItem, 'revision'>[] = [];
    const deadLetter = async (row: number, reason: string, raw: string) => {
      report.deadLettered += 1;
      const letter = makeDeadLetter(ORIGIN, `${file} row ${row}: ${reason}`, maskText(raw), { file, row }, this.now());
      await publishTo(this.opts.bus, TOPICS.deadLetters, [{ ...letter, rawRef: archivedAs }]);
    };

    const parser = decodedStream(path, encoding).pipe(
      parse({ relax_column_count: true, skip_empty_lines: true, info: true, trim: false }),
    );
    let header: string[] | undefined;
    let columns: ColumnMap = {};
    try {
      for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
        if (!header) {
          header = record.map((h) => h.trim());
          columns = mapColumns(header, this.opts.columnOverrides);
          const missing = REQUIRED_FIELDS.filter((f) => columns[f] === undefined);
          if (missing.length) throw new Error(`the header lacks required columns for ${missing.join(', ')}: ${header.join(',')}`);
          continue;
        }
        report.rows += 1;
        const raw = record.join(',');
        if (record.length !== header.length) {
          await deadLetter(info.lines, `has ${record.length} columns, the header has ${header.length}`, raw);
          continue;
        }
        const result = hotlineRowToItem(Object.fromEntries(header.map((h, i) => [h, record[i]!])), {
          sourceName: this.opts.sourceName,
          columns,
          hashSecret: this.opts.hashSecret,
          collectedAt: this.now(),
        });
        if (!result.ok) {
          await deadLetter(info.lines, result.reason, raw);
          continue;
        }
        pending.push(result.item);
        if (pending.length >= BATCH) await this.flush(pending.splice(0), report);
      }
    } catch (err) {
      // A truncated or garbled file: keep what was read, dead-letter the rest with the reason.
      report.error = errorMessage(err);
      await deadLetter(report.rows + 1, `file could not be read past this point: ${report.error}`, '');
    }
    await this.flush(pending, report);
    await mkdir(this.opts.archiveDir, { recursive: true });
    await rename(path, archivedAs);
    await writeFile(`${archivedAs}.report.json`, `${JSON.stringify(report, null, 2)}\n`);
    this.log.info({ ...report }, 'export file processed');
    return report;
  }

  private async flush(items: Omit<RawItem, 'revision'>[], report: FileReport): Promise<void> {
    if (items.length === 0) return;
    const versions: { id: string; hash: string; revision: number }[] = [];
    const latest = new Map<string, { hash: string; revision: number }>();
    const toPublish: RawItem[] = [];
    for (const item of items) {
      const hash = contentHash(item);
      const seen = latest.get(item.id);
      const revision = seen ? (seen.hash === hash ? undefined : seen.revision + 1) : this.opts.state.nextRevision(item.id, hash);
      if (revision === undefined) {
        report.unchanged += 1;
        continue;
      }
      latest.set(item.id, { hash, revision });
      versions.push({ id: item.id, hash, revision });
      toPublish.push({ ...item, revision });
    }
    await publishTo(this.opts.bus, TOPICS.rawItems, toPublish);
    this.opts.state.record(versions);
    report.published += toPublish.length;
  }
}
