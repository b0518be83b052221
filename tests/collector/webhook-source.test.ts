import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SourceScheduler } from '../../services/collector/source-scheduler.ts';
import { createIngestRouter, WebhookSource } from '../../services/collector/webhook-source.ts';
import { CollectorHarness, itPublishedNothingUnmasked } from './support/collector-harness.ts';

const TOKEN = 'partner-token-0123456789';

describe('push webhook', () => {
  let h: CollectorHarness;
  let scheduler: SourceScheduler;
  let server: Server;
  let base: string;

  beforeEach(async () => {
    h = await CollectorHarness.create();
    const hook = new WebhookSource('wechat-comments', TOKEN);
    scheduler = new SourceScheduler({ sources: [hook], deps: h.deps });
    const app = express();
    app.use(createIngestRouter({ webhooks: [hook], target: scheduler }));
    server = app.listen(0, '127.0.0.1');
    await new Promise<void>((r) => server.once('listening', () => r()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    await new Promise<void>((r) => server.close(() => r()));
    await scheduler.stop();
    await h.close();
  });

  const post = (body: unknown, headers: Record<string, string> = { 'x-ingest-token': TOKEN }, source = 'wechat-comments') =>
    fetch(`${base}/api/ingest/${source}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  const good = {
    items: [
      { id: 'c-1', text: '县医院挂号难，排队三小时。我电话 13905781234', publishedAt: '2026-11-24 09:30', author: '张小明', attrs: { likes: 12, parent: 'post-7' } },
      { id: 42, text: '建议公示工程款发放进度', publishedAt: 1795485600 },
    ],
  };

  it('accepts items with the source token, publishes them masked, and answers 202 with the counts', async () => {
    const res = await post(good);
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ accepted: 2, published: 2, unchanged: 0 });
    expect(h.items()[0]).toMatchObject({
      source: { kind: 'comment', name: 'wechat-comments' },
      externalId: 'c-1',
      text: '县医院挂号难，排队三小时。我电话 139****1234',
      publishedAt: '2026-11-24T09:30:00.000+08:00',
      author: { display: '张**' },
      attrs: { likes: 12, parent: 'post-7' },
    });
    expect(h.items()[1]).toMatchObject({ externalId: '42', publishedAt: '2026-11-24T10:00:00.000+08:00' });
    expect(scheduler.status()[0]).toMatchObject({ schedule: '推送（收到即处理）', totals: { runs: 1, items: 2 } });
  });

  it('the same items pushed again publish nothing new', async () => {
    await post(good);
    const res = await post(good);
    expect(await res.json()).toEqual({ accepted: 2, published: 0, unchanged: 2 });
    expect(h.items()).toHaveLength(2);
  });

  it('takes the token as a Bearer authorization too', async () => {
    expect((await post(good, { authorization: `Bearer ${TOKEN}` })).status).toBe(202);
  });

  it('refuses a missing or wrong token with 401 and publishes nothing', async () => {
    const attempts: Record<string, string>[] = [{}, { 'x-ingest-token': 'partner-token-wrong' }];
    for (const headers of attempts) {
      const res = await post(good, headers);
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ error: { code: 'ingest.bad_token', message: 'missing or wrong token for this source' } });
    }
    expect(h.bus.published).toEqual([]);
  });

  it('answers 404 for a source that is not a webhook', async () => {
    const res = await post(good, { 'x-ingest-token': TOKEN }, 'nope');
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('ingest.unknown_source');
  });

  it('answers a bad payload with 400 naming every problem and its path, and dead-letters it masked', async () => {
    const res = await post({ items: [{ id: 'x', text: '', publishedAt: '2026-11-24 09:00' }, { id: 'y', text: '电话13812345678', publishedAt: 'soon' }] });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string; issues: { path: string; message: string }[] } };
    expect(body.error.code).toBe('ingest.invalid_payload');
    expect(body.error.issues).toEqual([
      { path: 'items.0.text', message: 'must not be empty' },
      { path: 'items.1.publishedAt', message: 'is not a time' },
    ]);
    expect(body.error.message).toBe('items.0.text: must not be empty; items.1.publishedAt: is not a time');
    expect(h.items()).toEqual([]);
    expect(h.deadLetters()[0]).toMatchObject({ origin: 'collector/wechat-comments', reason: `rejected push: ${body.error.message}` });
    expect(h.deadLetters()[0]!.raw).toContain('138****5678');
  });

  it('answers 400 to a body that is not JSON and to an empty item list', async () => {
    const notJson = await post('{"items": [');
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as { error: { code: string } }).error.code).toBe('ingest.bad_body');
    const empty = await post({ items: [] });
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as { error: { issues: { path: string }[] } }).error.issues[0]!.path).toBe('items');
  });

  it('answers 413 to a body over 2 MB', async () => {
    const res = await post({ items: [{ id: 'big', text: '长'.repeat(1_000_000), publishedAt: '2026-11-24 09:00' }] });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('ingest.too_large');
  });

  itPublishedNothingUnmasked();
});
