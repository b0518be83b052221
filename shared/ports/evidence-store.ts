import type { EvidenceFile } from '../domain/ledger-projections.ts';

/**
 * Fulfilment evidence (photos, scanned notices), kept by content beside the ledger (same
 * SQLite file or PostgreSQL schema), so a file uploaded through one responder process is
 * served by every other. The ledger records only `{name, sha256, size}`; the hash names the bytes.
 */
export interface EvidenceStore {
  /** Stores the bytes under their SHA-256; idempotent: the same bytes twice are kept once. */
  put(file: { name: string; bytes: Buffer }): Promise<EvidenceFile>;
  /** The bytes stored under this SHA-256 (lowercase hex), or undefined. */
  get(sha256: string): Promise<Buffer | undefined>;
  close(): Promise<void>;
}
