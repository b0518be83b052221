import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EvidenceFile } from '../../../shared/domain/ledger-projections.ts';
import { InvalidInputError, NotFoundError, UnavailableError, YuqingError } from '../../../shared/errors.ts';

/** Largest evidence file accepted (decoded bytes). */
export const MAX_EVIDENCE_BYTES = 5 * 1024 * 1024;

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const SHA256 = /^[0-9a-f]{64}$/;

/**
 * Fulfilment evidence (photos, scanned notices) kept by content: the file's name is its
 * SHA-256, so the same upload twice is stored once and the ledger's hash names the bytes.
 * Lives in the data directory; responders on several machines need it on shared storage.
 */
export class EvidenceFiles {
  constructor(private readonly dir: string | undefined) {}

  save(name: string, contentBase64: string): EvidenceFile {
    const dir = this.requireDir();
    const compact = contentBase64.replace(/\s+/g, '');
    if (!BASE64.test(compact) || compact.length % 4 !== 0) throw new InvalidInputError('evidence.bad_base64', 'file.contentBase64 is not valid base64');
    const bytes = Buffer.from(compact, 'base64');
    if (bytes.length > MAX_EVIDENCE_BYTES) {
      throw new YuqingError('evidence.too_large', `文件超过${MAX_EVIDENCE_BYTES / 1024 / 1024} MB / file larger than ${MAX_EVIDENCE_BYTES} bytes`, { status: 413 });
    }
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const path = join(dir, sha256);
    if (!existsSync(path)) {
      mkdirSync(dir, { recursive: true });
      // Written aside and renamed, so a reader never sees half a file under its hash.
      const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
      writeFileSync(tmp, bytes);
      renameSync(tmp, path);
    }
    return { name, sha256, size: bytes.length };
  }

  read(sha256: string): Buffer {
    if (!SHA256.test(sha256)) throw new NotFoundError(`evidence file ${sha256}`);
    const path = join(this.requireDir(), sha256);
    if (!existsSync(path)) throw new NotFoundError(`evidence file ${sha256} (not in this responder's data directory)`);
    return readFileSync(path);
  }

  private requireDir(): string {
    if (!this.dir) throw new UnavailableError('evidence.unavailable', 'this responder has no data directory for evidence files');
    return this.dir;
  }
}
