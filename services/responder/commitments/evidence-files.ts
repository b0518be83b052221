import type { EvidenceFile } from '../../../shared/domain/ledger-projections.ts';
import { InvalidInputError, NotFoundError, UnavailableError, YuqingError } from '../../../shared/errors.ts';
import type { EvidenceStore } from '../../../shared/ports/evidence-store.ts';

/** Largest evidence file accepted (decoded bytes). */
export const MAX_EVIDENCE_BYTES = 5 * 1024 * 1024;

/** 413 for a file over the limit, whether the body parser or the decoder finds it. */
export function evidenceTooLarge(): YuqingError {
  return new YuqingError('evidence.too_large', `文件超过${MAX_EVIDENCE_BYTES / 1024 / 1024} MB / file larger than ${MAX_EVIDENCE_BYTES} bytes`, { status: 413 });
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const SHA256 = /^[0-9a-f]{64}$/;

/**
 * Fulfilment evidence (photos, scanned notices) as the API takes and serves it: checks the
 * upload (base64, size) and keeps the bytes in the EvidenceStore beside the ledger, by their
 * SHA-256, so every responder process serves a file whichever one took the upload.
 */
export class EvidenceFiles {
  constructor(private readonly store: Pick<EvidenceStore, 'put' | 'get'> | undefined) {}

  async save(name: string, contentBase64: string): Promise<EvidenceFile> {
    const store = this.requireStore();
    const compact = contentBase64.replace(/\s+/g, '');
    if (!BASE64.test(compact) || compact.length % 4 !== 0) throw new InvalidInputError('evidence.bad_base64', 'file.contentBase64 is not valid base64');
    const bytes = Buffer.from(compact, 'base64');
    if (bytes.length > MAX_EVIDENCE_BYTES) {
      throw evidenceTooLarge();
    }
    return store.put({ name, bytes });
  }

  async read(sha256: string): Promise<Buffer> {
    if (!SHA256.test(sha256)) throw new NotFoundError(`evidence file ${sha256}`);
    const bytes = await this.requireStore().get(sha256);
    if (!bytes) throw new NotFoundError(`evidence file ${sha256}`);
    return bytes;
  }

  private requireStore(): Pick<EvidenceStore, 'put' | 'get'> {
    if (!this.store) throw new UnavailableError('evidence.unavailable', 'this responder has no evidence store');
    return this.store;
  }
}
