import { randomBytes } from 'node:crypto';
import { Client } from '@elastic/elasticsearch';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ElasticsearchIndex } from '../../shared/adapters/elasticsearch/elasticsearch-index.ts';
import { UnavailableError } from '../../shared/errors.ts';
import type { SearchIndex } from '../../shared/ports/search-index.ts';
import { segmentForSearch } from '../../shared/text/segmenter.ts';
import { INFRA, serverAvailable } from '../support/infra.ts';
import { analyzedItem } from '../support/records.ts';
import { testLogger } from '../support/test-logger.ts';
import { searchIndexContract } from './search-index-contract.ts';

const available = await serverAvailable('Elasticsearch', INFRA.elasticsearchUrl);

describe.skipIf(!available)('ElasticsearchIndex', () => {
  const admin = new Client({ node: INFRA.elasticsearchUrl });
  let prefixes: string[] = [];

  /** A fresh namespace per case; lower-case hex, as index names require. */
  async function connect(): Promise<{ index: ElasticsearchIndex; prefix: string }> {
    const prefix = `t-${randomBytes(6).toString('hex')}`;
    prefixes.push(prefix);
    const index = await ElasticsearchIndex.connect({ url: INFRA.elasticsearchUrl, prefix, segment: segmentForSearch, logger: testLogger });
    return { index, prefix };
  }

  // Each case leaves nothing behind: its indices (named one by one, since wildcard deletes are
  // refused by default) and its templates.
  afterEach(async () => {
    for (const prefix of prefixes) {
      const indices = Object.keys(await admin.indices.get({ index: `${prefix}-*`, expand_wildcards: 'all' }));
      if (indices.length) await admin.indices.delete({ index: indices });
      await admin.indices.deleteIndexTemplate({ name: `${prefix}-*` }, { ignore: [404] });
    }
    prefixes = [];
  });
  afterAll(async () => {
    await admin.close();
  });

  const prefixOf = new Map<SearchIndex, string>();
  searchIndexContract({
    name: 'ElasticsearchIndex',
    open: async () => {
      const { index, prefix } = await connect();
      prefixOf.set(index, prefix);
      return index;
    },
    overwriteEvent: async (index, id, fields) => {
      await admin.update({ index: `${prefixOf.get(index)!}-events`, id, doc: fields, refresh: true });
    },
  });

  describe('ElasticsearchIndex specifics', () => {
    let opened: ElasticsearchIndex[] = [];
    afterEach(async () => {
      await Promise.all(opened.map((i) => i.close()));
      opened = [];
    });
    async function open(): Promise<{ index: ElasticsearchIndex; prefix: string }> {
      const fresh = await connect();
      opened.push(fresh.index);
      return fresh;
    }

    it('an item whose publishedAt moves to another month is kept once, in its new monthly index', async () => {
      const { index, prefix } = await open();
      await index.upsertItems([analyzedItem('m1', { revision: 1, publishedAt: '2026-11-30T23:30:00+08:00' })]);
      await index.upsertItems([analyzedItem('m1', { revision: 2, publishedAt: '2026-12-01T08:00:00+08:00' })]);
      // An older revision in the old month must not bring the copy back.
      await index.upsertItems([analyzedItem('m1', { revision: 1, publishedAt: '2026-11-30T23:30:00+08:00' })]);
      await index.refresh();
      expect((await index.searchItems({})).hits.map((h) => [h.id, h.revision])).toEqual([['m1', 2]]);
      expect((await index.getItem('m1'))?.publishedAt).toBe('2026-12-01T08:00:00+08:00');
      const counts = await admin.cat.indices({ index: `${prefix}-items-*`, format: 'json', h: ['index', 'docs.count'] });
      expect(counts.map((c) => [c.index, c['docs.count']]).sort()).toEqual([
        [`${prefix}-items-2026.11`, '0'],
        [`${prefix}-items-2026.12`, '1'],
      ]);
    });

    it('connecting again to an existing namespace keeps what it holds', async () => {
      const { index, prefix } = await open();
      await index.upsertItems([analyzedItem('k1')]);
      const again = await ElasticsearchIndex.connect({ url: INFRA.elasticsearchUrl, prefix, segment: segmentForSearch, logger: testLogger });
      opened.push(again);
      await again.refresh();
      expect((await again.searchItems({ text: '物业' })).hits.map((h) => h.id)).toEqual(['k1']);
    });

    it('an item is read back by id before any refresh', async () => {
      const { index } = await open();
      await index.upsertItems([analyzedItem('r1', { revision: 4 })]);
      expect((await index.getItem('r1'))?.revision).toBe(4);
    });

    it('keeps the last of the highest revision when one batch holds several versions of an item', async () => {
      const { index } = await open();
      await index.upsertItems([
        analyzedItem('b1', { revision: 2, text: '甲', normText: '甲' }),
        analyzedItem('b1', { revision: 3, text: '乙', normText: '乙' }),
        analyzedItem('b1', { revision: 1, text: '丙', normText: '丙' }),
      ]);
      expect((await index.getItem('b1'))?.text).toBe('乙');
    });

    it('connecting to a server that is down fails with a retriable error naming the URL', async () => {
      const url = 'http://127.0.0.1:1';
      const err = await ElasticsearchIndex.connect({ url, prefix: 'down', segment: segmentForSearch, logger: testLogger, requestTimeoutMs: 2_000 }).catch(
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(UnavailableError);
      expect((err as UnavailableError).retriable).toBe(true);
      expect((err as UnavailableError).message).toContain(url);
    });
  });
});
