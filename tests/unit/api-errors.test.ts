import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorHandler } from '../../services/responder/api.ts';
import { ForbiddenError, NotFoundError, UnauthenticatedError } from '../../shared/errors.ts';
import { testLogger } from '../support/test-logger.ts';

/** The API's error middleware behind a few routes that fail in each way. */
describe('API error answers', () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    const app = express();
    app.use(express.json());
    app.get('/missing', () => {
      throw new NotFoundError('事件 e9');
    });
    app.get('/login', () => {
      throw new UnauthenticatedError();
    });
    app.get('/role', () => {
      throw new ForbiddenError();
    });
    app.get('/bug', () => {
      throw new Error('a bug the person must not see');
    });
    app.post('/echo', (_req, res) => void res.json({}));
    app.use(errorHandler(testLogger));
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const answer = async (path: string, init?: RequestInit) => {
    const res = await fetch(`${url}${path}`, init);
    return { status: res.status, ...((await res.json()) as { error: { code: string; message: string } }) };
  };

  it('answers every failure with an area.reason code and a message in Chinese', async () => {
    expect(await answer('/missing')).toEqual({ status: 404, error: { code: 'api.not_found', message: '未找到：事件 e9' } });
    expect(await answer('/login')).toEqual({ status: 401, error: { code: 'auth.unauthenticated', message: '请先登录' } });
    expect(await answer('/role')).toEqual({ status: 403, error: { code: 'auth.forbidden', message: '当前角色无权执行此操作' } });
    expect(await answer('/bug')).toEqual({ status: 500, error: { code: 'api.internal', message: '服务器内部错误，请稍后重试' } });
    const malformed = await answer('/echo', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{not json' });
    expect(malformed).toMatchObject({ status: 400, error: { code: 'api.bad_request', message: expect.stringMatching(/^请求无法解析：/) } });
  });
});
