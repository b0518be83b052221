import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildSources } from '../../services/collector/build-sources.ts';
import { loadSourcesFile, parseSourcesFile } from '../../services/collector/sources-file.ts';

const EXAMPLE = resolve(import.meta.dirname, '../../config/sources.example.json');

const problems = (doc: unknown): string => {
  try {
    parseSourcesFile(JSON.stringify(doc), 'sources.json');
  } catch (err) {
    return (err as Error).message;
  }
  return '';
};

describe('sources file', () => {
  it('the example file is valid and shows every source kind', () => {
    const file = loadSourcesFile(EXAMPLE);
    expect(new Set(file.sources.map((s) => s.kind))).toEqual(new Set(['hotline-inbox', 'hotline-pull', 'json-api', 'feed', 'pages', 'webhook']));
    const { sources, webhooks } = buildSources(file.sources, { dataDir: '/data', inboxDir: '/data/inbox', archiveDir: '/data/archive', pollMs: 1000 });
    const itemKind = { 'hotline-inbox': 'hotline', 'hotline-pull': 'hotline', 'json-api': 'comment', feed: 'comment', webhook: 'comment', pages: 'page' } as const;
    expect(sources.map((s) => [s.name, s.kind])).toEqual(file.sources.map((s) => [s.name, itemKind[s.kind]]));
    expect(webhooks.map((w) => w.name)).toEqual(['wechat-comments']);
  });

  it('names the file, the source and the key of every problem', () => {
    const message = problems({
      sources: [
        { kind: 'feed', name: 'rss', schedule: 'every hour', url: 'ftp://example.gov.cn/rss' },
        { kind: 'json-api', name: 'board', schedule: '*/5 * * * *', url: 'https://x.example/api', itemsPath: 'data', pagination: { type: 'page' }, fields: { id: 'id' } },
        { kind: 'webhook', name: 'hook', token: 'short' },
        { kind: 'pigeon', name: 'p' },
      ],
    });
    expect(message).toContain('sources.json: sources[0] (rss).schedule: is not a node-cron expression');
    expect(message).toContain('sources.json: sources[0] (rss).url: must be an http(s) URL');
    expect(message).toContain('sources.json: sources[1] (board).fields.text:');
    expect(message).toContain('sources.json: sources[2] (hook).token: must be at least 16 characters');
    expect(message).toContain('sources.json: sources[3] (p).kind:');
  });

  it('checks what spans keys once each source is well-formed: a page URL without {page}, a name used twice', () => {
    const fields = { id: 'id', text: 'text', publishedAt: 'time' };
    const message = problems({
      sources: [
        { kind: 'json-api', name: 'board', schedule: '*/5 * * * *', url: 'https://x.example/api', itemsPath: 'data', pagination: { type: 'page' }, fields },
        { kind: 'webhook', name: 'hook', token: 'long-enough-token-123' },
        { kind: 'webhook', name: 'hook', token: 'long-enough-token-456' },
      ],
    });
    expect(message).toContain('sources.json: sources[0] (board).url: page pagination needs {page} in the URL');
    expect(problems({ sources: [{ kind: 'webhook', name: 'hook', token: 'long-enough-token-123' }, { kind: 'webhook', name: 'hook', token: 'long-enough-token-456' }] })).toContain(
      'sources.json: sources[1] (hook).name: "hook" is used by an earlier source',
    );
  });

  it('refuses keys it does not know, so a typo is not silently ignored', () => {
    expect(problems({ sources: [{ kind: 'hotline-inbox', name: 'i', inbxDir: 'x' }] })).toMatch(/sources\[0\] \(i\): Unrecognized key: "inbxDir"/);
  });

  it('says when the file is not JSON or cannot be read', () => {
    expect(() => parseSourcesFile('{ "sources": [', 'broken.json')).toThrow(/^broken\.json: not valid JSON/);
    expect(() => loadSourcesFile('/nonexistent/sources.json')).toThrow(/\/nonexistent\/sources\.json: cannot read the sources file/);
  });

  it('refuses a pull whose inbox folder no inbox source reads', () => {
    const settings = parseSourcesFile(
      JSON.stringify({ sources: [{ kind: 'hotline-pull', name: 'pull', schedule: '0 * * * *', url: 'https://x.example/e.csv', inboxDir: 'elsewhere' }] }),
      'x',
    ).sources;
    expect(() => buildSources(settings, { dataDir: '/data', inboxDir: '/data/inbox', archiveDir: '/data/archive', pollMs: 1000 })).toThrow(
      'source "pull" delivers into /data/elsewhere, which no hotline-inbox source reads',
    );
  });

  it('resolves relative inbox folders against the data directory and column overrides reach the inbox', () => {
    const text = readFileSync(EXAMPLE, 'utf8');
    const { sources } = buildSources(parseSourcesFile(text, 'x').sources, { dataDir: '/data', inboxDir: '/d/inbox', archiveDir: '/d/archive', pollMs: 1000 });
    expect(sources[1]).toMatchObject({ name: 'city-12345-platform', schedule: '*/2 * * * *', opts: { inboxDir: '/data/inbox-city', columnOverrides: { ticketId: '流水号' } } });
  });
});
