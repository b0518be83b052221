import { chinaDate } from '../../shared/calendar/working-days.ts';
import type { PolicyDocument, PolicyTask } from '../../shared/domain/policy-document.ts';
import type { RawItem } from '../../shared/domain/raw-item.ts';
import { findAttributions } from './policy/attribution.ts';
import { deadlineFromField, deadlineOf, isDeadlineClause } from './policy/deadline.ts';
import { readHeader } from './policy/header.ts';
import { outline, type Block } from './policy/outline.ts';

/** What the page around a document already told the collector (attrs 文号, 发布机关; the page date). */
export interface PolicyHints {
  docNumber?: string;
  issuer?: string;
  /** YYYY-MM-DD, used only when the text carries no date of its own. */
  date?: string;
}

/** The first sentence of a passage, or its heading line, without closing punctuation. */
function headline(passage: string): string {
  const first = passage.split(/[。；！？\n]/).find((s) => s.trim() !== '') ?? passage;
  return first.trim().replace(/[，、：]$/, '');
}

const flat = (passage: string): string => passage.replace(/\n+/g, '').trim();

/**
 * The tasks of one block: one per responsibility note, each owning the passage since the
 * previous note; a numbered item without any note is one task whose units the document does not
 * name (as in 实施意见 that assign work by role rather than by department).
 */
function tasksOf(block: Block, date: string | undefined): PolicyTask[] {
  const notes = findAttributions(block.text, isDeadlineClause);
  if (notes.length === 0) {
    if (!block.numbered) return [];
    const text = block.heading ?? headline(block.text);
    return [{ ref: block.ref, text, detail: flat(block.text) || text, lead: [], coResponsible: [], deadline: deadlineOf(block.text, date) }];
  }
  const tasks: PolicyTask[] = [];
  // Passages under a heading are the tasks, not the heading, unless the heading holds the note.
  const heading = block.heading;
  let from = heading && notes[0]!.start > heading.length ? heading.length : 0;
  for (const note of notes) {
    let passage = block.text.slice(from, note.start);
    // A note right under a heading ("（一）开展自查" then "（县财政局负责）") assigns the heading.
    if (heading && tasks.length === 0 && flat(passage) === '') passage = heading;
    from = note.end;
    // A note right after another ("（A牵头）（2021年底前）") has no passage of its own.
    if (flat(passage) === '') continue;
    tasks.push({
      ref: tasks.length ? `${block.ref}-${tasks.length + 1}` : block.ref,
      text: headline(passage),
      detail: flat(passage),
      lead: note.lead,
      ...(note.leadRoles.length ? { leadRoles: note.leadRoles } : {}),
      coResponsible: note.coResponsible,
      deadline: note.deadlineText ? deadlineFromField(note.deadlineText, date) : deadlineOf(passage, date),
    });
  }
  return tasks;
}

/**
 * 文号, 发布机关, date and tasks (lead units, co-responsible units, deadline as written and,
 * where the text fixes one, its due date) of a government document, from normalized text.
 * Undefined when the text is not a document: it has neither a 文号 of its own nor a task with
 * a lead (named, or by role). Pure: the same text always gives the same result.
 */
export function extractPolicyDocument(normText: string, hints: PolicyHints = {}): PolicyDocument | undefined {
  const header = readHeader(normText);
  const date = header.date ?? hints.date;
  const tasks = outline(normText).flatMap((block) => tasksOf(block, date));
  const docNumber = header.docNumber ?? hints.docNumber;
  if (!docNumber && !tasks.some((t) => t.lead.length > 0 || t.leadRoles)) return undefined;
  const [issuer, ...coIssuers] = header.issuers ?? (hints.issuer ? [hints.issuer] : []);
  return {
    ...(docNumber ? { docNumber } : {}),
    ...(issuer ? { issuer } : {}),
    ...(coIssuers.length ? { coIssuers } : {}),
    ...(date ? { date } : {}),
    ...(header.title ? { title: header.title } : {}),
    tasks,
  };
}

/** A 文号 on its own line, or a responsibility note: a text worth reading as a document. */
const DOCUMENT_MARKERS = /牵头单位[：:]|责任单位[：:]|牵头负责）|^[\p{Script=Han}]{1,15}[〔[【]\d{4}[〕\]】]第?\d{1,4}号$/mu;

const text = (v: RawItem['attrs'][string] | undefined): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

/** The policy document of a page item, or of any item whose text reads like one. */
export function policyOfItem(item: Pick<RawItem, 'source' | 'attrs' | 'publishedAt'>, normText: string): PolicyDocument | undefined {
  const page = item.source.kind === 'page';
  if (!page && !DOCUMENT_MARKERS.test(normText)) return undefined;
  const docNumber = text(item.attrs['文号']);
  const issuer = text(item.attrs['发布机关']);
  const published = Date.parse(item.publishedAt);
  return extractPolicyDocument(normText, {
    ...(docNumber ? { docNumber } : {}),
    ...(issuer ? { issuer } : {}),
    // A page's date is the document's publication; a hotline call's date says nothing about one,
    // nor does the time an undated page was first seen.
    ...(page && item.attrs['undated'] !== true && !Number.isNaN(published) ? { date: chinaDate(published) } : {}),
  });
}
