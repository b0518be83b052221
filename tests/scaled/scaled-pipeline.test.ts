import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hotlineExport, wageArrearsRows } from '../support/hotline-export.ts';
import { ScaledCluster, scaledServersAvailable } from '../support/scaled-cluster.ts';
import { waitFor } from '../support/wait-for.ts';

const available = await scaledServersAvailable();

/** The end-to-end case again, on Kafka, Elasticsearch and PostgreSQL, with every service its own process. */
describe.skipIf(!available)('scaled pipeline: collector, two analyzers and a responder as separate processes', () => {
  let cluster: ScaledCluster;

  beforeAll(async () => {
    cluster = await ScaledCluster.start('e2e', 2);
  }, 180_000);

  afterAll(async () => {
    await cluster?.stop();
  });

  it('two analyzer processes in one consumer group share the four partitions', async () => {
    const assignments = await cluster.waitForAnalyzers(2);
    expect(assignments.flat().sort()).toEqual([0, 1, 2, 3]);
  });

  it('an export dropped into the inbox becomes searchable items and an alert reaches a socket.io client', async () => {
    const inbox = join(cluster.ns.dataDir, 'inbox');
    mkdirSync(inbox, { recursive: true });
    const rows = wageArrearsRows(12, '2026-11-24 09');
    rows.push(['JYBAD0001', '2026-13-45 25:61', '投诉', '电话', '坏数据', '来电时间无法解析', '壶镇镇', '', '', '', '', '']);
    writeFileSync(join(inbox, 'export.csv'), hotlineExport(rows));

    const items = await waitFor(
      '12 items in Elasticsearch',
      async () => {
        // A shard Elasticsearch is still starting answers 503 (retriable): keep waiting.
        const r = await cluster.api<{ total: number; hits: { text: string }[] }>(`/items?q=${encodeURIComponent('拖欠工资')}&limit=50`).catch(() => undefined);
        return r?.total === 12 ? r : undefined;
      },
      60_000,
    );
    expect(items.hits.every((h) => !/1390578\d{4}/.test(h.text))).toBe(true);
    const alert = await waitFor('an alert on the socket', () => cluster.alerts[0], 60_000);
    expect(alert.message).toContain('壶镇镇');
    const dead = await waitFor('the bad row as a dead letter', async () => ((await cluster.api<{ total: number }>('/dead-letters').catch(() => undefined))?.total ?? 0) > 0, 60_000);
    expect(dead).toBe(true);
  }, 120_000);
});
