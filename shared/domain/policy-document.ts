import { z } from 'zod';
import { Instant } from './time.ts';

/**
 * A task's deadline as the document writes it. `dueAt` is present only when the text fixes a
 * date (relative to the document's date where it counts from it); otherwise `reason` says why.
 * A task that names no deadline has `text: ''` and a reason, so every task carries the field.
 */
export const PolicyDeadline = z.object({
  /** As written: "2020年9月底前", "在征求活动结束后1个月内", "7个工作日内", "年底前", "长期坚持", or ''. */
  text: z.string(),
  /** End of the due day (23:59:59.999 China time). */
  dueAt: Instant.optional(),
  /** Why there is no dueAt: no deadline written, an anchor without a date, an ongoing task … */
  reason: z.string().optional(),
});
export type PolicyDeadline = z.infer<typeof PolicyDeadline>;

/** One task of a policy document; the responder turns it into a commitment of its lead units. */
export const PolicyTask = z.object({
  /** Where it stands in the document: "一、（三）", "三、15"; "-2" marks the second task of one item. */
  ref: z.string(),
  /** The task heading or first sentence, numbering and closing punctuation removed. */
  text: z.string().min(1),
  /** The task's whole passage, without its responsibility note. */
  detail: z.string(),
  /** 牵头单位 named as written; empty when the document names none for this task. */
  lead: z.array(z.string()),
  /**
   * Leads named by role, not by name ("各有关单位分别负责", "市政府各部门，各区、县（市）政府分别负责"):
   * no department of its own to answer for the task. Absent when the note names none.
   */
  leadRoles: z.array(z.string()).optional(),
  /** 责任单位 / 配合单位 as written. */
  coResponsible: z.array(z.string()),
  deadline: PolicyDeadline,
});
export type PolicyTask = z.infer<typeof PolicyTask>;

/** What a government document (通知, 实施意见, 工作要点 …) says about itself and the tasks it assigns. */
export const PolicyDocument = z.object({
  /** 文号, e.g. 缙政办发〔2021〕25号. */
  docNumber: z.string().optional(),
  /** 发布机关, e.g. 缙云县人民政府办公室; of a joint document, the first (主办) body. */
  issuer: z.string().optional(),
  /** The other bodies of a joint document, in order (中共丽水市委办公室 issuer, 丽水市人民政府办公室 here). */
  coIssuers: z.array(z.string()).optional(),
  /** The document's date (成文日期, else 印发日期) as a China calendar date, YYYY-MM-DD. */
  date: z.iso.date().optional(),
  title: z.string().optional(),
  tasks: z.array(PolicyTask),
});
export type PolicyDocument = z.infer<typeof PolicyDocument>;
