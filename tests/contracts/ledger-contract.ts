import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LedgerConfig } from '../../shared/config.ts';
import { GENESIS_HASH, type Actor } from '../../shared/domain/ledger.ts';
import { responseTextHash } from '../../shared/domain/ledger-projections.ts';
import type { LedgerStore } from '../../shared/ports/ledger-store.ts';
import { openLedgerStore } from '../../shared/wiring.ts';
import { exited, spawnTs } from '../support/child.ts';
import { testLogger } from '../support/test-logger.ts';
import { countCase } from './case-counter.ts';

export interface LedgerFixture {
  name: string;
  /** A fresh, empty ledger's config for each case; serializable for child processes. */
  freshConfig: () => Promise<LedgerConfig>;
  /** Changes a stored entry behind the store's back, as someone with database access could. */
  tamper: (config: LedgerConfig, sql: 'alter-payload' | 'delete', seq: number) => Promise<void>;
}

const monitor: Actor = { id: 'u-monitor', role: '舆情监测' };
const dept: Actor = { id: 'u-rsj', role: '承办单位', department: '县人力资源和社会保障局' };
const supervisor: Actor = { id: 'u-dc', role: '督查' };

/** One contract for every LedgerStore adapter: the same cases run against SQLite and PostgreSQL. */
export function ledgerContract(fixture: LedgerFixture): void {
  describe(`LedgerStore contract: ${fixture.name}`, () => {
    let config: LedgerConfig;
    let store: LedgerStore;

    beforeEach(async () => {
      config = await fixture.freshConfig();
      store = await openLedgerStore(config, testLogger);
    });
    afterEach(async () => {
      await store.close();
    });

    const test = (name: string, fn: () => Promise<void>, timeout?: number) =>
      it(name, async () => {
        await fn();
        countCase(fixture.name, 'LedgerStore');
      }, timeout);

    async function openCase(id = 'c1') {
      return store.append({
        actor: monitor,
        action: 'case.opened',
        subject: `case:${id}`,
        payload: { id, title: '某工地拖欠农民工工资', lead: '县人力资源和社会保障局', coResponsible: ['县住房和城乡建设局'], level: '较大' },
      });
    }

    test('entries form a chain: seq counts from 1 and each entry carries the hash of the one before', async () => {
      const first = await openCase('c1');
      const second = await openCase('c2');
      const third = await store.append({ actor: monitor, action: 'alert.acknowledged', subject: 'alert:a1', payload: { note: '已阅' } });
      expect([first.seq, second.seq, third.seq]).toEqual([1, 2, 3]);
      expect(first.prevHash).toBe(GENESIS_HASH);
      expect(second.prevHash).toBe(first.hash);
      expect(third.prevHash).toBe(second.hash);
      expect(new Set([first.hash, second.hash, third.hash]).size).toBe(3);
      expect(await store.entries()).toEqual([first, second, third]);
      expect(await store.verify()).toEqual({ ok: true, entries: 3, headHash: third.hash });
    });

    test('an empty ledger verifies', async () => {
      expect(await store.verify()).toEqual({ ok: true, entries: 0, headHash: GENESIS_HASH });
    });

    test('altering one entry is detected by verify at exactly that entry', async () => {
      for (let i = 1; i <= 5; i++) await openCase(`c${i}`);
      await fixture.tamper(config, 'alter-payload', 3);
      const verdict = await store.verify();
      expect(verdict).toMatchObject({ ok: false, brokenAt: 3 });
    });

    test('removing an entry is detected at the gap', async () => {
      for (let i = 1; i <= 4; i++) await openCase(`c${i}`);
      await fixture.tamper(config, 'delete', 2);
      expect(await store.verify()).toMatchObject({ ok: false, brokenAt: 2 });
    });

    test('opening and updating a case keeps its projection, found by lead or co-responsible department', async () => {
      await openCase('c1');
      await store.append({ actor: monitor, action: 'case.updated', subject: 'case:c1', payload: { level: '重大', coResponsible: ['县公安局'] } });
      const c = await store.getCase('c1');
      expect(c).toMatchObject({ id: 'c1', lead: '县人力资源和社会保障局', coResponsible: ['县公安局'], level: '重大', status: 'open', lastSeq: 2 });
      expect((await store.listCases({ department: '县公安局' })).map((x) => x.id)).toEqual(['c1']);
      expect((await store.listCases({ department: '县住房和城乡建设局' })).map((x) => x.id)).toEqual([]);
      await store.append({ actor: monitor, action: 'case.closed', subject: 'case:c1', payload: {} });
      expect((await store.listCases({ status: 'closed' })).map((x) => x.id)).toEqual(['c1']);
      expect(await store.listCases({ status: 'open' })).toEqual([]);
    });

    test('a commitment goes from pending to fulfilled with evidence to verified', async () => {
      await openCase('c1');
      await store.append({
        actor: dept,
        action: 'commitment.added',
        subject: 'commitment:m1',
        payload: { id: 'm1', caseId: 'c1', text: '15个工作日内督促企业结清工资', owner: '县人力资源和社会保障局', dueAt: '2026-12-16T18:00:00+08:00' },
      });
      expect(await store.getCommitment('m1')).toMatchObject({ status: 'pending', vague: false, evidence: [] });
      await store.append({
        actor: dept,
        action: 'commitment.fulfilled',
        subject: 'commitment:m1',
        payload: { text: '已结清32名农民工工资', url: 'https://example.gov.cn/notice/1' },
        at: '2026-12-10T10:00:00+08:00',
      });
      await store.append({ actor: supervisor, action: 'commitment.verified', subject: 'commitment:m1', payload: {} });
      const m = await store.getCommitment('m1');
      expect(m).toMatchObject({ status: 'verified', evidence: [{ text: '已结清32名农民工工资', url: 'https://example.gov.cn/notice/1', at: '2026-12-10T10:00:00+08:00' }] });
    });

    test('commitments are listed by case, owner, status and due date', async () => {
      await openCase('c1');
      const add = (id: string, owner: string, dueAt?: string) =>
        store.append({
          actor: dept,
          action: 'commitment.added',
          subject: `commitment:${id}`,
          payload: { id, caseId: 'c1', text: `承诺${id}`, owner, ...(dueAt ? { dueAt } : {}), vague: !dueAt },
        });
      await add('m1', 'A局', '2026-12-01T00:00:00+08:00');
      await add('m2', 'B局', '2026-12-20T00:00:00+08:00');
      await add('m3', 'A局');
      await store.append({ actor: supervisor, action: 'commitment.broken', subject: 'commitment:m2', payload: { reason: '逾期未整改' } });
      expect((await store.listCommitments({ caseId: 'c1' })).map((m) => m.id)).toEqual(['m1', 'm2', 'm3']);
      expect((await store.listCommitments({ owner: 'A局' })).map((m) => m.id)).toEqual(['m1', 'm3']);
      expect((await store.listCommitments({ status: ['broken'] })).map((m) => m.id)).toEqual(['m2']);
      expect((await store.listCommitments({ dueBefore: '2026-12-10T00:00:00+08:00' })).map((m) => m.id)).toEqual(['m1']);
      expect(await store.getCommitment('m3')).toMatchObject({ vague: true });
      expect((await store.getCommitment('m2'))?.reason).toBe('逾期未整改');
    });

    test('an entry the projections refuse is not written to the chain', async () => {
      await openCase('c1');
      await expect(
        store.append({ actor: dept, action: 'commitment.added', subject: 'commitment:m1', payload: { id: 'm1', caseId: 'nope', text: 'x', owner: 'A局' } }),
      ).rejects.toMatchObject({ code: 'case.not_found', status: 404 });
      await expect(store.append({ actor: monitor, action: 'case.opened', subject: 'case:c1', payload: { id: 'c1', title: 't', lead: 'A', level: '一般' } })).rejects.toMatchObject({
        code: 'case.already_open',
        status: 409,
      });
      await store.append({ actor: dept, action: 'commitment.added', subject: 'commitment:m1', payload: { id: 'm1', caseId: 'c1', text: 'x', owner: 'A局' } });
      await expect(store.append({ actor: supervisor, action: 'commitment.verified', subject: 'commitment:m1', payload: {} })).rejects.toMatchObject({
        code: 'ledger.invalid_transition',
        status: 409,
      });
      await expect(store.append({ actor: supervisor, action: 'commitment.broken', subject: 'commitment:m1', payload: {} })).rejects.toMatchObject({
        code: 'ledger.invalid_payload',
        status: 400,
      });
      expect((await store.entries()).map((e) => e.action)).toEqual(['case.opened', 'commitment.added']);
      expect(await store.verify()).toMatchObject({ ok: true, entries: 2 });
    });

    test('the unified text: numbered drafts, approval of the latest only, publication only of the approved text', async () => {
      await openCase('c1');
      const draft = (version: number, text: string) =>
        store.append({ actor: dept, action: 'draft.saved', subject: 'case:c1', payload: { version, text, hash: responseTextHash(text) } });
      await draft(1, '初稿');
      await expect(draft(3, '跳号')).rejects.toMatchObject({ code: 'case.not_latest_draft', status: 409 });
      await draft(2, '第二稿：将于3个工作日内完成整改。');
      const reviewer: Actor = { id: 'u-sh', role: 'reviewer' };
      await store.append({ actor: reviewer, action: 'draft.commented', subject: 'case:c1', payload: { version: 1, text: '请写明时限' } });
      await expect(
        store.append({ actor: reviewer, action: 'draft.approved', subject: 'case:c1', payload: { version: 1, hash: responseTextHash('初稿') } }),
      ).rejects.toMatchObject({ code: 'case.not_latest_draft', status: 409 });
      const hash = responseTextHash('第二稿：将于3个工作日内完成整改。');
      await store.append({ actor: reviewer, action: 'draft.approved', subject: 'case:c1', payload: { version: 2, hash }, at: '2026-11-24T10:00:00+08:00' });
      await expect(store.append({ actor: reviewer, action: 'draft.approved', subject: 'case:c1', payload: { version: 2, hash } })).rejects.toMatchObject({
        code: 'case.already_approved',
        status: 409,
      });
      const publish = (h: string, publishedAt: string) =>
        store.append({ actor: dept, action: 'publication.recorded', subject: 'case:c1', payload: { channel: '政府网站', publishedAt, hash: h } });
      await expect(publish(responseTextHash('别的文本'), '2026-11-24T11:00:00+08:00')).rejects.toMatchObject({ code: 'case.text_mismatch', status: 409 });
      await publish(hash, '2026-11-24T12:00:00+08:00');
      await publish(hash, '2026-11-24T11:00:00+08:00');
      expect(await store.getCase('c1')).toMatchObject({
        draftVersion: 2,
        draftHash: hash,
        approved: { version: 2, hash, by: 'u-sh', at: '2026-11-24T10:00:00+08:00' },
        publicationCount: 2,
        firstPublishedAt: '2026-11-24T11:00:00+08:00',
      });
      await expect(draft(3, '批准后不能再改')).rejects.toMatchObject({ code: 'case.already_approved' });
      expect((await store.entries({ subject: 'case:c1' })).map((e) => e.action)).toEqual([
        'case.opened',
        'draft.saved',
        'draft.saved',
        'draft.commented',
        'draft.approved',
        'publication.recorded',
        'publication.recorded',
      ]);
    });

    test('a closed case takes no drafts until reopened; the close reason is kept until then', async () => {
      await openCase('c1');
      await store.append({ actor: monitor, action: 'case.closed', subject: 'case:c1', payload: { reason: '已办结' } });
      expect(await store.getCase('c1')).toMatchObject({ status: 'closed', closeReason: '已办结' });
      await expect(
        store.append({ actor: dept, action: 'draft.saved', subject: 'case:c1', payload: { version: 1, text: '稿', hash: responseTextHash('稿') } }),
      ).rejects.toMatchObject({ code: 'case.closed', status: 409 });
      await store.append({ actor: monitor, action: 'case.reopened', subject: 'case:c1', payload: { reason: '群众再次反映' } });
      const reopened = await store.getCase('c1');
      expect(reopened).toMatchObject({ status: 'open', draftVersion: 0, kind: 'public-opinion', deadlines: [] });
      expect(reopened?.closeReason).toBeUndefined();
    });

    test('a commitment keeps its due text, source, evidence file and verification; each reminder kind is recorded once', async () => {
      await openCase('c1');
      await store.append({
        actor: monitor,
        action: 'commitment.added',
        subject: 'commitment:m1',
        payload: { id: 'm1', caseId: 'c1', text: '汛期前完成河堤加固', owner: '县水利局', dueText: '汛期前', vague: false, source: 'response' },
      });
      await store.append({ actor: monitor, action: 'commitment.reminded', subject: 'commitment:m1', payload: { kind: 'due_soon' }, at: '2026-11-24T08:00:00+08:00' });
      await expect(store.append({ actor: monitor, action: 'commitment.reminded', subject: 'commitment:m1', payload: { kind: 'due_soon' } })).rejects.toMatchObject({
        code: 'commitment.already_reminded',
        status: 409,
      });
      await store.append({ actor: monitor, action: 'commitment.reminded', subject: 'commitment:m1', payload: { kind: 'overdue' }, at: '2026-11-25T08:00:00+08:00' });
      const file = { name: '整改照片.jpg', sha256: 'a'.repeat(64), size: 1234 };
      await store.append({
        actor: dept,
        action: 'commitment.fulfilled',
        subject: 'commitment:m1',
        payload: { text: '已完成加固', file, publishedOn: { channel: '政府网站', url: 'https://example.gov.cn/2' } },
        at: '2026-11-26T09:00:00+08:00',
      });
      await store.append({ actor: supervisor, action: 'commitment.verified', subject: 'commitment:m1', payload: { note: '现场核实' }, at: '2026-11-27T09:00:00+08:00' });
      expect(await store.getCommitment('m1')).toMatchObject({
        dueText: '汛期前',
        source: 'response',
        status: 'verified',
        verifiedBy: 'u-dc',
        verifiedAt: '2026-11-27T09:00:00+08:00',
        note: '现场核实',
        remindedDueSoonAt: '2026-11-24T08:00:00+08:00',
        remindedOverdueAt: '2026-11-25T08:00:00+08:00',
        evidence: [{ text: '已完成加固', file, publishedOn: { channel: '政府网站', url: 'https://example.gov.cn/2' }, by: 'u-rsj', at: '2026-11-26T09:00:00+08:00' }],
      });
    });

    test('appendAll writes its entries in order in one transaction, or none of them when one is refused', async () => {
      const opened = { actor: monitor, action: 'case.opened', subject: 'case:c9', payload: { id: 'c9', title: '批量', lead: '县人力资源和社会保障局', level: '一般' } };
      const added = (id: string) => ({ actor: monitor, action: 'commitment.added', subject: `commitment:${id}`, payload: { id, caseId: 'c9', text: '月底前完成', owner: '县人力资源和社会保障局' } });
      const before = (await store.entries()).length;
      // The second commitment repeats the first's id: refused, so the case and the first go too.
      await expect(store.appendAll([opened, added('m9'), added('m9')])).rejects.toMatchObject({ code: 'commitment.already_exists', status: 409 });
      expect(await store.entries()).toHaveLength(before);
      expect(await store.getCase('c9')).toBeUndefined();
      expect(await store.getCommitment('m9')).toBeUndefined();

      const written = await store.appendAll([opened, added('m9'), added('m10')]);
      expect(written.map((e) => e.seq)).toEqual([before + 1, before + 2, before + 3]);
      expect(written[1]!.prevHash).toBe(written[0]!.hash);
      expect((await store.listCommitments({ caseId: 'c9' })).map((m) => m.id).sort()).toEqual(['m10', 'm9']);
      expect(await store.verify()).toMatchObject({ ok: true });
    });

    test('an alert is acknowledged once: a second acknowledgement is refused inside the append', async () => {
      const ack = () => store.append({ actor: monitor, action: 'alert.acknowledged', subject: 'alert:a1', payload: {} });
      await ack();
      await expect(ack()).rejects.toMatchObject({ code: 'alert.already_acknowledged', status: 409 });
      expect(await store.entries({ subject: 'alert:a1' })).toHaveLength(1);
    });

    test('saved rules are revisions in order: a save based on a replaced revision is refused inside the append', async () => {
      const save = (revision: number) => store.append({ actor: supervisor, action: 'rules.saved', subject: 'rules:response', payload: { revision, reason: '调整', rules: {} } });
      await save(1);
      await expect(save(1)).rejects.toMatchObject({ code: 'rules.changed_meanwhile', status: 409 });
      await save(2);
      expect((await store.entries({ subject: 'rules:response' })).map((e) => e.payload.revision)).toEqual([1, 2]);
    });

    test('a daily digest is recorded once per date, whichever process appends first', async () => {
      const system = { id: 'system', role: 'system' };
      const digest = (date: string) => store.append({ actor: system, action: 'digest.daily', subject: 'system:digest', payload: { date, figures: {} } });
      await digest('2026-11-24');
      await expect(digest('2026-11-24')).rejects.toMatchObject({ code: 'digest.already_recorded', status: 409 });
      await digest('2026-11-25');
      expect((await store.entries({ subject: 'system:digest' })).map((e) => e.payload.date)).toEqual(['2026-11-24', '2026-11-25']);
    });

    test('an action outside the closed set, or a payload of the wrong shape, is refused with a clear error and nothing is written', async () => {
      for (const action of ['Open Case!', 'case.deleted']) {
        await expect(store.append({ actor: monitor, action, subject: 'case:x', payload: {} })).rejects.toMatchObject({ code: 'ledger.invalid_entry', status: 400 });
      }
      await expect(store.append({ actor: monitor, action: 'case.opened', subject: 'case:x', payload: { id: 'x', title: '缺少牵头单位', level: '一般' } })).rejects.toMatchObject({
        code: 'ledger.invalid_payload',
        status: 400,
        message: expect.stringContaining('lead'),
      });
      await expect(store.append({ actor: monitor, action: 'session.login', subject: 'user:u1', payload: { ip: 42 } })).rejects.toMatchObject({ code: 'ledger.invalid_payload' });
      expect(await store.entries()).toEqual([]);
    });

    test("an entry's time is the caller's when given, else the appending process's clock; seq, not time, orders the chain", async () => {
      const before = Date.now();
      const stamped = await openCase('c1');
      const after = Date.now();
      expect(Date.parse(stamped.at)).toBeGreaterThanOrEqual(before);
      expect(Date.parse(stamped.at)).toBeLessThanOrEqual(after);
      // A caller whose clock is behind (another machine, a fixed test clock) is recorded as it says.
      const earlier = await store.append({ actor: monitor, action: 'case.updated', subject: 'case:c1', payload: { level: '重大' }, at: '2026-01-05T09:00:00+08:00' });
      expect(earlier).toMatchObject({ seq: 2, at: '2026-01-05T09:00:00+08:00' });
      expect((await store.entries()).map((e) => [e.seq, e.at])).toEqual([
        [1, stamped.at],
        [2, '2026-01-05T09:00:00+08:00'],
      ]);
      expect(await store.getCase('c1')).toMatchObject({ openedAt: stamped.at, updatedAt: '2026-01-05T09:00:00+08:00' });
      expect(await store.verify()).toMatchObject({ ok: true, entries: 2 });
    });

    test('entries are read by subject and after a seq', async () => {
      await openCase('c1');
      await openCase('c2');
      await store.append({ actor: monitor, action: 'case.updated', subject: 'case:c1', payload: { level: '重大' } });
      expect((await store.entries({ subject: 'case:c1' })).map((e) => e.seq)).toEqual([1, 3]);
      expect((await store.entries({ afterSeq: 1 })).map((e) => e.seq)).toEqual([2, 3]);
      expect((await store.entries({ afterSeq: 1, limit: 1 })).map((e) => e.seq)).toEqual([2]);
    });

    test('entries are filtered by action, actor and a period compared as instants, whatever offset they were written with', async () => {
      await store.append({ actor: monitor, action: 'alert.acknowledged', subject: 'alert:a1', payload: {}, at: '2026-11-20T09:00:00+08:00' });
      await store.append({ actor: supervisor, action: 'alert.acknowledged', subject: 'alert:a2', payload: {}, at: '2026-11-20T02:30:00Z' });
      await store.append({ actor: monitor, action: 'alert.acknowledged', subject: 'alert:a3', payload: {}, at: '2026-11-20T11:00:00.500+08:00' });
      await openCase('c1');
      const seqs = async (q: Parameters<LedgerStore['entries']>[0]) => (await store.entries(q)).map((e) => e.seq);
      expect(await seqs({ action: 'alert.acknowledged' })).toEqual([1, 2, 3]);
      expect(await seqs({ actorId: monitor.id })).toEqual([1, 3, 4]);
      expect(await seqs({ actorId: monitor.id, action: 'alert.acknowledged', afterSeq: 1 })).toEqual([3]);
      // 02:30Z is 10:30 China time: inside 10:00–11:00.500 China time, and the bounds are inclusive.
      expect(await seqs({ from: '2026-11-20T10:00:00+08:00', to: '2026-11-20T03:00:00.500Z' })).toEqual([2, 3]);
      expect(await seqs({ from: '2026-11-20T01:00:00Z', to: '2026-11-20T10:30:00+08:00' })).toEqual([1, 2]);
    });

    test('appends from two processes at once are serialized into one unbroken chain', async () => {
      await openCase('c0');
      const children = ['p1', 'p2'].map((tag) => spawnTs('../support/ledger-append-child.ts', { config, tag, count: 30 }));
      const codes = await Promise.all(children.map(exited));
      expect(codes).toEqual([0, 0]);
      const all = await store.entries({ limit: 1000 });
      expect(all.map((e) => e.seq)).toEqual(Array.from({ length: 61 }, (_, i) => i + 1));
      expect(new Set(all.map((e) => e.subject)).size).toBe(61);
      expect(await store.verify()).toMatchObject({ ok: true, entries: 61 });
    }, 60_000);
  });
}
