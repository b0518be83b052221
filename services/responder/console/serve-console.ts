import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { type NextFunction, type Request, type Response } from 'express';

/** Where `npm run build:console` writes the console's bundle. */
export const CONSOLE_SOURCE_DIR = import.meta.dirname;
export const CONSOLE_DIST_DIR = join(import.meta.dirname, 'dist');

const MISSING_BUILD = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>控制台尚未构建</title></head>
<body style="font-family:sans-serif;max-width:40em;margin:4em auto">
<h1>控制台尚未构建 / console not built</h1>
<p>请在项目目录运行 <code>npm run build:console</code>（<code>npm start</code> 会自动构建），然后刷新本页。</p>
<p>Run <code>npm run build:console</code> in the project directory (<code>npm start</code> does it for you), then reload.</p>
</body></html>`;

/**
 * The console: hashed assets cached for a year, index.html never cached, and every other GET
 * outside /api and /socket.io answered with index.html so a reload on /cases/123 opens that
 * page. Without a build, those pages answer 503 naming the command that builds it.
 */
export function consoleApp(dist: string = CONSOLE_DIST_DIR): express.Router {
  const r = express.Router();
  const index = join(dist, 'index.html');
  r.use('/assets', express.static(join(dist, 'assets'), { immutable: true, maxAge: '365d', index: false, fallthrough: false }));
  r.use(express.static(dist, { index: false, maxAge: 0 }));
  r.use((req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || req.path.startsWith('/api/') || req.path.startsWith('/socket.io/')) return next();
    // Checked per request: a build finishing after start is picked up without a restart.
    if (!existsSync(index)) {
      res.status(503).type('html').set('Cache-Control', 'no-store').send(MISSING_BUILD);
      return;
    }
    res.set('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
  return r;
}
