import { z } from 'zod';
import { readJson } from '../../../shared/read-json.ts';
import { EventLevel } from '../../../shared/domain/event.ts';
import type { CaseDeadline, CaseKind } from '../../../shared/domain/ledger-projections.ts';
import { toChinaIso } from '../../../shared/domain/time.ts';
import { addWorkingDays } from '../../../shared/calendar/working-days.ts';
import type { Actor } from '../../../shared/domain/ledger.ts';
import type { Logger } from '../../../shared/logger.ts';
import type { LedgerStore } from '../../../shared/ports/ledger-store.ts';
import { latestEntry } from '../supervision/ledger-reading.ts';

/** 12345 诉求类型: each has its own time limit in working days. */
export const APPEAL_TYPES = ['咨询', '求助', '建议', '投诉', '举报'] as const;
export const AppealType = z.enum(APPEAL_TYPES);
export type AppealType = z.infer<typeof AppealType>;

const ClockRule = z.object({ code: z.string().min(1), label: z.string().min(1), hours: z.number().positive(), basis: z.string().optional() });

export const ResponseRules = z.object({
  /** Per level of a 政务舆情 case: what must happen within how many hours of opening. */
  publicOpinion: z.record(EventLevel, z.array(ClockRule).min(1)),
  /** Per 诉求类型 of a 12345 case: working days to answer. */
  hotline: z.record(AppealType, z.object({ workingDays: z.number().int().positive() })),
  commitments: z.object({
    /** A pending commitment due within this many hours is "due soon" (and gets its reminder). */
    dueSoonHours: z.number().positive(),
    /** Overdue warning: 蓝 from the deadline, 黄 after this many days late, 红 after that many. */
    overdueWarning: z
      .object({ yellowAfterDays: z.number().nonnegative(), redAfterDays: z.number().nonnegative() })
      .refine((w) => w.redAfterDays > w.yellowAfterDays, { message: 'redAfterDays must be more than yellowAfterDays (黄 comes before 红)', path: ['redAfterDays'] }),
  }),
});
export type ResponseRules = z.infer<typeof ResponseRules>;

export function loadResponseRules(path: string): ResponseRules {
  return readJson(path, ResponseRules);
}

/** Where the rules an administrator saves in the console are kept: `rules.saved` entries, one per revision. */
export const RESPONSE_RULES_SUBJECT = 'rules:response';
export const RULES_SAVED = 'rules.saved';

const SavedPayload = z.object({ rules: ResponseRules, reason: z.string(), revision: z.number().int().positive() });

/** What an administrator saved: revision n replaced n − 1 (0 is the file). */
export interface SavedRulesRevision {
  revision: number;
  at: string;
  by: Actor;
  reason: string;
}

/** The response rules to apply now; every caller reads `current`, whatever keeps it up to date. */
export interface RulesInEffect {
  readonly current: ResponseRules;
}

/** How often a responder reads the ledger for rules another responder saved. */
const RELOAD_MS = 5_000;

/**
 * The response rules in effect: the newest revision an administrator saved in the console, else
 * the file's. Saved revisions live in the ledger (audited, and the same for every responder);
 * each responder reads them again every few seconds and right after a save of its own.
 */
export class ResponseRulesInEffect implements RulesInEffect {
  current: ResponseRules;
  saved: SavedRulesRevision | undefined;
  private timer: NodeJS.Timeout | undefined;

  private constructor(
    readonly file: ResponseRules,
    private readonly ledger: LedgerStore,
    private readonly logger: Logger,
  ) {
    this.current = file;
  }

  static async start(file: ResponseRules, ledger: LedgerStore, logger: Logger): Promise<ResponseRulesInEffect> {
    const rules = new ResponseRulesInEffect(file, ledger, logger);
    await rules.reload();
    rules.timer = setInterval(() => {
      rules.reload().catch((err: unknown) => logger.warn({ err }, 'saved response rules could not be read; keeping the last ones'));
    }, RELOAD_MS);
    rules.timer.unref();
    return rules;
  }

  async reload(): Promise<void> {
    const entry = await latestEntry(this.ledger, RESPONSE_RULES_SUBJECT, RULES_SAVED);
    if (!entry) {
      this.current = this.file;
      this.saved = undefined;
      return;
    }
    const parsed = SavedPayload.safeParse(entry.payload);
    // Validated when saved; a revision this version cannot read (an older schema) keeps the last rules.
    if (!parsed.success) {
      this.logger.error({ seq: entry.seq, problems: z.prettifyError(parsed.error) }, 'saved response rules do not fit this version; keeping the last ones');
      return;
    }
    // A slower read that started before a newer one finished must not bring older rules back.
    if (this.saved && parsed.data.revision < this.saved.revision) return;
    this.current = parsed.data.rules;
    this.saved = { revision: parsed.data.revision, at: entry.at, by: entry.actor, reason: parsed.data.reason };
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

export type { CaseDeadline, CaseKind } from '../../../shared/domain/ledger-projections.ts';

/**
 * The deadlines a case gets when it is opened: by level for a 政务舆情 case, by 诉求类型 in
 * working days for a 12345 case. Never falls back to plain weekdays past the holiday data.
 */
export function caseDeadlines(
  rules: ResponseRules,
  c: { kind: CaseKind; level: EventLevel; appealType?: AppealType },
  openedAt: number,
): CaseDeadline[] {
  if (c.kind === 'hotline') {
    const type = c.appealType ?? '投诉';
    const days = rules.hotline[type]!.workingDays;
    const d = addWorkingDays(openedAt, days);
    const base = { code: 'hotline_reply', label: `12345${type}办理（${days}个工作日）`, basis: '12345热线诉求办理时限' };
    return [d.known ? { ...base, dueAt: d.dueAt } : { ...base, unknown: d.reason }];
  }
  return rules.publicOpinion[c.level]!.map((r) => ({
    code: r.code,
    label: r.label,
    dueAt: toChinaIso(openedAt + r.hours * 3_600_000),
    ...(r.basis ? { basis: r.basis } : {}),
  }));
}
