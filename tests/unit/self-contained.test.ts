import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const SOURCE = /\.(ts|mts|js|mjs|vue|sh|json|py)$/;

/** Tracked source files; .ci/ holds extension-less scripts, so all of it counts. */
function trackedSources(): string[] {
  const out = execFileSync('git', ['ls-files', '-z', '--', 'services', 'shared', 'scripts', 'bench', 'tests', 'infra', 'datasets', 'eval', '.ci'], { cwd: ROOT, encoding: 'utf8' });
  return out.split('\0').filter((f) => f !== '' && (SOURCE.test(f) || f.startsWith('.ci/')));
}

// Built from pieces so that this file does not name what it looks for.
const FORBIDDEN = [['shared', 'data'].join('/'), ['SHARED', 'DATA'].join('_'), ['', 'work', 'shared'].join('/')];
const UP = '..';
/** "../../x" and join(dir, '..', '..', 'x'): each match is one run of steps up. */
const STEPS_UP = [new RegExp(`(?:\\.\\./)+`, 'g'), new RegExp(`(?:['"]\\.\\.['"]\\s*,\\s*)+`, 'g')];

/** What in a file reaches outside the repository: a path climbing above the root, or a named outside folder. */
function outsideReads(file: string, text: string): string[] {
  const depth = file.split('/').length - 1;
  const found = FORBIDDEN.filter((s) => text.includes(s));
  for (const pattern of STEPS_UP) {
    for (const m of text.matchAll(pattern)) {
      if (m[0].split(UP).length - 1 > depth) found.push(text.slice(m.index, m.index + m[0].length + 24).split('\n')[0]!);
    }
  }
  return found.map((what) => `${file}: ${what}`);
}

describe('the repository stands on its own', () => {
  it('has no tracked source that reads a path outside the clone', () => {
    const files = trackedSources();
    expect(files.length).toBeGreaterThan(100);
    expect(files.flatMap((f) => outsideReads(f, readFileSync(resolve(ROOT, f), 'utf8')))).toEqual([]);
  });

  it('notices a path that climbs above the root and a named outside folder', () => {
    expect(outsideReads('tests/unit/a.test.ts', `resolve(import.meta.dirname, '${UP}/${UP}/${UP}/x/y')`)).toHaveLength(1);
    expect(outsideReads('tests/unit/a.test.ts', `join(import.meta.dirname, '${UP}', '${UP}', '${UP}', 'x')`)).toHaveLength(1);
    expect(outsideReads('tests/unit/a.test.ts', `import { x } from '${UP}/${UP}/shared/config.ts'`)).toEqual([]);
    expect(outsideReads('scripts/a.ts', `const dir = '${FORBIDDEN[2]}'`)).toHaveLength(1);
  });
});
