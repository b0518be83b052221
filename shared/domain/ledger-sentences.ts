/**
 * Ledger entries as people read them: the action's Chinese name, who did it, on what, and a
 * sentence with what the payload says. One module for the console (台账记录, 审计记录) and the
 * audit export, so a supervisor never meets an action code, a role code, a user id or raw JSON.
 * Pure and browser-safe: the console bundles it.
 */
import { ROLE_LABELS, type RoleCode } from './account.ts';
import type { Actor, LedgerEntry } from './ledger.ts';
import type { LedgerActionName } from './ledger-actions.ts';

export const ACTION_LABELS: Record<LedgerActionName, string> = {
  'case.opened': '立案',
  'case.updated': '修改事项',
  'case.closed': '办结',
  'case.reopened': '重新办理',
  'draft.saved': '保存口径稿',
  'draft.commented': '审核意见',
  'draft.approved': '审核通过',
  'publication.recorded': '登记发布',
  'commitment.added': '登记承诺',
  'commitment.fulfilled': '报告兑现',
  'commitment.verified': '核实兑现',
  'commitment.broken': '认定未兑现',
  'commitment.cancelled': '撤销承诺',
  'commitment.reminded': '到期提醒',
  'alert.acknowledged': '确认预警',
  'digest.daily': '生成日报',
  'rules.saved': '保存规则',
  'user.created': '创建用户',
  'user.updated': '修改用户',
  'user.password_reset': '重置密码',
  'user.password_changed': '修改密码',
  'department.created': '新增单位',
  'session.login': '登录',
  'session.logout': '退出',
  'session.login_failed': '登录失败',
};

export const actionLabel = (action: string): string => (ACTION_LABELS as Record<string, string>)[action] ?? action;

export const roleLabel = (role: string): string => (role === 'system' ? '系统' : (ROLE_LABELS[role as RoleCode] ?? role));

/**
 * Who acted, by the name they had then (entries before names were recorded: their name now); the
 * system's own jobs as 系统; someone no longer among the users by their id, so the entry stays traceable.
 */
export const actorName = (actor: Actor, nameOf: (id: string) => string | undefined = () => undefined): string =>
  actor.name ?? nameOf(actor.id) ?? (actor.role === 'system' ? '系统' : `未知用户（${actor.id}）`);

/** The actor with their unit: "张三 · 县住建局". */
export const actorLabel = (actor: Actor, nameOf?: (id: string) => string | undefined): string => [actorName(actor, nameOf), actor.department].filter(Boolean).join(' · ');

const SUBJECT_KINDS: Record<string, string> = { case: '事项', commitment: '承诺', alert: '预警', department: '单位', login: '登录名' };
const NAMED_SUBJECTS: Record<string, string> = { 'rules:response': '回应规则', 'system:digest': '每日摘要' };

/** What an entry is about: "事项 C-12", "用户 张三", "回应规则". */
export function subjectLabel(subject: string, nameOf: (id: string) => string | undefined = () => undefined): string {
  const named = NAMED_SUBJECTS[subject];
  if (named) return named;
  const colon = subject.indexOf(':');
  const [kind, ref] = colon < 0 ? ['', subject] : [subject.slice(0, colon), subject.slice(colon + 1)];
  if (kind === 'user') return `用户 ${nameOf(ref) ?? '（已不在用户列表）'}`;
  return SUBJECT_KINDS[kind] ? `${SUBJECT_KINDS[kind]} ${ref}` : subject;
}

const FIELD_LABELS: Record<string, string> = {
  title: '标题',
  lead: '牵头单位',
  coResponsible: '协办单位',
  level: '级别',
  dueAt: '办理时限',
  deadlines: '时限',
  role: '角色',
  department: '单位',
  displayName: '姓名',
  disabled: '停用',
  name: '登录名',
};

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v : typeof v === 'number' ? String(v) : undefined);
const clip = (s: string, n = 60): string => (s.length > n ? `${s.slice(0, n)}…` : s);
const dayOf = (iso: unknown): string | undefined => str(iso)?.slice(0, 10);
const withReason = (head: string, reason: unknown): string => (str(reason) ? `${head}：${clip(str(reason)!)}` : head);

function valueText(field: string, v: unknown): string {
  if (field === 'role' && typeof v === 'string') return roleLabel(v);
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (Array.isArray(v)) return v.every((x) => typeof x === 'string') ? v.join('、') || '无' : `${v.length} 项`;
  if (field.endsWith('At')) return dayOf(v) ?? '—';
  return str(v) ?? '—';
}

/** Changed fields as "级别改为较大，牵头单位改为县住建局"; fields it cannot name are counted, not dumped. */
function changesText(changes: Record<string, unknown>): string {
  const named = Object.entries(changes).filter(([k]) => FIELD_LABELS[k]);
  const parts = named.map(([k, v]) => `${FIELD_LABELS[k]}改为${valueText(k, v)}`);
  const others = Object.keys(changes).length - named.length;
  if (others > 0) parts.push(`另有 ${others} 项设置`);
  return parts.join('，') || '无改动';
}

/** What the entry says, as a sentence without codes: "立案「…」，牵头单位县住建局，级别较大". */
export function entrySentence(entry: Pick<LedgerEntry, 'action' | 'payload'>): string {
  const p = entry.payload;
  switch (entry.action as LedgerActionName) {
    case 'case.opened': {
      const co = Array.isArray(p.coResponsible) && p.coResponsible.length ? `，协办${valueText('coResponsible', p.coResponsible)}` : '';
      return `立案「${clip(str(p.title) ?? '')}」，牵头单位${str(p.lead) ?? '—'}${co}，级别${str(p.level) ?? '—'}`;
    }
    case 'case.updated':
      return `修改事项：${changesText(p)}`;
    case 'case.closed':
      return withReason('办结事项', p.reason);
    case 'case.reopened':
      return withReason('重新办理', p.reason);
    case 'draft.saved':
      return `保存第 ${str(p.version) ?? '?'} 稿（${str(p.text)?.length ?? 0} 字）`;
    case 'draft.commented':
      return `对第 ${str(p.version) ?? '?'} 稿提出意见：「${clip(str(p.text) ?? '')}」`;
    case 'draft.approved':
      return `审核通过第 ${str(p.version) ?? '?'} 稿`;
    case 'publication.recorded':
      return `在${str(p.channel) ?? '—'}发布（${dayOf(p.publishedAt) ?? '—'}）${str(p.url) ? `，链接 ${str(p.url)}` : ''}`;
    case 'commitment.added': {
      const due = str(p.dueText) ?? (dayOf(p.dueAt) ? `${dayOf(p.dueAt)}前` : p.vague ? '时限模糊' : '未定时限');
      const party = p.promiser === 'third-party' ? `（第三方承诺${str(p.party) ? `：${str(p.party)}` : ''}）` : '';
      return `登记承诺「${clip(str(p.text) ?? '')}」，责任单位${str(p.owner) ?? '—'}，${due}${party}`;
    }
    case 'commitment.fulfilled': {
      const file = p.file && typeof p.file === 'object' ? str((p.file as { name?: unknown }).name) : undefined;
      return ['报告承诺已兑现', str(p.text) && `说明「${clip(str(p.text)!)}」`, file && `证据 ${file}`, str(p.url) && `链接 ${str(p.url)}`].filter(Boolean).join('，');
    }
    case 'commitment.verified':
      return withReason('核实承诺已兑现', p.note);
    case 'commitment.broken':
      return withReason('认定承诺未兑现', p.reason);
    case 'commitment.cancelled':
      return withReason('撤销承诺', p.reason);
    case 'commitment.reminded':
      return p.kind === 'overdue' ? '发出逾期提醒' : '发出临期提醒';
    case 'alert.acknowledged':
      return withReason('确认预警', p.note);
    case 'digest.daily':
      return `生成 ${str(p.date) ?? ''} 的每日摘要`;
    case 'rules.saved':
      return withReason(`保存规则第 ${str(p.revision) ?? '?'} 版`, p.reason);
    case 'user.created':
      return `创建用户 ${str(p.displayName) ?? str(p.name) ?? ''}（${roleLabel(str(p.role) ?? '')}${str(p.department) ? `，${str(p.department)}` : ''}）`;
    case 'user.updated':
      return `修改用户：${p.changes && typeof p.changes === 'object' ? changesText(p.changes as Record<string, unknown>) : '无改动'}`;
    case 'user.password_reset':
      return '重置用户密码';
    case 'user.password_changed':
      return '修改本人密码';
    case 'department.created':
      return `新增单位 ${str(p.name) ?? ''}`;
    case 'session.login':
      return str(p.ip) ? `登录（${str(p.ip)}）` : '登录';
    case 'session.logout':
      return '退出登录';
    case 'session.login_failed':
      return withReason(str(p.ip) ? `登录失败（${str(p.ip)}）` : '登录失败', p.reason);
    default:
      return actionLabel(entry.action);
  }
}
