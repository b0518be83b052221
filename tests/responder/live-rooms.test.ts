import { describe, expect, it } from 'vitest';
import { testUser } from '../support/records.ts';
import type { CaseRecord } from '../../shared/domain/ledger-projections.ts';
import type { LedgerStore } from '../../shared/ports/ledger-store.ts';
import type { AggregationResult, ItemQuery, SearchIndex } from '../../shared/ports/search-index.ts';
import { EventDepartments } from '../../services/responder/live/event-departments.ts';
import { alertRooms, deptRoom, mayReceiveAlert, roleRoom, roomsOfUser, userRoom } from '../../services/responder/live/rooms.ts';
import { testLogger } from '../support/test-logger.ts';


const RSJ = '县人力资源和社会保障局';
const ZJJ = '县住房和城乡建设局';
const WATCHING = ['role:monitor', 'role:reviewer', 'role:supervisor', 'role:admin'];

describe('live alert rooms', () => {
  it('a socket joins its role and user rooms, and a 承办单位 user its department room', () => {
    expect(roomsOfUser(testUser('department', RSJ))).toEqual(['role:department', 'user:u-department', `dept:${RSJ}`]);
    expect(roomsOfUser(testUser('monitor', '县委宣传部'))).toEqual(['role:monitor', 'user:u-monitor']);
    expect(roomsOfUser(testUser('department'))).toEqual(['role:department', 'user:u-department']);
    expect([roleRoom('admin'), deptRoom(ZJJ), userRoom('u1')]).toEqual(['role:admin', `dept:${ZJJ}`, 'user:u1']);
  });

  it('an alert goes to the four watching roles and to each department it concerns, once each', () => {
    expect(alertRooms([])).toEqual(WATCHING);
    expect(alertRooms([RSJ, ZJJ, RSJ])).toEqual([...WATCHING, `dept:${RSJ}`, `dept:${ZJJ}`]);
    expect(alertRooms([RSJ])).not.toContain('role:department');
  });

  it('replay admits what the rooms would: every alert for watching roles, a department only its own', () => {
    for (const role of ['monitor', 'reviewer', 'supervisor', 'admin'] as const) expect(mayReceiveAlert(testUser(role), [])).toBe(true);
    expect(mayReceiveAlert(testUser('department', RSJ), [ZJJ, RSJ])).toBe(true);
    expect(mayReceiveAlert(testUser('department', RSJ), [ZJJ])).toBe(false);
    expect(mayReceiveAlert(testUser('department', RSJ), [])).toBe(false);
    expect(mayReceiveAlert(testUser('department'), [RSJ])).toBe(false);
  });
});

describe('departments of an alerted event', () => {
  // Only what the resolver reads of a case.
  type CaseStub = Pick<CaseRecord, 'id' | 'eventId' | 'lead' | 'coResponsible'>;
  const caseFor = (id: string, eventId: string | undefined, lead: string, coResponsible: string[]): CaseStub => ({
    id,
    ...(eventId ? { eventId } : {}),
    lead,
    coResponsible,
  });

  function stubs(itemDepartments: Record<string, string[]>, cases: CaseStub[]) {
    const calls = { aggregate: [] as string[], listCases: 0 };
    let failIndex = false;
    const index = {
      aggregateItems: async (q: ItemQuery): Promise<AggregationResult> => {
        calls.aggregate.push(q.eventId!);
        if (failIndex) throw new Error('index down');
        const keys = itemDepartments[q.eventId!] ?? [];
        return { total: keys.length, terms: { department: keys.map((key) => ({ key, count: 1 })) } };
      },
    } as unknown as SearchIndex;
    const ledger = {
      listCases: async () => {
        calls.listCases++;
        return cases;
      },
    } as unknown as LedgerStore;
    return { index, ledger, calls, failIndex: (v: boolean) => (failIndex = v) };
  }

  it('joins the departments the items name with the lead and co-responsible of cases opened for the event', async () => {
    const s = stubs({ ev1: [RSJ], ev2: [] }, [caseFor('c1', 'ev1', ZJJ, ['县应急管理局']), caseFor('c2', 'ev2', '县公安局', []), caseFor('c3', undefined, '县财政局', [])]);
    const deps = new EventDepartments(s.index, s.ledger, testLogger);
    const got = await deps.of(['ev1', 'ev2', 'ev1']);
    expect(got.get('ev1')?.toSorted()).toEqual([RSJ, ZJJ, '县应急管理局'].toSorted());
    expect(got.get('ev2')).toEqual(['县公安局']);
    expect(s.calls.listCases).toBe(1);
  });

  it('answers from its cache for a while, then asks again', async () => {
    const clock = { now: 0 };
    const s = stubs({ ev1: [RSJ] }, []);
    const deps = new EventDepartments(s.index, s.ledger, testLogger, { ttlMs: 1000, now: () => clock.now });
    await deps.of(['ev1']);
    await deps.of(['ev1']);
    expect(s.calls.aggregate).toEqual(['ev1']);
    clock.now = 1000;
    await deps.of(['ev1']);
    expect(s.calls.aggregate).toEqual(['ev1', 'ev1']);
  });

  it('an event it cannot resolve is left out, not cached, and resolved on the next ask', async () => {
    const s = stubs({ ev1: [RSJ] }, []);
    const deps = new EventDepartments(s.index, s.ledger, testLogger);
    s.failIndex(true);
    expect((await deps.of(['ev1'])).has('ev1')).toBe(false);
    s.failIndex(false);
    expect((await deps.of(['ev1'])).get('ev1')).toEqual([RSJ]);
  });
});
