import type { User } from '../../shared/domain/account.ts';
import type { Alert } from '../../shared/domain/alert.ts';
import type { AnalyzedItem } from '../../shared/domain/analyzed-item.ts';
import type { Event } from '../../shared/domain/event.ts';

/** A valid analyzed item with sensible defaults; tests override what they look at. */
export function analyzedItem(id: string, over: Partial<AnalyzedItem> = {}): AnalyzedItem {
  const text = over.text ?? '反映某小区物业服务问题';
  return {
    id,
    source: { kind: 'hotline', name: 'test-hotline' },
    externalId: id,
    text,
    publishedAt: '2026-11-20T09:00:00+08:00',
    collectedAt: '2026-11-20T09:05:00+08:00',
    attrs: {},
    revision: 1,
    normText: text,
    tokens: [],
    topics: [],
    sentiment: { score: 0, label: 'not_negative', evidence: [], intensity: { score: 0, evidence: [] } },
    risk: { score: 0, signals: [] },
    places: [],
    departments: [],
    simhash: '0000000000000000',
    eventId: `ev-${id}`,
    analyzerVersion: 'test',
    ...over,
  };
}

export function event(id: string, over: Partial<Event> = {}): Event {
  return {
    id,
    title: '某工地拖欠农民工工资',
    topics: ['wage_arrears'],
    places: ['壶镇镇'],
    firstSeen: '2026-11-20T08:00:00+08:00',
    lastSeen: '2026-11-20T10:00:00+08:00',
    itemCount: 3,
    counts: { hotline: 3, comment: 0, page: 0 },
    hourly: [{ hour: '2026-11-20T08:00:00+08:00', count: 3 }],
    heat: 10,
    level: '一般',
    status: 'active',
    ...over,
  };
}

export function alert(id: string, over: Partial<Alert> = {}): Alert {
  return {
    id,
    eventId: 'ev1',
    rule: 'volume',
    level: '较大',
    message: '事件热度上升',
    createdAt: '2026-11-20T10:00:00+08:00',
    sampleItemIds: [],
    ...over,
  };
}

/** A console user as the account store returns one (no password that logs in). */
export function testUser(role: User['role'], department?: string): User {
  return {
    id: `u-${role}`,
    name: role,
    displayName: role,
    role,
    ...(department ? { department } : {}),
    passwordHash: 'x',
    mustChangePassword: false,
    disabled: false,
    sessionVersion: 1,
    createdAt: '2026-11-24T09:00:00+08:00',
    updatedAt: '2026-11-24T09:00:00+08:00',
  };
}
