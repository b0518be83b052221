import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleBuildIsFresh } from '../../scripts/build-console.ts';
import { consoleApp } from '../../services/responder/console/serve-console.ts';

/** The console's static serving, without a browser: an app with the console router and a stand-in API. */
async function serve(dist: string): Promise<{ url: string; server: Server }> {
  const app = express();
  app.use('/api', (_req, res) => void res.status(404).json({ error: { code: 'api.not_found', message: '未找到：该接口' } }));
  app.use(consoleApp(dist));
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe('serving the console', () => {
  const dist = mkdtempSync(join(tmpdir(), 'yuqing-console-'));
  let url: string;
  let server: Server;

  beforeAll(async () => {
    ({ url, server } = await serve(dist));
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('answers console pages with 503 naming the build command while there is no build', async () => {
    const res = await fetch(`${url}/cases/c-1`);
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('npm run build:console');
    // The API is not the console's: its answers pass through untouched.
    const api = await fetch(`${url}/api/nothing`);
    expect(api.status).toBe(404);
    expect(await api.json()).toEqual({ error: { code: 'api.not_found', message: '未找到：该接口' } });
  });

  it('once built, answers every page path with index.html, never cached, and hashed assets for a year', async () => {
    mkdirSync(join(dist, 'assets'), { recursive: true });
    writeFileSync(join(dist, 'index.html'), '<!doctype html><div id="app"></div>');
    writeFileSync(join(dist, 'assets', 'index-abc123.js'), 'console.log(1)');
    for (const path of ['/', '/wall', '/cases/c-1', '/supervision/overdue?state=overdue']) {
      const res = await fetch(`${url}${path}`);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('cache-control'), path).toBe('no-cache');
      expect(await res.text(), path).toContain('<div id="app">');
    }
    const asset = await fetch(`${url}/assets/index-abc123.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    // A missing asset is a 404, not index.html served as JavaScript.
    expect((await fetch(`${url}/assets/gone-000.js`)).status).toBe(404);
    expect((await fetch(`${url}/api/nothing`)).status).toBe(404);
  });

  it('the real build (made by the browser project setup) is up to date with its sources', () => {
    expect(consoleBuildIsFresh()).toBe(true);
  });
});
