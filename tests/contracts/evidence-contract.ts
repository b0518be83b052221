import { createHash, randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LedgerConfig } from '../../shared/config.ts';
import type { EvidenceStore } from '../../shared/ports/evidence-store.ts';
import { openEvidenceStore } from '../../shared/wiring.ts';
import { testLogger } from '../support/test-logger.ts';
import { countCase } from './case-counter.ts';

export interface EvidenceFixture {
  name: string;
  /** A fresh, empty store's config for each case (a new SQLite file or PostgreSQL schema). */
  freshConfig: () => Promise<LedgerConfig>;
  /** How many files the store behind this config holds, read straight from its table. */
  storedFiles: (config: LedgerConfig) => Promise<number>;
}

const sha256Of = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

/** One contract for every EvidenceStore adapter: the same cases run against SQLite and PostgreSQL. */
export function evidenceContract(fixture: EvidenceFixture): void {
  describe(`EvidenceStore contract: ${fixture.name}`, () => {
    let config: LedgerConfig;
    let store: EvidenceStore;

    beforeEach(async () => {
      config = await fixture.freshConfig();
      store = await openEvidenceStore(config, testLogger);
    });
    afterEach(async () => {
      await store.close();
    });

    const test = (name: string, fn: () => Promise<void>, timeout?: number) =>
      it(
        name,
        async () => {
          await fn();
          countCase(fixture.name, 'EvidenceStore');
        },
        timeout,
      );

    test('a stored file reads back byte for byte under the SHA-256 of its bytes', async () => {
      const bytes = Buffer.concat([Buffer.from('%PDF-1.4 整改报告\n'), Buffer.from(Array.from({ length: 4096 }, (_, i) => i % 256))]);
      const file = await store.put({ name: '整改报告.pdf', bytes });
      expect(file).toEqual({ name: '整改报告.pdf', sha256: sha256Of(bytes), size: bytes.length });
      const read = await store.get(file.sha256);
      expect(read).toBeInstanceOf(Buffer);
      expect(read!.equals(bytes)).toBe(true);
    });

    test('an empty file is a file: zero bytes read back as zero bytes, not as missing', async () => {
      const file = await store.put({ name: '空白.txt', bytes: Buffer.alloc(0) });
      expect(file).toEqual({ name: '空白.txt', sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', size: 0 });
      const read = await store.get(file.sha256);
      expect(read).toBeInstanceOf(Buffer);
      expect(read!.length).toBe(0);
    });

    test(
      'a 5 MB file round-trips intact',
      async () => {
        const bytes = randomBytes(5 * 1024 * 1024);
        const file = await store.put({ name: '现场照片.jpg', bytes });
        expect(file).toEqual({ name: '现场照片.jpg', sha256: sha256Of(bytes), size: bytes.length });
        const read = await store.get(file.sha256);
        expect(read?.length).toBe(bytes.length);
        expect(sha256Of(read!)).toBe(file.sha256);
      },
      60_000,
    );

    test('the same bytes twice are stored once; each put answers with the name it was given', async () => {
      const bytes = Buffer.from('已整改，现场照片见附件');
      const first = await store.put({ name: 'a.txt', bytes });
      const again = await store.put({ name: 'b.txt', bytes });
      expect(again).toEqual({ ...first, name: 'b.txt' });
      await store.put({ name: 'other.txt', bytes: Buffer.from('另一份材料') });
      expect(await fixture.storedFiles(config)).toBe(2);
      expect((await store.get(first.sha256))!.equals(bytes)).toBe(true);
    });

    test('an unknown or malformed hash reads as undefined', async () => {
      await store.put({ name: 'x.txt', bytes: Buffer.from('x') });
      expect(await store.get('0'.repeat(64))).toBeUndefined();
      expect(await store.get(sha256Of(Buffer.from('y')))).toBeUndefined();
      expect(await store.get('not-a-hash')).toBeUndefined();
    });

    test("two stores on one configuration (two responder processes) serve each other's files, and race on the same bytes harmlessly", async () => {
      const other = await openEvidenceStore(config, testLogger);
      try {
        const fromA = await store.put({ name: 'A.png', bytes: Buffer.from('uploaded through responder A') });
        const fromB = await other.put({ name: 'B.png', bytes: Buffer.from('uploaded through responder B') });
        expect((await other.get(fromA.sha256))?.toString()).toBe('uploaded through responder A');
        expect((await store.get(fromB.sha256))?.toString()).toBe('uploaded through responder B');
        const same = Buffer.from('the same scan uploaded twice at once');
        const both = await Promise.all([store.put({ name: '1.pdf', bytes: same }), other.put({ name: '2.pdf', bytes: same })]);
        expect(both.map((f) => f.sha256)).toEqual([sha256Of(same), sha256Of(same)]);
        expect(await fixture.storedFiles(config)).toBe(3);
      } finally {
        await other.close();
      }
    });

    test('files outlive the store: a store opened later on the same configuration reads them', async () => {
      const bytes = Buffer.from('整改通知书扫描件');
      const file = await store.put({ name: '通知书.pdf', bytes });
      await store.close();
      store = await openEvidenceStore(config, testLogger);
      expect((await store.get(file.sha256))?.equals(bytes)).toBe(true);
    });

    test('stores opened together on a fresh configuration both work (schema creation does not race)', async () => {
      const fresh = await fixture.freshConfig();
      const [a, b] = await Promise.all([openEvidenceStore(fresh, testLogger), openEvidenceStore(fresh, testLogger)]);
      try {
        const file = await a.put({ name: 'x.txt', bytes: Buffer.from('fresh') });
        expect((await b.get(file.sha256))?.toString()).toBe('fresh');
      } finally {
        await a.close();
        await b.close();
      }
    });
  });
}
