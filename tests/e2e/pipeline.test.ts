import { mkdtempSync, writeFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig, type Config } from '../../shared/config.ts';
import type { Alert } from '../../shared/domain/alert.ts';
import { startServices, type RunningServices } from '../../services/start-services.ts';
import { loginAsNewUser, type ConsoleSession } from '../support/console-session.ts';
import { hotlineExport, wageArrearsRows } from '../support/hotline-export.ts';
import { testLogger } from '../support/test-logger.ts';
import { waitFor } from '../support/wait-for.ts';

/** The whole embedded pipeline in one process: inbox → collector → bus → analyzer → index → alert → socket.io. */
describe('embedded pipeline, end to end', () => {
  let config: Config;
  let services: RunningServices;
  let socket: Socket;
  let session: ConsoleSession;
  const alerts: Alert[] = [];

  beforeAll(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'yuqing-e2e-'));
    const parsed = parseConfig({ YUQING_DATA_DIR: dataDir, PORT: '0', YUQING_DEMO: '0', YUQING_POLL_MS: '50', LOG_LEVEL: 'error' });
    if (!parsed.ok) throw new Error(parsed.problems.join('; '));
    config = parsed.config;
    services = await startServices(config, ['collector', 'analyzer', 'responder'], testLogger, { announce: () => undefined });
    session = await loginAsNewUser(config.ledger, services.consoleUrl!, { role: 'monitor' });
    // The handshake carries the session cookie, as a browser's would.
    socket = connect(services.consoleUrl!, { transports: ['websocket'], extraHeaders: { cookie: session.cookie } });
    socket.on('alert', (a: Alert) => alerts.push(a));
    await waitFor('the socket to connect', () => socket.connected);
  });

  afterAll(async () => {
    socket?.close();
    await services?.stop();
  });

  const api = <T>(path: string): Promise<T> => session.api<T>(path);

  it('a new installation starts with the county\'s departments from its gazetteer, ready for the first case', async () => {
    const { departments } = await api<{ departments: string[] }>('/departments');
    expect(departments).toEqual(expect.arrayContaining(['县人力资源和社会保障局', '县市场监督管理局', '县住房和城乡建设局']));
  });

  it('shows an administrator the rule files the installation runs on', async () => {
    const admin = await loginAsNewUser(config.ledger, services.consoleUrl!, { role: 'admin' });
    const rules = await admin.api<Record<string, { path: string; content?: Record<string, unknown> }>>('/admin/rules');
    expect(rules.responseRules?.path).toBe(config.responder.rulesPath);
    expect(rules.responseRules?.content).toMatchObject({ hotline: { 投诉: { workingDays: 15 } } });
    expect(rules.alertRules?.content).toHaveProperty('escalation');
    expect(rules.sources).toBeUndefined();
  });

  it('an export dropped into the inbox becomes searchable items, an alert reaches a socket.io client, and a bad row is a dead letter', async () => {
    const rows = wageArrearsRows(12, '2026-11-24 09');
    rows.push(['JYBAD0001', '2026-13-45 25:61', '投诉', '电话', '坏数据', '来电时间无法解析', '壶镇镇', '', '', '', '', '']);
    mkdirSync(config.collector.inboxDir, { recursive: true });
    writeFileSync(join(config.collector.inboxDir, '12345工单导出_202611240930.csv'), hotlineExport(rows));

    const found = await waitFor('12 items in the index', async () => {
      const r = await api<{ total: number; hits: { id: string; text: string; topics: { code: string; evidence: string[] }[]; author?: { display: string } }[] }>(
        `/items?q=${encodeURIComponent('拖欠工资')}&limit=50`,
      );
      return r.total === 12 ? r : undefined;
    });
    const first = found.hits[0]!;
    // Evidence names the words found; a cue names its words joined by + (拖欠+工资).
    expect(first.topics.find((t) => t.code === 'wage_arrears')?.evidence.some((e) => e.includes('拖欠'))).toBe(true);
    // Personal data was masked before it left the collector.
    expect(first.text).not.toMatch(/1390578\d{4}/);
    expect(first.text).toMatch(/139\*{4}\d{4}/);
    expect(first.author?.display).toBe('王**');

    const alert = await waitFor('an alert on the socket', () => alerts[0]);
    expect(['较大', '重大', '特别重大']).toContain(alert.level);
    expect(alert.message).toContain('壶镇镇');
    const listed = await api<{ hits: Alert[] }>('/alerts');
    expect(listed.hits.map((a) => a.id)).toContain(alert.id);

    const dead = await waitFor('the bad row in dead-letters', async () => {
      const r = await api<{ hits: { reason: string; context: { row: number } }[] }>('/dead-letters');
      return r.hits.length ? r.hits : undefined;
    });
    expect(dead[0]!.reason).toMatch(/第 14 行：“来电时间”的值“2026-13-45 25:61”不是有效的日期时间/);

    const archived = readdirSync(config.collector.archiveDir).find((f) => f.endsWith('.report.json'))!;
    const report = JSON.parse(readFileSync(join(config.collector.archiveDir, archived), 'utf8')) as Record<string, unknown>;
    expect(report).toMatchObject({ encoding: 'gb18030', rows: 13, published: 12, deadLettered: 1 });
  }, 60_000);

  it('the same export dropped again publishes nothing new and raises no second alert', async () => {
    const before = alerts.length;
    writeFileSync(join(config.collector.inboxDir, '12345工单导出_again.csv'), hotlineExport(wageArrearsRows(12, '2026-11-24 09'), 'utf8-bom'));
    const report = await waitFor('the second file archived', () => {
      const name = readdirSync(config.collector.archiveDir).find((f) => f.includes('again') && f.endsWith('.report.json'));
      return name ? (JSON.parse(readFileSync(join(config.collector.archiveDir, name), 'utf8')) as Record<string, unknown>) : undefined;
    });
    expect(report).toMatchObject({ encoding: 'utf8', rows: 12, published: 0, unchanged: 12 });
    const items = await api<{ total: number }>(`/items?q=${encodeURIComponent('拖欠工资')}`);
    expect(items.total).toBe(12);
    expect(alerts.length).toBe(before);
  });
});
