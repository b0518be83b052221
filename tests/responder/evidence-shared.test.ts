import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LedgerConfig } from '../../shared/config.ts';
import type { Actor } from '../../shared/domain/ledger.ts';
import type { AccountStore } from '../../shared/ports/account-store.ts';
import type { Bus } from '../../shared/ports/bus.ts';
import type { EvidenceStore } from '../../shared/ports/evidence-store.ts';
import type { LedgerStore } from '../../shared/ports/ledger-store.ts';
import type { SearchIndex } from '../../shared/ports/search-index.ts';
import { segmentForSearch } from '../../shared/text/segmenter.ts';
import { ensureProductChannels } from '../../shared/bus-channels.ts';
import { openAccountStore, openBus, openEvidenceStore, openLedgerStore, openSearchIndex } from '../../shared/wiring.ts';
import type { CommitmentView } from '../../services/responder/commitments/commitment-state.ts';
import { startResponder, type ResponderService } from '../../services/responder/responder-service.ts';
import { createTestUser, login, sessionOf, type ConsoleSession } from '../support/console-session.ts';
import { INFRA, serverAvailable } from '../support/infra.ts';
import { testLogger } from '../support/test-logger.ts';

const url = new URL(INFRA.databaseUrl);
const available = await serverAvailable('PostgreSQL', `${url.hostname}:${url.port || '5432'}`);

const RSJ = '县人力资源和社会保障局';
const SETUP: Actor = { id: 'u-setup', role: 'monitor' };
const SECRET = 'evidence-shared-session-secret-0123456789';

interface Responder {
  service: ResponderService;
  stores: { bus: Bus; index: SearchIndex; ledger: LedgerStore; accounts: AccountStore; evidence: EvidenceStore };
}

/**
 * One responder "machine": its own data directory (embedded bus and index, nothing shared on
 * disk) over the shared PostgreSQL ledger schema, as behind a load balancer in scaled mode.
 */
async function startMachine(ledger: LedgerConfig): Promise<Responder> {
  const dataDir = mkdtempSync(join(tmpdir(), 'yuqing-evidence-node-'));
  const bus = await openBus({ kind: 'sqlite', path: join(dataDir, 'bus.sqlite') }, testLogger, { pollMs: 20 });
  await ensureProductChannels(bus, 1);
  const stores = {
    bus,
    index: await openSearchIndex({ kind: 'sqlite', path: join(dataDir, 'index.sqlite') }, segmentForSearch, testLogger),
    ledger: await openLedgerStore(ledger, testLogger),
    accounts: await openAccountStore(ledger, testLogger),
    evidence: await openEvidenceStore(ledger, testLogger),
  };
  const service = await startResponder({ ...stores, sessionSecret: SECRET, logger: testLogger, host: '127.0.0.1', port: 0, announce: () => {} });
  return { service, stores };
}

async function stopMachine(m: Responder | undefined): Promise<void> {
  if (!m) return;
  await m.service.stop();
  for (const s of [m.stores.bus, m.stores.index, m.stores.evidence, m.stores.accounts, m.stores.ledger]) await s.close();
}

describe.skipIf(!available)('evidence files in scaled mode: two responders on one PostgreSQL ledger', () => {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const ledgerConfig: LedgerConfig = { kind: 'postgres', url: INFRA.databaseUrl, schema };
  let a: Responder | undefined;
  let b: Responder | undefined;
  /** The owner department, logged in through responder A; the same session on B. */
  let rsjOnA: ConsoleSession;
  let rsjOnB: ConsoleSession;
  let supervisorOnB: ConsoleSession;

  beforeAll(async () => {
    a = await startMachine(ledgerConfig);
    b = await startMachine(ledgerConfig);
    const rsj = await createTestUser(a.stores.accounts, { role: 'department', department: RSJ });
    rsjOnA = await login(a.service.url, rsj.user.name, rsj.password);
    // One session key for both: the cookie issued by A is honoured by B, as behind a load balancer.
    rsjOnB = sessionOf(b.service.url, rsjOnA.cookie, rsjOnA.csrfToken, rsjOnA.user);
    const supervisor = await createTestUser(b.stores.accounts, { role: 'supervisor' });
    supervisorOnB = await login(b.service.url, supervisor.user.name, supervisor.password);
  }, 60_000);

  afterAll(async () => {
    await stopMachine(b);
    await stopMachine(a);
    const client = new pg.Client({ connectionString: INFRA.databaseUrl });
    await client.connect();
    try {
      await client.query(`DROP SCHEMA IF EXISTS ${pg.escapeIdentifier(schema)} CASCADE`);
    } finally {
      await client.end();
    }
  });

  /** A commitment of RSJ on a fresh case, written straight to the shared ledger. */
  async function commitment(): Promise<string> {
    const caseId = `ev-${randomBytes(4).toString('hex')}`;
    const id = `${caseId}-m1`;
    await a!.stores.ledger.append({ actor: SETUP, action: 'case.opened', subject: `case:${caseId}`, payload: { id: caseId, title: '路灯损坏', lead: RSJ, level: '一般' } });
    await a!.stores.ledger.append({ actor: SETUP, action: 'commitment.added', subject: `commitment:${id}`, payload: { id, caseId, text: '本周内修复路灯', owner: RSJ } });
    return id;
  }

  async function fulfilWithFile(session: ConsoleSession, id: string, name: string, bytes: Buffer): Promise<string> {
    const res = await session.request('POST', `/commitments/${id}/fulfil`, { text: '已修复', file: { name, contentBase64: bytes.toString('base64') } });
    const body = await res.text();
    expect(res.status, body).toBe(200);
    const file = (JSON.parse(body) as CommitmentView).evidence[0]!.file!;
    expect(file).toMatchObject({ name, size: bytes.length });
    return file.sha256;
  }

  async function download(session: ConsoleSession, id: string, sha256: string): Promise<Buffer> {
    const res = await session.request('GET', `/commitments/${id}/files/${sha256}`);
    expect(res.status).toBe(200);
    return Buffer.from(await res.arrayBuffer());
  }

  it('a file uploaded through responder A downloads byte for byte from responder B, and the other way round', async () => {
    const first = await commitment();
    const photo = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(300 * 1024)]);
    const sha = await fulfilWithFile(rsjOnA, first, '现场照片.jpg', photo);
    expect((await download(supervisorOnB, first, sha)).equals(photo)).toBe(true);
    expect((await download(rsjOnB, first, sha)).equals(photo)).toBe(true);

    const second = await commitment();
    const notice = Buffer.from('%PDF-1.4 整改通知书（扫描件）');
    const sha2 = await fulfilWithFile(rsjOnB, second, '整改通知书.pdf', notice);
    expect((await download(rsjOnA, second, sha2)).equals(notice)).toBe(true);
  });
});
