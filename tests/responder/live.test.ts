import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io as connect } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../shared/domain/alert.ts';
import type { AccountStore } from '../../shared/ports/account-store.ts';
import type { Bus } from '../../shared/ports/bus.ts';
import type { LedgerStore } from '../../shared/ports/ledger-store.ts';
import type { SearchIndex } from '../../shared/ports/search-index.ts';
import { segmentForSearch } from '../../shared/text/segmenter.ts';
import { ensureProductChannels, publishTo, CHANNELS } from '../../shared/bus-channels.ts';
import { openAccountStore, openBus, openLedgerStore, openSearchIndex } from '../../shared/wiring.ts';
import { deptRoom } from '../../services/responder/live/rooms.ts';
import { startResponder, type ResponderService } from '../../services/responder/responder-service.ts';
import { createTestUser, login } from '../support/console-session.ts';
import { alert, analyzedItem, event } from '../support/records.ts';
import { testLogger } from '../support/test-logger.ts';
import { connectLiveClient, type LiveClient } from '../support/live-client.ts';
import { waitFor } from '../support/wait-for.ts';

const RSJ = '县人力资源和社会保障局';
const ZJJ = '县住房和城乡建设局';
const YJJ = '县应急管理局';

describe('live alerts over socket.io (embedded)', () => {
  let bus: Bus;
  let index: SearchIndex;
  let ledger: LedgerStore;
  let accounts: AccountStore;
  let responder: ResponderService;
  const clients: LiveClient[] = [];

  beforeAll(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'yuqing-live-'));
    bus = await openBus({ kind: 'sqlite', path: join(dataDir, 'bus.sqlite') }, testLogger, { pollMs: 20 });
    await ensureProductChannels(bus, 1);
    index = await openSearchIndex({ kind: 'sqlite', path: join(dataDir, 'index.sqlite') }, segmentForSearch, testLogger);
    ledger = await openLedgerStore({ kind: 'sqlite', path: join(dataDir, 'ledger.sqlite') }, testLogger);
    accounts = await openAccountStore({ kind: 'sqlite', path: join(dataDir, 'ledger.sqlite') }, testLogger);
    responder = await startResponder({
      bus,
      index,
      ledger,
      accounts,
      sessionSecret: 'live-test-session-secret-0123456789abcdef',
      logger: testLogger,
      host: '127.0.0.1',
      port: 0,
      announce: () => {},
    });
    // Events and the departments they name, as the analyzer would have indexed them.
    await index.upsertItems([
      analyzedItem('i-zjj', { eventId: 'ev-zjj', departments: [ZJJ] }),
      analyzedItem('i-rsj', { eventId: 'ev-rsj', departments: [RSJ] }),
      analyzedItem('i-all', { eventId: 'ev-all', departments: [RSJ, ZJJ, YJJ] }),
      analyzedItem('i-none', { eventId: 'ev-case', departments: [] }),
    ]);
    await index.upsertEvents([event('ev-zjj')]);
    await ledger.append({
      actor: { id: 'u-test', role: 'monitor' },
      action: 'case.opened',
      subject: 'case:c-live',
      payload: { id: 'c-live', title: '某化工厂异味', eventId: 'ev-case', lead: YJJ, coResponsible: [], level: '较大' },
    });
    await index.refresh();
  });

  afterAll(async () => {
    for (const c of clients) c.socket.close();
    await responder?.stop();
    await bus?.close();
    await index?.close();
    await accounts?.close();
    await ledger?.close();
  });

  async function session(role: 'monitor' | 'department' | 'supervisor' | 'admin', department?: string) {
    const { user, password } = await createTestUser(accounts, { role, ...(department ? { department } : {}) });
    return login(responder.url, user.name, password);
  }

  async function connectWith(cookie: string): Promise<LiveClient> {
    const client = await connectLiveClient(responder.url, cookie);
    clients.push(client);
    return client;
  }

  /** Publishes alerts as the analyzer does: to the bus first, then to the index. */
  async function raise(...alerts: Alert[]): Promise<void> {
    await publishTo(bus, CHANNELS.alerts, alerts);
    await index.upsertAlerts(alerts);
    await index.refresh();
  }

  const ids = (c: LiveClient) => c.alerts.map((a) => a.id);

  it('a console that reconnects with resume receives the alert raised while it was away, once, before new ones', async () => {
    const monitor = await session('monitor');
    const watcher = await connectWith((await session('supervisor')).cookie);
    const first = await connectWith(monitor.cookie);
    first.socket.disconnect();

    await raise(alert('al-away', { eventId: 'ev-rsj', createdAt: '2026-11-24T10:00:00+08:00' }));
    // The supervisor's socket getting it live means the live delivery is over: nobody else got it.
    await waitFor('the supervisor to receive the alert live', () => ids(watcher).includes('al-away'));
    expect(ids(first)).toEqual([]);

    const again = await connectWith(monitor.cookie);
    const answer = await again.socket.emitWithAck('resume', { since: '2026-11-24T09:30:00+08:00' });
    expect(answer).toEqual({ replayed: 1, truncated: false });
    expect(ids(again)).toEqual(['al-away']);

    await raise(alert('al-next', { eventId: 'ev-rsj', createdAt: '2026-11-24T10:05:00+08:00' }));
    await waitFor('the next alert live', () => ids(again).includes('al-next'));
    expect(ids(again)).toEqual(['al-away', 'al-next']);

    // Resuming again within the same connection sends nothing twice.
    expect(await again.socket.emitWithAck('resume', { since: '2026-11-24T09:30:00+08:00' })).toEqual({ replayed: 0, truncated: false });
    expect(ids(again)).toEqual(['al-away', 'al-next']);
  });

  it('an alert replayed before its live delivery arrives is not sent to that socket again', async () => {
    const monitor = await connectWith((await session('monitor')).cookie);
    const watcher = await connectWith((await session('supervisor')).cookie);
    // Indexed but not yet delivered: the order a slow consumer sees.
    const late = alert('al-late', { eventId: 'ev-rsj', createdAt: '2026-11-24T10:10:00+08:00' });
    await index.upsertAlerts([late]);
    await index.refresh();
    expect(await monitor.socket.emitWithAck('resume', { since: '2026-11-24T10:07:00+08:00' })).toEqual({ replayed: 1, truncated: false });
    await publishTo(bus, CHANNELS.alerts, [late]);
    await publishTo(bus, CHANNELS.alerts, [alert('al-after-late', { eventId: 'ev-rsj', createdAt: '2026-11-24T10:11:00+08:00' })]);
    await waitFor('both alerts live on another socket', () => ['al-late', 'al-after-late'].every((id) => ids(watcher).includes(id)));
    await waitFor('the second alert live', () => ids(monitor).includes('al-after-late'));
    expect(ids(monitor)).toEqual(['al-late', 'al-after-late']);
  });

  it('a department receives the alerts naming it (through its items or a case for the event) and no other department\'s', async () => {
    const monitor = await connectWith((await session('monitor')).cookie);
    const rsj = await connectWith((await session('department', RSJ)).cookie);
    const zjj = await connectWith((await session('department', ZJJ)).cookie);
    const yjj = await connectWith((await session('department', YJJ)).cookie);

    await raise(
      alert('al-zjj', { eventId: 'ev-zjj', createdAt: '2026-11-24T11:00:00+08:00' }),
      alert('al-case', { eventId: 'ev-case', createdAt: '2026-11-24T11:01:00+08:00' }),
    );
    await raise(alert('al-rsj', { eventId: 'ev-rsj', createdAt: '2026-11-24T11:02:00+08:00' }));
    // The last alert names all three departments: once a socket has it, every earlier one was sent.
    await raise(alert('al-all', { eventId: 'ev-all', createdAt: '2026-11-24T11:03:00+08:00' }));
    await waitFor('every socket to receive al-all', () => [monitor, rsj, zjj, yjj].every((c) => ids(c).includes('al-all')));

    expect(ids(monitor)).toEqual(['al-zjj', 'al-case', 'al-rsj', 'al-all']);
    expect(ids(zjj)).toEqual(['al-zjj', 'al-all']);
    expect(ids(yjj)).toEqual(['al-case', 'al-all']);
    expect(ids(rsj)).toEqual(['al-rsj', 'al-all']);
  });

  it('replay gives a department only the alerts naming it, oldest first', async () => {
    const rsj = await connectWith((await session('department', RSJ)).cookie);
    const answer = await rsj.socket.emitWithAck('resume', { since: '2026-11-24T10:30:00+08:00' });
    expect(answer).toEqual({ replayed: 2, truncated: false });
    expect(ids(rsj)).toEqual(['al-rsj', 'al-all']);

    const yjj = await connectWith((await session('department', YJJ)).cookie);
    await yjj.socket.emitWithAck('resume', { since: '2026-11-24T09:00:00+08:00' });
    expect(ids(yjj)).toEqual(['al-case', 'al-all']);
  });

  it('notify reaches the sockets of the rooms named and no others', async () => {
    const rsj = await connectWith((await session('department', RSJ)).cookie);
    const zjj = await connectWith((await session('department', ZJJ)).cookie);
    responder.notify([deptRoom(RSJ)], 'case', { caseId: 'c1' });
    responder.notify([], 'case', { caseId: 'nobody' });
    responder.notify([deptRoom(RSJ), deptRoom(ZJJ)], 'case', { caseId: 'c2' });
    await waitFor('both departments to get c2', () => [rsj, zjj].every((c) => c.messages.some((m) => (m.payload as { caseId?: string }).caseId === 'c2')));
    expect(rsj.messages).toEqual([
      { event: 'case', payload: { caseId: 'c1' } },
      { event: 'case', payload: { caseId: 'c2' } },
    ]);
    expect(zjj.messages).toEqual([{ event: 'case', payload: { caseId: 'c2' } }]);
  });

  it('a malformed resume is answered with an error, with or without an acknowledgement', async () => {
    const monitor = await connectWith((await session('monitor')).cookie);
    const answer = (await monitor.socket.emitWithAck('resume', { since: 'yesterday' })) as { error: { code: string } };
    expect(answer.error.code).toBe('live.invalid_resume');
    monitor.socket.emit('resume', 'nonsense');
    const err = await waitFor('a resume-error', () => monitor.messages.find((m) => m.event === 'resume-error'));
    expect(err.payload).toMatchObject({ code: 'live.invalid_resume' });
    expect(monitor.socket.connected).toBe(true);
  });

  it('GET /api/alerts lists for a department only the alerts naming it, and shows who acknowledged an alert', async () => {
    await raise(alert('al-list-rsj', { eventId: 'ev-rsj', createdAt: '2026-11-24T12:00:00+08:00' }), alert('al-list-zjj', { eventId: 'ev-zjj', createdAt: '2026-11-24T12:01:00+08:00' }));
    const monitor = await session('monitor');
    const ack = await monitor.request('POST', '/alerts/al-list-rsj/acknowledge', { note: '已转人社局核实' });
    expect(ack.status).toBe(201);

    type Listed = { total: number; hits: { id: string; acknowledged?: { by: { id: string }; note?: string } }[] };
    const since = encodeURIComponent('2026-11-24T12:00:00+08:00');
    const all = await monitor.api<Listed>(`/alerts?since=${since}`);
    expect(all.hits.map((a) => a.id).sort()).toEqual(['al-list-rsj', 'al-list-zjj']);
    expect(all.hits.find((a) => a.id === 'al-list-rsj')?.acknowledged).toMatchObject({ by: { id: monitor.user.id }, note: '已转人社局核实' });
    expect(all.hits.find((a) => a.id === 'al-list-zjj')?.acknowledged).toBeUndefined();

    const rsjSession = await session('department', RSJ);
    const rsj = await rsjSession.api<Listed>(`/alerts?since=${since}`);
    expect(rsj).toMatchObject({ total: 1, hits: [{ id: 'al-list-rsj' }] });
    // The event page follows the same rule: another department's event shows its items, not its alerts.
    expect((await rsjSession.api<{ alerts: Listed }>('/events/ev-zjj')).alerts).toEqual({ total: 0, hits: [] });
    expect((await monitor.api<{ alerts: Listed }>('/events/ev-zjj')).alerts.hits.map((a) => a.id).sort()).toEqual(['al-list-zjj', 'al-zjj']);

    const again = await monitor.request('POST', '/alerts/al-list-rsj/acknowledge', {});
    expect(again.status).toBe(409);
    expect((await monitor.request('POST', `/alerts/${encodeURIComponent('a b<script>')}/acknowledge`, {})).status).toBe(400);
    const madeUp = await monitor.request('POST', '/alerts/al-never-raised/acknowledge', {});
    expect(madeUp.status).toBe(404);
    expect((await ledger.entries({ subject: 'alert:al-never-raised', limit: 10 })).length).toBe(0);
  });

  it("a department's alert list reaches its alerts behind hundreds of newer ones of other departments, and those of its cases' events", async () => {
    const at = (minute: number) => new Date(Date.parse('2026-11-22T08:00:00+08:00') + minute * 60_000).toISOString();
    // Straight into the index (not the live feed); 特别重大 keeps them apart from the other tests' alerts.
    const grave = (id: string, eventId: string, minute: number) => alert(id, { eventId, level: '特别重大', createdAt: at(minute) });
    await index.upsertAlerts([
      grave('old-rsj', 'ev-rsj', 0),
      grave('old-case', 'ev-case', 1),
      ...Array.from({ length: 600 }, (_, i) => grave(`newer-zjj-${i}`, 'ev-zjj', 2 + i)),
    ]);
    await index.refresh();
    type Listed = { total: number; hits: { id: string }[] };
    const rsj = await (await session('department', RSJ)).api<Listed>('/alerts?level=特别重大&limit=10');
    expect(rsj).toEqual({ total: 1, hits: [expect.objectContaining({ id: 'old-rsj' })] });
    // 应急管理局 is named by no item of ev-case, only as the lead of the case opened for it.
    const yjj = await session('department', YJJ);
    expect((await yjj.api<Listed>('/alerts?level=特别重大')).hits.map((a) => a.id)).toEqual(['old-case']);
    expect((await yjj.api<Listed>('/alerts?level=特别重大&event=ev-rsj')).total).toBe(0);
    const zjj = await (await session('department', ZJJ)).api<Listed>('/alerts?level=特别重大&offset=590&limit=20');
    expect(zjj.total).toBe(600);
    expect(zjj.hits.map((a) => a.id)).toEqual(Array.from({ length: 10 }, (_, i) => `newer-zjj-${9 - i}`));
  });

  it('an administrator disabling a user or changing its department closes its live sockets at once', async () => {
    const { user, password } = await createTestUser(accounts, { role: 'department', department: RSJ });
    const moved = await connectWith((await login(responder.url, user.name, password)).cookie);
    const admin = await session('admin');
    const closed = new Promise<string>((resolve) => moved.socket.once('disconnect', resolve));
    expect((await admin.request('PATCH', `/admin/users/${user.id}`, { department: ZJJ })).status).toBe(200);
    expect(await closed).toBe('io server disconnect');

    const again = await connectWith((await login(responder.url, user.name, password)).cookie);
    const gone = new Promise<string>((resolve) => again.socket.once('disconnect', resolve));
    expect((await admin.request('PATCH', `/admin/users/${user.id}`, { disabled: true })).status).toBe(200);
    expect(await gone).toBe('io server disconnect');
    // And it cannot come back.
    again.socket.connect();
    const refused = await new Promise<Error>((resolve) => again.socket.once('connect_error', resolve));
    expect(refused.message).toBe('unauthorized');
  });

  it('a socket without a session is refused', async () => {
    const socket = connect(responder.url, { transports: ['websocket'], reconnection: false });
    const error = await new Promise<Error>((resolve) => socket.once('connect_error', resolve));
    socket.close();
    expect(error.message).toBe('unauthorized');
  });
});
