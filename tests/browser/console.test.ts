import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RESPONSE_RULES_PATH } from '../../shared/config.ts';
import { toChinaIso } from '../../shared/domain/time.ts';
import type { Bus } from '../../shared/ports/bus.ts';
import { publishTo, CHANNELS } from '../../shared/bus-channels.ts';
import { openBus } from '../../shared/wiring.ts';
import { loadResponseRules } from '../../services/responder/cases/response-rules.ts';
import { runReminders } from '../../services/responder/supervision/supervision-jobs.ts';
import { startResponderFixture, type ResponderFixture } from '../responder/responder-fixture.ts';
import { createTestUser } from '../support/console-session.ts';
import { alert } from '../support/records.ts';
import { policyPageItem } from '../analyzer/analyzer-fixtures.ts';
import { testLogger } from '../support/test-logger.ts';
import { chromiumAvailable, launchChromium, loginThroughForm, openConsole, screenshot } from './browser-support.ts';

const LEAD = '县住房和城乡建设局';
/** The seeded event ev1's title (tests/support/records.ts). */
const EVENT_TITLE = '某工地拖欠农民工工资';
const DRAFT = '经核查，该化工厂异味系设备检修所致，目前已停产整改，县生态环境局将持续监测并公布结果。';
const PROMISE = '七日内完成异味源排查并在政府网站公布结果';
const DAY_MS = 86_400_000;
const START = Date.now();

/** One chromium for the file; one context (cookie jar) per person, reused across the steps. */
describe.skipIf(!chromiumAvailable())('the console in chromium (embedded responder)', () => {
  let fixture: ResponderFixture;
  let bus: Bus;
  let browser: Browser;
  const people: { context: BrowserContext; problems: string[] }[] = [];
  let monitor: Page;
  let caseUrl = '';

  async function personLoggedIn(role: 'monitor' | 'reviewer' | 'supervisor' | 'admin'): Promise<Page> {
    const { user, password } = await createTestUser(fixture.accounts, { role });
    const tab = await openConsole(browser, fixture.url);
    people.push(tab);
    await loginThroughForm(tab.page, user.name, password);
    return tab.page;
  }

  beforeAll(async () => {
    fixture = await startResponderFixture({ seed: true });
    // The browser keeps a session cookie only until its Expires, read on the real clock: the
    // responder's clock starts at the real time and moves forward from there.
    fixture.clock.now = START;
    await fixture.accounts.addDepartment(LEAD);
    // A second handle on the responder's bus file, as the analyzer process would hold.
    bus = await openBus({ kind: 'sqlite', path: join(fixture.dataDir, 'bus.sqlite') }, testLogger, { pollMs: 20 });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await bus?.close();
    await fixture?.stop();
  });

  it('a new user sets a password at first login, then sees the header and the stored alerts on the wall', async () => {
    const { user, password } = await createTestUser(fixture.accounts, { role: 'monitor', mustChangePassword: true });
    const tab = await openConsole(browser, fixture.url);
    people.push(tab);
    monitor = tab.page;
    await loginThroughForm(monitor, user.name, password, 'a-new-password-2026');
    await expect.poll(() => monitor.locator('header').innerText()).toContain('舆情监测');
    expect(new URL(monitor.url()).pathname).toBe('/wall');
    await monitor.locator('[data-alert-id="al-1"]').waitFor();
    expect(await monitor.locator('[data-alert-id="al-1"]').innerText()).toContain('事件热度上升');
    expect((await fixture.accounts.findUserByName(user.name))?.mustChangePassword).toBe(false);
  });

  it('shows an alert published on the bus without a reload, once, highlighted as grave', async () => {
    await monitor.locator('[data-test="connection"].connected').waitFor();
    await monitor.evaluate(() => Object.assign(globalThis, { notReloaded: true }));
    const grave = alert('al-live', {
      eventId: 'ev1',
      level: '特别重大',
      title: '化工厂异味引发集中投诉',
      message: '【特别重大】化工厂异味引发集中投诉。依据：数量（特别重大）：112人次诉求，达到阈值100；热度（重大）：热度203.5，达到阈值150',
      findings: [
        { rule: 'volume', level: '特别重大', reason: '112人次诉求（同一来电人计一次，不计表扬、感谢、咨询；共112条），达到阈值100' },
        { rule: 'heat', level: '重大', reason: '热度203.5，达到阈值150' },
      ],
      createdAt: toChinaIso(START),
    });
    // Published twice (a redelivery): the wall shows it once. Then indexed, as the analyzer does.
    await publishTo(bus, CHANNELS.alerts, [grave]);
    await publishTo(bus, CHANNELS.alerts, [grave]);
    await fixture.index.upsertAlerts([grave]);
    const row = monitor.locator('[data-alert-id="al-live"]');
    await row.waitFor();
    expect(await row.getAttribute('class')).toMatch(/grave.*fresh|fresh.*grave/);
    expect(await monitor.evaluate(() => (globalThis as { notReloaded?: boolean }).notReloaded)).toBe(true);
    // Newest first.
    expect(await monitor.locator('[data-test="alert"]').first().getAttribute('data-alert-id')).toBe('al-live');
    expect(await monitor.locator('[data-alert-id="al-live"]').count()).toBe(1);
    // The short title, and each finding on a line of its own below it.
    expect(await row.locator('[data-test="alert-title"]').innerText()).toBe('化工厂异味引发集中投诉');
    expect(await row.locator('[data-test="alert-findings"] li').allInnerTexts()).toEqual([
      '数量（特别重大）：112人次诉求（同一来电人计一次，不计表扬、感谢、咨询；共112条），达到阈值100',
      '热度（重大）：热度203.5，达到阈值150',
    ]);
    await screenshot(monitor, 'wall');

    await row.locator('[data-test="acknowledge"]').click();
    await row.getByText('已确认').waitFor();
    const acks = (await fixture.ledger.entries({ limit: 1000 })).filter((e) => e.action === 'alert.acknowledged');
    expect(acks.map((e) => e.subject)).toEqual(['alert:al-live']);
  });

  it('opens a case from the alert, drafts, approves as a reviewer and publishes the approved text', async () => {
    await monitor.locator('[data-alert-id="al-live"] [data-test="open-case"]').click();
    const form = monitor.locator('.el-dialog').filter({ hasText: '立案：新建回应事项' });
    await form.waitFor();
    // The event's title, not the alert's message with its grounds.
    expect(await form.locator('input[name="title"]').inputValue()).toBe(EVENT_TITLE);
    await form.locator('[data-test="lead"]').click();
    // Every department the installation knows is offered, before any case names it.
    await monitor.locator('.el-select-dropdown__item:visible').filter({ hasText: LEAD }).waitFor();
    await monitor.keyboard.type(LEAD);
    await monitor.keyboard.press('Enter');
    await form.locator('[data-test="case-submit"]').click();
    await monitor.waitForURL(/\/cases\/[^/]+$/);
    caseUrl = new URL(monitor.url()).pathname;
    expect(await monitor.locator('[data-test="case-title"]').innerText()).toBe(EVENT_TITLE);
    // 特别重大: 发布权威信息 within 5 hours, 新闻发布会 within 24.
    expect(await monitor.locator('[data-test="deadline"]').count()).toBe(2);

    await monitor.locator('[data-test="draft-text"]').fill(DRAFT);
    await monitor.locator('[data-test="save-draft"]').click();
    await monitor.locator('[data-test="draft-1"]').waitFor();

    const reviewer = await personLoggedIn('reviewer');
    await reviewer.goto(caseUrl);
    await reviewer.locator('[data-test="approve"]').click();
    await reviewer.locator('.el-message-box').getByRole('button', { name: '通过' }).click();
    await reviewer.locator('[data-test="approved-hash"]').waitFor();
    const approvedHash = await reviewer.locator('[data-test="approved-hash"]').innerText();

    await monitor.reload();
    await monitor.locator('[data-test="publish"]').waitFor();
    expect(await monitor.locator('[data-test="approved"]').innerText()).toContain(DRAFT);
    await monitor.locator('[data-test="publish"]').click();
    await monitor.locator('[data-test="publication"]').waitFor();
    expect(await monitor.locator('[data-test="publication"]').innerText()).toContain('政府网站');
    expect(approvedHash).toMatch(/SHA-256 [0-9a-f]{64}/);
    expect(await monitor.locator('[data-test="approved-hash"]').innerText()).toBe(approvedHash);
    await screenshot(monitor, 'case');
  });

  it("with the clock past a commitment's due date, the supervisor's 逾期 list shows it, the reminder job's escalation pops up live, and its XLSX export holds it", async () => {
    const caseId = decodeURIComponent(caseUrl.split('/').pop()!);
    const api = await fixture.loginAs('monitor');
    const added = await api.request('POST', `/cases/${encodeURIComponent(caseId)}/commitments`, { text: PROMISE, owner: LEAD, dueAt: toChinaIso(START + DAY_MS) });
    expect(added.status).toBe(201);
    // Six days late: 黄 (yellowAfterDays 3, redAfterDays 10 in config/response-rules.json).
    fixture.clock.now = START + 7 * DAY_MS;

    const supervisor = await personLoggedIn('supervisor');
    await supervisor.goto('/supervision/overdue');
    const row = supervisor.locator('[data-test="commitments"] tr').filter({ hasText: PROMISE });
    await row.waitFor();
    expect(await row.innerText()).toContain('已逾期');
    expect(await row.innerText()).toContain('黄');
    expect(await supervisor.locator('[data-test="overdue-黄"]').innerText()).toContain('1 项');
    await screenshot(supervisor, 'overdue');

    // The reminder job (every 15 minutes in service) escalates it: the open console shows it at once.
    const reminders = await runReminders({ ledger: fixture.ledger, rules: { current: loadResponseRules(DEFAULT_RESPONSE_RULES_PATH) }, notify: fixture.notify, logger: testLogger }, fixture.clock.now);
    expect(reminders.sent).toEqual([expect.objectContaining({ kind: 'overdue' })]);
    const notice = supervisor.locator('.el-notification').filter({ hasText: PROMISE });
    await notice.waitFor();
    expect(await notice.innerText()).toContain('承诺已逾期');
    expect(await notice.innerText()).toContain(LEAD);
    await notice.locator('.el-notification__closeBtn').click();

    const [download] = await Promise.all([supervisor.waitForEvent('download'), supervisor.locator('[data-test="export-commitments-xlsx"]').click()]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(await download.path());
    const sheet = book.worksheets[0]!;
    const rows: string[] = [];
    sheet.eachRow((r) => rows.push(JSON.stringify(r.values)));
    const hit = rows.filter((r) => r.includes(PROMISE));
    expect(hit).toHaveLength(1);
    expect(hit[0]).toContain(LEAD);

    await supervisor.goto('/supervision');
    const figures = supervisor.locator('[data-test="figures"] .el-table__row').filter({ hasText: LEAD });
    await figures.waitFor();
    expect(await supervisor.locator('.chart canvas').count()).toBe(1);
    await screenshot(supervisor, 'supervision');
  });

  it('the audit page lists the ledger and verifies the chain intact', async () => {
    const supervisor = people.at(-1)!.context.pages()[0]!;
    await supervisor.goto('/audit');
    const audit = supervisor.locator('[data-test="audit"]');
    await audit.getByText('立案', { exact: true }).first().waitFor();
    // Read as sentences: no action codes, no user ids, no raw JSON (the test users' names hold role words).
    const shown = await audit.innerText();
    expect(shown).not.toMatch(/case\.opened|draft\.saved|commitment\.added|session\.login|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}|[{}"]/);
    expect(shown).toContain('舆情监测');
    expect(shown).toContain('登记承诺');
    await supervisor.locator('[data-test="verify"]').click();
    await supervisor.locator('[data-test="verdict"]').waitFor();
    expect(await supervisor.locator('[data-test="verdict"]').innerText()).toContain('校验通过');
    await screenshot(supervisor, 'audit');
  });

  it('a broken commitment is fulfilled late with a file, which the supervisor downloads from the evidence and verifies', async () => {
    const supervisor = people.at(-1)!.context.pages()[0]!;
    await supervisor.goto(caseUrl);
    const row = (page: Page) => page.locator('[data-test="commitments"] tr').filter({ hasText: PROMISE });
    await row(supervisor).getByRole('button', { name: '未兑现' }).click();
    await supervisor.locator('.el-message-box input').fill('逾期六日未公布排查结果');
    await supervisor.locator('.el-message-box').getByRole('button', { name: '确定' }).click();
    await row(supervisor).getByText('未兑现', { exact: true }).waitFor();

    const bytes = Buffer.from('异味源排查报告：已查明并整改。\n');
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const fulfiller = await personLoggedIn('monitor');
    await fulfiller.goto(caseUrl);
    await row(fulfiller).locator('[data-test="fulfil"]').click();
    const dialog = fulfiller.locator('.el-dialog').filter({ hasText: '记录承诺履行' });
    await dialog.locator('[data-test="evidence-input"]').setInputFiles({ name: '排查报告.txt', mimeType: 'text/plain', buffer: bytes });
    await dialog.getByText('排查报告.txt').waitFor();
    await dialog.getByRole('button', { name: '保存' }).click();
    await row(fulfiller).getByText('已履行待核验').waitFor();

    await supervisor.reload();
    const link = row(supervisor).locator('[data-test="evidence-file"]');
    await link.waitFor();
    expect(await link.getAttribute('href')).toMatch(new RegExp(`/files/${sha256}$`));
    expect(await link.innerText()).toContain('排查报告.txt');
    const [download] = await Promise.all([supervisor.waitForEvent('download'), link.click()]);
    expect(readFileSync(await download.path())).toEqual(bytes);
    await row(supervisor).getByRole('button', { name: '核验' }).click();
    await supervisor.locator('.el-message-box').getByRole('button', { name: '确定' }).click();
    await row(supervisor).getByText('已核验').waitFor();
  });

  it('search shows items with their evidence and the date histogram; the event page its charts and the case; dead letters their reason', async () => {
    const fresh = await personLoggedIn('supervisor');
    await fresh.goto('/search');
    await fresh.locator('[data-test="item"]').first().waitFor();
    expect(await fresh.locator('.chart canvas').count()).toBeGreaterThan(0);
    // The sort box names the order results come in: 最新 without words, 相关度 once words are given.
    const sort = fresh.locator('[data-test="sort"]');
    expect(await sort.innerText()).toContain('最新');
    await fresh.locator('input[name="q"]').fill('工资');
    await fresh.locator('input[name="q"]').press('Enter');
    await sort.getByText('相关度').waitFor();
    await screenshot(fresh, 'search');

    await fresh.goto('/events/ev1');
    await fresh.getByText(EVENT_TITLE).first().waitFor();
    // The event's alerts list their findings (the event's title heads the page).
    await fresh.getByText('热度（重大）：热度203.5，达到阈值150').first().waitFor();
    expect(await fresh.locator('.chart canvas').count()).toBe(2);
    await screenshot(fresh, 'event');

    await fixture.index.upsertDeadLetters([
      { id: 'dl-1', at: toChinaIso(START), origin: 'collector/hotline-inbox', reason: '第3行缺少“诉求内容”列', raw: '2026-11-20,,', rawEncoding: 'utf8', context: { file: 'export.csv', row: 3 } },
    ]);
    await fixture.index.refresh();
    // A collector process on another machine, as its status report on the bus tells of it.
    const reportedAt = toChinaIso(fixture.clock.now);
    await publishTo(bus, CHANNELS.collectorStatus, [
      {
        instanceId: 'collector-b-4242-0a1b2c3d', host: 'collector-b', pid: 4242, startedAt: reportedAt, at: reportedAt, seq: 0, heartbeatMs: 15_000, state: 'running',
        sources: [{ name: 'county-12345', kind: 'hotline', schedule: '每 1 秒', running: false, lastRunOk: true, lastRunEndedAt: reportedAt, lastRun: { items: 3, unchanged: 0, deadLetters: 1 }, totals: { runs: 1, failures: 0, items: 3, deadLetters: 1, overlapsSkipped: 0 } }],
      },
    ]);
    await fresh.goto('/sources');
    await fresh.locator('[data-test="dead-letters"]').getByText('第3行缺少“诉求内容”列').waitFor();
    const collector = fresh.locator('[data-test="collector"]').filter({ hasText: 'collector-b' });
    await collector.getByText('新增 3，未变 0，死信 1').waitFor();
    expect(await collector.innerText()).toContain('运行中');
  });

  it('a monitor takes a government document\'s tasks into the ledger from search, as commitments of their lead units', async () => {
    await fixture.index.upsertItems([policyPageItem('kazuo-2021-zhengwu-gongkai-yaodian.txt', 'page-kazuo', '喀左县人民政府办公室关于印发喀左县2021年政务公开工作要点的通知')]);
    await fixture.index.refresh();
    // The overdue step moved the clock a week on, past the first monitor's session.
    fixture.clock.now = Date.now();
    const importer = await personLoggedIn('monitor');
    await importer.goto('/search?kind=page');
    const card = importer.locator('[data-test="item"]').filter({ has: importer.locator('[data-test="policy"]') });
    expect(await card.locator('[data-test="policy"]').innerText()).toContain('项任务');
    await card.locator('[data-test="import-policy"]').click();
    await importer.waitForURL(/\/cases\/P-[0-9a-f]+$/);
    // 喀左's units are not this installation's departments: the monitor is warned.
    await importer.locator('.el-notification').filter({ hasText: '尚未在系统中设置' }).waitFor();
    await importer.getByText('县司法局').first().waitFor();
    const imported = await fixture.ledger.listCommitments({ caseId: decodeURIComponent(new URL(importer.url()).pathname.split('/').pop()!) });
    expect(imported.length).toBeGreaterThan(5);
    expect(imported.every((m) => m.source === 'policy')).toBe(true);
  });

  it('a department user sees its own 12345 case, whose deadline past the holiday calendar reads 时限未知 with the reason, and is notified live of the next one', async () => {
    // Opened on 2026-12-28: 15 working days run past the calendar's data (2026).
    fixture.clock.now = Date.parse('2026-12-28T10:00:00+08:00');
    const api = await fixture.loginAs('monitor');
    const opened = await api.request('POST', '/cases', { title: '小区供暖不热投诉', kind: 'hotline', appealType: '投诉', level: '一般', lead: LEAD });
    expect(opened.status).toBe(201);
    const { id } = (await opened.json()) as { id: string };

    const { user, password } = await createTestUser(fixture.accounts, { role: 'department', department: LEAD });
    const tab = await openConsole(browser, fixture.url);
    people.push(tab);
    const dept = tab.page;
    await loginThroughForm(dept, user.name, password);
    const menu = await dept.locator('.aside').innerText();
    expect(menu).toContain('回应事项');
    expect(menu).not.toContain('管理');
    expect(menu).not.toContain('数据源与死信');
    await dept.goto('/cases?status=open');
    const row = dept.locator('.el-table__row').filter({ hasText: '小区供暖不热投诉' });
    await row.waitFor();
    expect(await row.innerText()).toContain('时限未知');
    await row.click();
    await dept.waitForURL(`**/cases/${encodeURIComponent(id)}`);
    const deadline = dept.locator('[data-test="deadline"]');
    await deadline.waitFor();
    expect(await deadline.innerText()).toMatch(/时限未知\s*（节假日安排只公布到\d{4}年.*）/);

    // With the console open, a case opened for the department arrives as a notification that opens it.
    await dept.locator('[data-test="connection"].connected').waitFor();
    const next = await api.request('POST', '/cases', { title: '老旧小区加装电梯进度咨询', kind: 'hotline', appealType: '咨询', level: '一般', lead: LEAD });
    expect(next.status).toBe(201);
    const nextId = ((await next.json()) as { id: string }).id;
    const notice = dept.locator('.el-notification').filter({ hasText: '老旧小区加装电梯进度咨询' });
    await notice.waitFor();
    expect(await notice.innerText()).toContain('回应事项已立案');
    await notice.click();
    await dept.waitForURL(`**/cases/${encodeURIComponent(nextId)}`);
  });

  it('an administrator adds a department and a user, and is shown the one-time password once', async () => {
    const admin = await personLoggedIn('admin');
    await admin.goto('/admin/departments');
    await admin.getByPlaceholder('单位全称').fill('县教育局');
    await admin.getByRole('button', { name: '添加单位' }).click();
    await admin.locator('.el-table__row').filter({ hasText: '县教育局' }).waitFor();

    await admin.goto('/admin/users');
    await admin.locator('[data-test="new-user"]').click();
    const dialog = admin.locator('.el-dialog').filter({ hasText: '新建用户' });
    await dialog.getByPlaceholder('字母、数字、. _ -').fill('jyj-zhang');
    await dialog.locator('.el-form-item').filter({ hasText: '姓名' }).locator('input').fill('张老师');
    await dialog.locator('[data-test="user-department"]').click();
    await admin.locator('.el-select-dropdown__item').filter({ hasText: '县教育局' }).click();
    await dialog.getByRole('button', { name: '创建' }).click();
    const shown = admin.locator('.el-message-box');
    await shown.waitFor();
    const oneTime = /一次性密码：(\S+?)（/.exec(await shown.innerText())?.[1];
    expect(oneTime).toBeTruthy();
    await shown.getByRole('button', { name: '我已记下' }).click();
    const created = await fixture.accounts.findUserByName('jyj-zhang');
    expect(created).toMatchObject({ role: 'department', department: '县教育局', mustChangePassword: true });
    await admin.locator('.el-table__row').filter({ hasText: 'jyj-zhang' }).getByText('待修改密码').waitFor();

    await admin.goto('/admin/rules');
    const rules = admin.locator('[data-test="rules"]');
    await rules.getByText('15 个工作日').first().waitFor();
    expect(await rules.innerText()).toContain('国办发〔2016〕80号');
  });

  // Changes the 一般 time limit for every case opened after it: it stays the last step but one.
  it('an administrator changes a time limit in the console, which a case opened afterwards gets; a save over another is refused', async () => {
    const { user, password } = await createTestUser(fixture.accounts, { role: 'admin' });
    const tab = await openConsole(browser, fixture.url);
    people.push(tab);
    const admin = tab.page;
    await loginThroughForm(admin, user.name, password);
    await admin.goto('/admin/rules');
    const revision = admin.locator('[data-test="rules-revision"]');
    await revision.getByText('尚未在控制台修改').waitFor();
    expect(await revision.innerText()).toContain('版本 0');

    await admin.locator('[data-test="rules-edit"]').click();
    const form = admin.locator('.el-dialog').filter({ hasText: '修改回应时限与承诺预警' });
    await form.waitFor();
    const hours = form.locator('[data-test="rules-hours-一般-0"] input');
    expect(await hours.inputValue()).toBe('48');
    await hours.fill('24');
    const reason = '按新的工作要求，一般舆情须在24小时内回应';
    await form.locator('textarea[data-test="rules-reason"]').fill(reason);
    await screenshot(admin, 'rules-form');
    await form.locator('[data-test="rules-save"]').click();
    await revision.getByText('版本 1').waitFor();
    expect(await revision.innerText()).toContain(user.displayName);
    expect(await revision.innerText()).toContain(reason);
    expect(await admin.locator('[data-test="rules-levels"] .el-table__row').filter({ hasText: '一般' }).innerText()).toContain('24 小时');
    await screenshot(admin, 'rules');

    // Another administrator saves meanwhile: the page's save (over revision 1) is refused, told in the form.
    const other = await fixture.loginAs('admin');
    const { responseRulesInEffect: loaded } = await other.api<{ responseRulesInEffect: { rules: unknown; revision: number } }>('/admin/rules');
    const meanwhile = await other.request('PUT', '/admin/rules/response', { rules: loaded.rules, reason: '复核后确认', revision: loaded.revision });
    expect(meanwhile.status).toBe(200);
    await admin.locator('[data-test="rules-edit"]').click();
    await form.locator('[data-test="rules-workdays-咨询"] input').fill('4');
    await form.locator('textarea[data-test="rules-reason"]').fill('咨询类延长一天');
    await form.locator('[data-test="rules-save"]').click();
    await form.locator('[data-test="rules-error"]').getByText('规则已被他人修改').waitFor();
    await form.locator('[data-test="rules-reload"]').click();
    await revision.getByText('版本 2').waitFor();
    expect(await form.locator('[data-test="rules-workdays-咨询"] input').inputValue()).toBe('3');
    await form.getByRole('button', { name: '取消' }).click();

    // The rule is in effect: a 一般 case opened now must be answered within 24 hours.
    const api = await fixture.loginAs('monitor');
    const opened = await api.request('POST', '/cases', { title: '某小区物业收费不透明', kind: 'public-opinion', level: '一般', lead: LEAD });
    expect(opened.status).toBe(201);
    const c = (await opened.json()) as { openedAt: string; deadlines: { dueAt?: string }[] };
    expect(Date.parse(c.deadlines[0]!.dueAt!) - Date.parse(c.openedAt)).toBe(DAY_MS);
  });

  it('a reload on a deep link opens that page, and no page broke the content security policy', async () => {
    // The administrator's session is the one still valid on the moved clock.
    const admin = people.at(-1)!.context.pages()[0]!;
    await admin.goto(caseUrl);
    expect(await admin.locator('[data-test="case-title"]').innerText()).toBe(EVENT_TITLE);
    expect(people.flatMap((p) => p.problems)).toEqual([]);
  });
});
