import { responseTextHash } from '../../shared/domain/ledger-projections.ts';
import type { Actor } from '../../shared/domain/ledger.ts';
import type { LedgerStore } from '../../shared/ports/ledger-store.ts';

/** The fixture's clock: Tuesday 2026-11-24 09:00 China time. */
export const NOW = Date.parse('2026-11-24T09:00:00+08:00');
export const HOUSING = '县住房和城乡建设局';
export const LABOUR = '县人力资源和社会保障局';

const MONITOR: Actor = { id: 'u-monitor', role: 'monitor' };
const t = (local: string) => `${local}+08:00`;

/**
 * A small known ledger, written straight to the store with the times given:
 *
 * cases (牵头单位, first deadline, first publication):
 *   c-a 住建 due 11-20 15:00, published 14:00           → on time
 *   c-b 住建 due 11-21 15:00, published 18:00           → late by 3 h
 *   c-c 人社 due 11-22 15:00, none                      → open (past due)
 *   c-d 人社 12345 case past the calendar, published    → deadline unknown
 *   c-e 人社 due 11-25 15:00, none                      → pending
 *
 * commitments (owner, due, what happened):
 *   k1 住建 due 11-22, fulfilled 11-21, verified        → kept, on time
 *   k2 住建 due 11-20, fulfilled 11-21 12:00            → awaiting verification, 12 h late
 *   k3 住建 due 11-10, pending                          → overdue 14 days: 红
 *   k4 人社 due 11-20 09:00, pending                    → overdue 4 days: 黄
 *   k5 人社 due 11-23 20:00, pending                    → overdue 0 days: 蓝
 *   k6 人社 due 11-25 12:00, pending                    → due soon
 *   k7 人社 due 11-21, broken
 *   k8 人社 due 11-21, cancelled
 *   k9 人社 no date, pending
 */
export async function writeScenario(ledger: LedgerStore): Promise<void> {
  const append = (at: string, action: string, subject: string, payload: Record<string, unknown>, actor: Actor = MONITOR) =>
    ledger.append({ at: t(at), actor, action, subject, payload });

  const open = (id: string, at: string, lead: string, deadline: { dueAt?: string; unknown?: string }) =>
    append(at, 'case.opened', `case:${id}`, {
      id,
      title: `事项${id}`,
      kind: deadline.unknown ? 'hotline' : 'public-opinion',
      lead,
      coResponsible: [],
      level: '重大',
      deadlines: [{ code: 'authoritative_info', label: '发布权威信息', ...(deadline.dueAt ? { dueAt: t(deadline.dueAt) } : {}), ...(deadline.unknown ? { unknown: deadline.unknown } : {}) }],
    });
  const publish = async (id: string, at: string) => {
    const text = `关于事项${id}的情况通报`;
    const hash = responseTextHash(text);
    await append(at, 'draft.saved', `case:${id}`, { version: 1, text, hash });
    await append(at, 'draft.approved', `case:${id}`, { version: 1, hash }, { id: 'u-reviewer', role: 'reviewer' });
    await append(at, 'publication.recorded', `case:${id}`, { channel: '政府网站', publishedAt: t(at), hash });
  };

  await open('c-a', '2026-11-20T10:00:00', HOUSING, { dueAt: '2026-11-20T15:00:00' });
  await publish('c-a', '2026-11-20T14:00:00');
  await open('c-b', '2026-11-21T10:00:00', HOUSING, { dueAt: '2026-11-21T15:00:00' });
  await publish('c-b', '2026-11-21T18:00:00');
  await open('c-c', '2026-11-22T10:00:00', LABOUR, { dueAt: '2026-11-22T15:00:00' });
  await open('c-d', '2026-11-22T11:00:00', LABOUR, { unknown: '节假日数据只到2026年' });
  await publish('c-d', '2026-11-22T12:00:00');
  await open('c-e', '2026-11-24T08:00:00', LABOUR, { dueAt: '2026-11-25T15:00:00' });

  const add = (id: string, caseId: string, owner: string, dueAt?: string) =>
    append('2026-11-20T16:00:00', 'commitment.added', `commitment:${id}`, {
      id,
      caseId,
      text: `承诺${id}`,
      owner,
      ...(dueAt ? { dueAt: t(dueAt) } : {}),
      source: 'manual',
    });
  await add('k1', 'c-a', HOUSING, '2026-11-22T23:59:59');
  await add('k2', 'c-a', HOUSING, '2026-11-21T00:00:00');
  await add('k3', 'c-b', HOUSING, '2026-11-10T09:00:00');
  await add('k4', 'c-c', LABOUR, '2026-11-20T09:00:00');
  await add('k5', 'c-c', LABOUR, '2026-11-23T20:00:00');
  await add('k6', 'c-c', LABOUR, '2026-11-25T12:00:00');
  await add('k7', 'c-c', LABOUR, '2026-11-21T12:00:00');
  await add('k8', 'c-c', LABOUR, '2026-11-21T12:00:00');
  await add('k9', 'c-c', LABOUR);

  const dept = (department: string): Actor => ({ id: `u-${department}`, role: 'department', department });
  const supervisor: Actor = { id: 'u-supervisor', role: 'supervisor' };
  await append('2026-11-21T10:00:00', 'commitment.fulfilled', 'commitment:k1', { text: '已完成' }, dept(HOUSING));
  await append('2026-11-21T12:00:00', 'commitment.fulfilled', 'commitment:k2', { text: '已完成' }, dept(HOUSING));
  await append('2026-11-23T10:00:00', 'commitment.verified', 'commitment:k1', { note: '现场核实' }, supervisor);
  await append('2026-11-22T10:00:00', 'commitment.broken', 'commitment:k7', { reason: '未按期落实' }, supervisor);
  await append('2026-11-22T10:00:00', 'commitment.cancelled', 'commitment:k8', { reason: '重复录入' }, MONITOR);
}
