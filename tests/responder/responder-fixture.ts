import { DEFAULT_RESPONSE_RULES_PATH } from '../../shared/config.ts';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LedgerConfig } from '../../shared/config.ts';
import type { RoleCode } from '../../shared/domain/account.ts';
import type { AccountStore } from '../../shared/ports/account-store.ts';
import type { Bus } from '../../shared/ports/bus.ts';
import type { EvidenceStore } from '../../shared/ports/evidence-store.ts';
import type { LedgerStore } from '../../shared/ports/ledger-store.ts';
import type { SearchIndex } from '../../shared/ports/search-index.ts';
import { segmentForSearch } from '../../shared/text/segmenter.ts';
import { ensureProductChannels } from '../../shared/bus-channels.ts';
import { openAccountStore, openBus, openEvidenceStore, openLedgerStore, openSearchIndex } from '../../shared/wiring.ts';
import type { Notify } from '../../services/responder/live/live-alerts.ts';
import { startResponder, type ResponderService } from '../../services/responder/responder-service.ts';
import { createTestUser, login, type ConsoleSession, type TestUserSpec } from '../support/console-session.ts';
import { alert, analyzedItem, event } from '../support/records.ts';
import { testLogger } from '../support/test-logger.ts';

export const SECRET = 'test-session-secret-0123456789abcdef';

/** A responder on embedded adapters in a fresh data directory, with a clock the test moves. */
export interface ResponderFixture {
  url: string;
  dataDir: string;
  ledgerConfig: LedgerConfig;
  accounts: AccountStore;
  ledger: LedgerStore;
  index: SearchIndex;
  /** The evidence files beside the fixture's ledger, as the first responder sees them. */
  evidence: EvidenceStore;
  /** What the responder printed for the operator (the first administrator's password). */
  announced: string[];
  clock: { now: number };
  /** The first responder's live push, for jobs a test runs by hand (reminders). */
  notify: Notify;
  /** Creates a user straight in the store and logs in as it. */
  loginAs(role: RoleCode, spec?: Omit<TestUserSpec, 'role'>): Promise<ConsoleSession & { password: string }>;
  /** Another responder process on the same data directory and session key. */
  startAnother(): Promise<ResponderService>;
  stop(): Promise<void>;
}

export async function startResponderFixture(opts: { seed?: boolean } = {}): Promise<ResponderFixture> {
  const dataDir = mkdtempSync(join(tmpdir(), 'yuqing-responder-'));
  const ledgerConfig: LedgerConfig = { kind: 'sqlite', path: join(dataDir, 'ledger.sqlite') };
  const clock = { now: Date.parse('2026-11-24T09:00:00+08:00') };
  const announced: string[] = [];
  const started: { service: ResponderService; bus: Bus; index: SearchIndex; ledger: LedgerStore; accounts: AccountStore; evidence: EvidenceStore }[] = [];

  const start = async () => {
    const bus = await openBus({ kind: 'sqlite', path: join(dataDir, 'bus.sqlite') }, testLogger, { pollMs: 20 });
    await ensureProductChannels(bus, 1);
    const index = await openSearchIndex({ kind: 'sqlite', path: join(dataDir, 'index.sqlite') }, segmentForSearch, testLogger);
    const ledger = await openLedgerStore(ledgerConfig, testLogger);
    const accounts = await openAccountStore(ledgerConfig, testLogger);
    const evidence = await openEvidenceStore(ledgerConfig, testLogger);
    const service = await startResponder({
      bus,
      index,
      ledger,
      accounts,
      sessionSecret: SECRET,
      logger: testLogger,
      host: '127.0.0.1',
      port: 0,
      announce: (text) => announced.push(text),
      now: () => clock.now,
      evidence,
      ruleFiles: { responseRules: DEFAULT_RESPONSE_RULES_PATH },
    });
    started.push({ service, bus, index, ledger, accounts, evidence });
    return { service, bus, index, ledger, accounts, evidence };
  };

  const first = await start();
  if (opts.seed) {
    await first.index.upsertItems([analyzedItem('item-1', { eventId: 'ev1' })]);
    await first.index.upsertEvents([event('ev1')]);
    await first.index.upsertAlerts([alert('al-1')]);
    await first.index.refresh();
  }

  return {
    url: first.service.url,
    dataDir,
    ledgerConfig,
    accounts: first.accounts,
    ledger: first.ledger,
    index: first.index,
    evidence: first.evidence,
    announced,
    clock,
    notify: first.service.notify,
    loginAs: async (role, spec = {}) => {
      const department = spec.department ?? (role === 'department' ? '县人力资源和社会保障局' : undefined);
      const { user, password } = await createTestUser(first.accounts, { role, ...spec, ...(department ? { department } : {}) });
      return { ...(await login(first.service.url, user.name, password)), password };
    },
    startAnother: async () => (await start()).service,
    stop: async () => {
      for (const s of started.reverse()) {
        await s.service.stop();
        await s.bus.close();
        await s.index.close();
        await s.evidence.close();
        await s.accounts.close();
        await s.ledger.close();
      }
    },
  };
}
