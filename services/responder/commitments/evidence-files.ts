import type { EvidenceFile } from '../../../shared/domain/ledger-projections.ts';
import { InvalidInputError, NotFoundError, UnavailableError, YuqingError } from '../../../shared/errors.ts';
import type { EvidenceStore } from '../../../shared/ports/evidence-store.ts';

/** Largest evidence file accepted (decoded bytes). */
export const MAX_EVIDENCE_BYTES = 5 * 1024 * 1024;

/** 413 for a file over the limit, whether the body parser or the decoder finds it. */
export function evidenceTooLarge(): YuqingError {
  return new YuqingError('evidence.too_large', `文件超过${MAX_EVIDENCE_BYTES / 1024 / 1024} MB / file larger than ${MAX_EVIDENCE_BYTES} bytes`, { status: 413 });
}

/**
 * Kinds a browser shows safely inline, told by the file's first bytes, never by its name: a
 * scanned notice (PDF) or a photo. Anything else (SVG and HTML included) is only downloaded.
 */
const PREVIEWABLE: { type: string; matches: (b: Buffer) => boolean }[] = [
  { type: 'application/pdf', matches: (b) => b.subarray(0, 5).toString('latin1') === '%PDF-' },
  { type: 'image/png', matches: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  { type: 'image/jpeg', matches: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { type: 'image/gif', matches: (b) => b.subarray(0, 4).toString('latin1') === 'GIF8' },
  { type: 'image/webp', matches: (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP' },
];

/** The type to preview the bytes as, or undefined when they are only to be downloaded. */
export function previewType(bytes: Buffer): string | undefined {
  return PREVIEWABLE.find((p) => p.matches(bytes))?.type;
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
