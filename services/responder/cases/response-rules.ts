import { z } from 'zod';
import { readJson } from '../../../shared/read-json.ts';
import { EventLevel } from '../../../shared/domain/event.ts';
import type { CaseDeadline, CaseKind } from '../../../shared/domain/ledger-projections.ts';
import { toChinaIso } from '../../../shared/domain/time.ts';
import { addWorkingDays } from '../../../shared/calendar/working-days.ts';

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
    overdueWarning: z.object({ yellowAfterDays: z.number().nonnegative(), redAfterDays: z.number().nonnegative() }),
  }),
});
export type ResponseRules = z.infer<typeof ResponseRules>;

export function loadResponseRules(path: string): ResponseRules {
  return readJson(path, ResponseRules);
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
