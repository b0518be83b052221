import { chinaDate } from '../../../shared/calendar/working-days.ts';
import type { PolicyDocument } from '../../../shared/domain/policy-document.ts';
import { findDuePhrases } from './due-phrases.ts';
import { extractCommitments } from './extract-commitments.ts';

/** The payload of a commitment.added entry (see docs/responder.md). */
export interface CommitmentPayload {
  id: string;
  caseId: string;
  text: string;
  owner: string;
  ownerInferred?: boolean;
  dueAt?: string;
  dueText?: string;
  vague: boolean;
  vagueWords?: string[];
  source: 'response' | 'policy' | 'manual';
  /** Absent on older entries, which read as 'government'. */
  promiser?: 'government' | 'third-party';
  party?: string;
}

/**
 * The commitments an approved unified text makes. A promise owned by a department the
 * installation knows keeps that owner; any other (unnamed, or a name nobody logs in as)
 * falls to the case lead, marked ownerInferred so the reviewer can see it was not written.
 */
export function responseCommitments(
  text: string,
  opts: { caseId: string; version: number; lead: string; knownDepartments: readonly string[]; approvedAt: number },
): CommitmentPayload[] {
  const known = new Set(opts.knownDepartments);
  const found = extractCommitments(text, { referenceDate: opts.approvedAt, defaultOwner: opts.lead, knownDepartments: [...known] });
  return found.map((c, i) => {
    const named = c.owner !== undefined && known.has(c.owner);
    return {
      id: `${opts.caseId}-v${opts.version}-${i + 1}`,
      caseId: opts.caseId,
      text: c.span.text,
      owner: named ? c.owner! : opts.lead,
      ...(named ? {} : { ownerInferred: true }),
      ...(c.due?.kind === 'date' ? { dueAt: c.due.dueAt } : {}),
      ...(c.due ? { dueText: c.due.phrase } : {}),
      vague: c.vague,
      ...(c.vagueWords.length ? { vagueWords: c.vagueWords } : {}),
      source: 'response',
      promiser: c.promiser,
      ...(c.party ? { party: c.party } : {}),
    };
  });
}

/**
 * The commitments a policy document assigns: each task becomes one commitment per 牵头单位
 * (each lead answers for its own part). A task naming no lead unit goes to the case lead, marked
 * ownerInferred, with the roles it names (各部门, 各区县政府) kept in its text. Its deadline text is read with the reply parser against the document's
 * date; a deadline that gives no date ("长期坚持", "征求活动结束后1个月内") is kept as written.
 */
export function policyCommitments(doc: PolicyDocument, opts: { caseId: string; lead: string; referenceDate: number }): CommitmentPayload[] {
  return doc.tasks.flatMap((task, i) => {
    const written = task.deadline.text.trim();
    const parsed = written ? findDuePhrases(written, chinaDate(opts.referenceDate)).find((d) => d.due.kind === 'date')?.due : undefined;
    const dueAt = parsed?.kind === 'date' ? parsed.dueAt : task.deadline.dueAt;
    const owners = task.lead.length ? task.lead : [opts.lead];
    return owners.map((owner, j) => ({
      id: `${opts.caseId}-t${i + 1}${owners.length > 1 ? `-${j + 1}` : ''}`,
      caseId: opts.caseId,
      // Leads named by role ("各区、县〔市〕政府分别负责") stay in the text: they are the document's assignment.
      text: [task.ref, task.text].filter(Boolean).join(' ') + (task.leadRoles?.length ? `（${task.leadRoles.join('、')}）` : ''),
      owner,
      ...(task.lead.length ? {} : { ownerInferred: true }),
      ...(dueAt ? { dueAt } : {}),
      ...(written ? { dueText: written } : {}),
      vague: false,
      source: 'policy' as const,
    }));
  });
}
