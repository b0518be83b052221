/** How values read in the console: Chinese labels and the colours of levels and states. */
import type { CollectorCondition, CommitmentView, Event, EventLevel, SourceKind } from './types.ts';

export const LEVELS: EventLevel[] = ['一般', '较大', '重大', '特别重大'];

/** 一般 蓝/灰, 较大 黄, 重大 橙, 特别重大 红. */
export const LEVEL_COLOURS: Record<EventLevel, string> = {
  一般: '#6b8fb5',
  较大: '#d4a106',
  重大: '#e6730f',
  特别重大: '#d42a2a',
};

/** The analyzer's alert rules (services/analyzer/event-judge.ts), as staff call them. */
export const EVENT_STATUS_LABELS: Record<Event['status'], string> = { active: '持续中', closed: '已平息', merged: '已并入' };

const RULE_LABELS: Record<string, string> = {
  volume: '数量',
  'risk-signal': '风险信号',
  burst: '突增',
  'hotline-concentration': '热线集中',
  heat: '热度',
};
export const ruleLabel = (rule: string): string => RULE_LABELS[rule] ?? rule;

/** The grave levels ring and flash on the wall. */
export const isGrave = (level: EventLevel) => level === '重大' || level === '特别重大';

export const SOURCE_KIND_LABELS: Record<SourceKind, string> = { hotline: '12345热线', comment: '留言评论', page: '网页' };

export const CHANNELS = ['政府网站', '政务微博', '微信公众号', '新闻发布会', '12345回复', '其他'] as const;

export const APPEAL_TYPES = ['咨询', '求助', '建议', '投诉', '举报'] as const;

export const CASE_KIND_LABELS = { 'public-opinion': '政务舆情', hotline: '12345热线' } as const;

export const CASE_STATUS_LABELS: Record<string, string> = { open: '办理中', closed: '已办结' };

type TagType = 'primary' | 'success' | 'info' | 'warning' | 'danger';

export const COMMITMENT_STATE_TAGS: Record<CommitmentView['state'], TagType> = {
  pending: 'primary',
  due_soon: 'warning',
  overdue: 'danger',
  fulfilled: 'success',
  verified: 'success',
  broken: 'danger',
  cancelled: 'info',
};

/** 蓝/黄/红 overdue warnings as colours. */
export const WARNING_COLOURS: Record<string, string> = { 蓝: '#3a7bd5', 黄: '#d4a106', 红: '#d42a2a' };

const TIME = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false });

/** An instant as people in China read it, whatever the browser's zone. */
export function formatTime(iso: string | undefined): string {
  if (!iso) return '—';
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : TIME.format(t);
}

/** Who did something, from a ledger actor or a plain name. */
export function actorText(actor: unknown): string {
  if (!actor) return '—';
  if (typeof actor === 'string') return actor;
  const a = actor as { id?: string; role?: string; department?: string; displayName?: string; name?: string };
  return [a.displayName ?? a.name ?? a.id, a.department].filter(Boolean).join(' · ');
}

/**
 * A server-provided address fit for :href: only http(s), so a `javascript:` or `data:` URL typed
 * into evidence or an item never runs in the console. Anything else is shown as plain text.
 */
export function safeHref(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url.trim());
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}

/** A file size as people read it (evidence files are at most 5 MB). */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** A collector process's condition on the sources page (services/responder/sources/collector-board.ts). */
export const COLLECTOR_CONDITIONS: Record<CollectorCondition, { label: string; tag: TagType }> = {
  running: { label: '运行中', tag: 'success' },
  stopping: { label: '停止中', tag: 'warning' },
  stopped: { label: '已停止', tag: 'info' },
  lost: { label: '失联', tag: 'danger' },
};
