#!/usr/bin/env node
// Smoke test / feature probe for the local Elasticsearch node, using the same
// client library as the application (@elastic/elasticsearch from node_modules).
//
//   node infra/check-elasticsearch.mjs [url]            smoke test, exit 0/1
//   node infra/check-elasticsearch.mjs [url] --probe    report which APIs work
//
// The smoke test covers what the app relies on: composable index template with
// an alias, bulk indexing, refresh, match query on a whitespace-analyzed field,
// terms + date_histogram aggregations, alias swap, delete. The probe also
// tries the features that the integ-test distribution may lack (modules).

import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';

const require = createRequire(import.meta.url);
let Client;
try {
  ({ Client } = require('@elastic/elasticsearch'));
} catch {
  console.error('check-elasticsearch: @elastic/elasticsearch is not installed in node_modules (run npm ci)');
  process.exit(2);
}

const args = process.argv.slice(2);
const node = args.find((a) => !a.startsWith('--')) ?? 'http://127.0.0.1:9200';
const probe = args.includes('--probe');
const client = new Client({ node, requestTimeout: 20000, maxRetries: 1 });

const id = `${Date.now()}-${randomBytes(3).toString('hex')}`;
const prefix = `yuqing-infra-check-${id}`;
const index = `${prefix}-000001`;
const alias = `${prefix}-alias`;
const template = `${prefix}-template`;
const t0 = Date.now();
const say = (msg) => console.log(`check-elasticsearch [${Date.now() - t0}ms] ${msg}`);
const errText = (e) => {
  const cause = e?.meta?.body?.error?.root_cause?.[0] ?? e?.meta?.body?.error;
  return `${e?.name ?? 'Error'}${e?.meta?.statusCode ? ` ${e.meta.statusCode}` : ''}: ${cause?.type ? `${cause.type}: ${cause.reason}` : (e?.message ?? String(e)).slice(0, 200)}`;
};

async function smoke() {
  const health = await client.cluster.health({ wait_for_status: 'yellow', timeout: '10s' });
  say(`cluster ${health.cluster_name} status ${health.status}`);
  if (!(await client.ping())) throw new Error('client.ping() returned false');
  const info = await client.info();
  say(`client.ping() OK, client.info(): Elasticsearch ${info.version.number} (lucene ${info.version.lucene_version})`);

  await client.indices.putIndexTemplate({
    name: template,
    index_patterns: [`${prefix}-*`],
    template: {
      settings: { number_of_shards: 1, number_of_replicas: 0 },
      mappings: {
        properties: {
          title: { type: 'text', analyzer: 'whitespace' },
          source: { type: 'keyword' },
          published_at: { type: 'date' },
          score: { type: 'float' },
        },
      },
      aliases: { [alias]: {} },
    },
  });
  await client.indices.create({ index });
  say(`index template ${template} + index ${index} (alias ${alias}) created`);

  const docs = [
    { title: '县 政府 回应 网民 关切', source: 'weibo', published_at: '2026-01-01T08:00:00Z', score: 0.9 },
    { title: '市 交通 拥堵 投诉', source: 'weibo', published_at: '2026-01-01T09:30:00Z', score: 0.4 },
    { title: '政府 发布 通告', source: 'news', published_at: '2026-01-02T10:00:00Z', score: 0.7 },
  ];
  const bulk = await client.bulk({
    refresh: 'wait_for',
    operations: docs.flatMap((d, i) => [{ index: { _index: alias, _id: String(i + 1) } }, d]),
  });
  if (bulk.errors) throw new Error(`bulk errors: ${JSON.stringify(bulk.items.filter((it) => it.index?.error))}`);
  say(`bulk indexed ${bulk.items.length} docs through the alias`);

  const res = await client.search({
    index: alias,
    query: { match: { title: '政府' } },
    aggs: {
      by_source: { terms: { field: 'source' } },
      per_day: { date_histogram: { field: 'published_at', calendar_interval: 'day' } },
      avg_score: { avg: { field: 'score' } },
    },
  });
  const hits = res.hits.total.value;
  const buckets = res.aggregations.by_source.buckets.map((b) => `${b.key}:${b.doc_count}`).join(',');
  const days = res.aggregations.per_day.buckets.map((b) => `${b.key_as_string.slice(0, 10)}:${b.doc_count}`).join(',');
  if (hits !== 2) throw new Error(`match on whitespace-analyzed field: expected 2 hits, got ${hits}`);
  if (!buckets.includes('weibo:1') || !buckets.includes('news:1')) throw new Error(`terms agg: ${buckets}`);
  if (days !== '2026-01-01:1,2026-01-02:1') throw new Error(`date_histogram: ${days}`);
  say(`search OK: ${hits} hits, terms [${buckets}], date_histogram [${days}]`);

  const index2 = `${prefix}-000002`;
  await client.indices.create({ index: index2, aliases: {} });
  await client.indices.updateAliases({
    actions: [
      { remove: { index, alias } },
      { add: { index: index2, alias, is_write_index: true } },
    ],
  });
  const aliasInfo = await client.indices.getAlias({ name: alias });
  if (Object.keys(aliasInfo).join() !== index2) throw new Error(`alias swap: ${JSON.stringify(aliasInfo)}`);
  say('alias swap OK');
}

async function cleanup() {
  await client.indices.delete({ index: `${prefix}-*`, ignore_unavailable: true }).catch(() => {});
  await client.indices.deleteIndexTemplate({ name: template }).catch(() => {});
}

async function tryIt(name, fn, results) {
  try {
    const detail = await fn();
    results.push([name, 'ok', detail ?? '']);
  } catch (e) {
    results.push([name, 'FAILS', errText(e)]);
  }
}

async function probeFeatures() {
  const results = [];
  const pidx = `${prefix}-probe`;
  await client.indices.create({ index: pidx, mappings: { properties: { t: { type: 'text' }, k: { type: 'keyword' }, n: { type: 'long' }, d: { type: 'date' } } } });
  await client.bulk({
    refresh: true,
    operations: [
      { index: { _index: pidx, _id: '1' } }, { t: 'a b', k: 'x', n: 1, d: '2026-01-01' },
      { index: { _index: pidx, _id: '2' } }, { t: 'b c', k: 'y', n: 2, d: '2026-01-02' },
    ],
  });
  const agg = (aggs) => async () => {
    const r = await client.search({ index: pidx, size: 0, aggs });
    return JSON.stringify(r.aggregations).slice(0, 80);
  };
  await tryIt('client.ping() (HEAD /)', async () => String(await client.ping()), results);
  await tryIt('client.info() (GET /)', async () => (await client.info()).version.number, results);
  await tryIt('cluster.health', async () => (await client.cluster.health()).status, results);
  await tryIt('analyzer whitespace (built-in)', async () => (await client.indices.analyze({ analyzer: 'whitespace', text: '舆情 监测' })).tokens.map((t) => t.token).join('|'), results);
  await tryIt('analyzer simple / standard / keyword / stop', async () => {
    for (const analyzer of ['simple', 'standard', 'keyword', 'stop']) await client.indices.analyze({ analyzer, text: 'A b' });
    return 'all four';
  }, results);
  await tryIt('custom analyzer: tokenizer whitespace', async () => (await client.indices.analyze({ tokenizer: 'whitespace', text: 'a b' })).tokens.length, results);
  await tryIt('custom analyzer: tokenizer standard + filter lowercase', async () => (await client.indices.analyze({ tokenizer: 'standard', filter: ['lowercase'], text: 'A B' })).tokens.map((t) => t.token).join('|'), results);
  await tryIt('filters asciifolding/cjk_bigram/synonym', async () => (await client.indices.analyze({ tokenizer: 'standard', filter: ['cjk_bigram'], text: '舆情监测' })).tokens.length, results);
  await tryIt('terms/date_histogram/cardinality/range/filters/top_hits/composite aggs', agg({
    a: { terms: { field: 'k' } },
    b: { date_histogram: { field: 'd', calendar_interval: 'day' } },
    c: { cardinality: { field: 'k' } },
    r: { range: { field: 'n', ranges: [{ to: 2 }, { from: 2 }] } },
    f: { filters: { filters: { x: { term: { k: 'x' } } } } },
    th: { top_hits: { size: 1 } },
    comp: { composite: { sources: [{ k: { terms: { field: 'k' } } }] } },
  }), results);
  await tryIt('significant_terms / percentiles / sum_bucket pipeline', agg({
    s: { significant_terms: { field: 'k' } },
    p: { percentiles: { field: 'n' } },
    h: { date_histogram: { field: 'd', calendar_interval: 'day' }, aggs: { n: { sum: { field: 'n' } } } },
    sb: { sum_bucket: { buckets_path: 'h>n' } },
  }), results);
  await tryIt('auto_date_histogram (aggregations module)', agg({ x: { auto_date_histogram: { field: 'd', buckets: 2 } } }), results);
  await tryIt('bucket_sort / bucket_selector (aggregations module)', agg({ h: { terms: { field: 'k' }, aggs: { s: { bucket_sort: { size: 1 } } } } }), results);
  await tryIt('highlight', async () => JSON.stringify((await client.search({ index: pidx, query: { match: { t: 'b' } }, highlight: { fields: { t: {} } } })).hits.hits[0].highlight), results);
  await tryIt('count / mget / msearch / scroll / point-in-time', async () => {
    await client.count({ index: pidx });
    await client.mget({ index: pidx, ids: ['1', '2'] });
    await client.msearch({ searches: [{ index: pidx }, { query: { match_all: {} } }] });
    const s = await client.search({ index: pidx, scroll: '10s', size: 1 });
    await client.clearScroll({ scroll_id: s._scroll_id });
    const pit = await client.openPointInTime({ index: pidx, keep_alive: '10s' });
    await client.closePointInTime({ id: pit.id });
    return 'all';
  }, results);
  await tryIt('update with partial doc', async () => (await client.update({ index: pidx, id: '1', doc: { n: 5 } })).result, results);
  await tryIt('update with painless script (lang-painless)', async () => (await client.update({ index: pidx, id: '1', script: { source: 'ctx._source.n += 1' } })).result, results);
  await tryIt('script_score / runtime fields (lang-painless)', async () => (await client.search({ index: pidx, query: { script_score: { query: { match_all: {} }, script: { source: "doc['n'].value" } } } })).hits.total.value, results);
  await tryIt('delete_by_query (reindex module)', async () => (await client.deleteByQuery({ index: pidx, query: { term: { k: 'nope' } } })).deleted, results);
  await tryIt('update_by_query (reindex module)', async () => (await client.updateByQuery({ index: pidx, query: { match_all: {} } })).updated, results);
  await tryIt('reindex (reindex module)', async () => (await client.reindex({ source: { index: pidx }, dest: { index: `${pidx}-copy` }, refresh: true })).created, results);
  await tryIt('ingest pipeline with set processor (ingest-common)', async () => (await client.ingest.putPipeline({ id: `${prefix}-pipe`, processors: [{ set: { field: 'x', value: 1 } }] })).acknowledged, results);
  await tryIt('data stream (data-streams module)', async () => {
    await client.indices.putIndexTemplate({ name: `${prefix}-ds-t`, index_patterns: [`${prefix}-ds*`], data_stream: {}, priority: 200 });
    return (await client.indices.createDataStream({ name: `${prefix}-ds` })).acknowledged;
  }, results);
  await tryIt('ILM policy (x-pack-ilm)', async () => (await client.ilm.putLifecycle({ name: `${prefix}-ilm`, policy: { phases: { hot: { actions: {} } } } })).acknowledged, results);
  await tryIt('mapping types scaled_float / search_as_you_type (mapper-extras)', async () => (await client.indices.create({ index: `${pidx}-mx`, mappings: { properties: { f: { type: 'scaled_float', scaling_factor: 10 } } } })).acknowledged, results);
  await tryIt('search template (lang-mustache)', async () => (await client.searchTemplate({ index: pidx, source: '{"query":{"match_all":{}}}' })).hits.total.value, results);
  await tryIt('rollover via write alias', async () => {
    await client.indices.create({ index: `${pidx}-ro-000001`, aliases: { [`${pidx}-ro`]: { is_write_index: true } } });
    return (await client.indices.rollover({ alias: `${pidx}-ro` })).new_index;
  }, results);
  await tryIt('_cat/indices', async () => (await client.cat.indices({ index: pidx, format: 'json' })).length, results);

  await client.indices.deleteDataStream({ name: `${prefix}-ds` }).catch(() => {});
  await client.indices.deleteIndexTemplate({ name: `${prefix}-ds-t` }).catch(() => {});
  await client.ingest.deletePipeline({ id: `${prefix}-pipe` }).catch(() => {});
  await client.ilm.deleteLifecycle({ name: `${prefix}-ilm` }).catch(() => {});
  for (const [name, status, detail] of results) console.log(`${status.padEnd(5)}  ${name}  ${detail}`);
}

try {
  await smoke();
  if (probe) await probeFeatures();
  await cleanup();
  say('OK');
  process.exit(0);
} catch (e) {
  console.error(`check-elasticsearch: FAILED: ${errText(e)}`);
  await cleanup();
  process.exit(1);
}
