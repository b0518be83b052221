import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A secret generated once per installation and kept in the data directory (mode 0600), unless
 * configured. Processes starting together on one data directory all end up with the same
 * value: the new secret is written to a private temporary file and linked into place, and
 * link() fails if another process got there first — nobody ever reads a half-written file.
 */
export function loadOrCreateSecret(dataDir: string, fileName: string, configured?: string): string {
  if (configured) return configured;
  const path = join(dataDir, fileName);
  try {
    return readExisting(path);
  } catch (err) {
    if (!isMissing(err)) throw err;
  }
  mkdirSync(dataDir, { recursive: true });
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(tmp, randomBytes(32).toString('hex'), { mode: 0o600 });
  try {
    linkSync(tmp, path);
  } catch (err) {
    if (!(err instanceof Error && 'code' in err && err.code === 'EEXIST')) throw err;
  } finally {
    unlinkSync(tmp);
  }
  return readExisting(path);
}

function readExisting(path: string): string {
  const value = readFileSync(path, 'utf8').trim();
  if (!value) throw new Error(`${path} is empty; delete it to generate a new secret`);
  return value;
}

function isMissing(err: unknown): boolean {
  return err instanceof Error && 'code' in err && err.code === 'ENOENT';
}
