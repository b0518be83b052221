import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import iconv from 'iconv-lite';

export type ExportEncoding = 'utf8' | 'gb18030';

/**
 * Detects a file's encoding from its first bytes: a UTF-8 BOM, or bytes that are valid
 * UTF-8, mean UTF-8; anything else is GB18030 (a superset of GBK and GB2312, which Chinese
 * government systems export by default). Valid UTF-8 by chance in GBK text is vanishingly rare
 * past a few Chinese characters.
 */
export async function detectEncoding(path: string): Promise<ExportEncoding> {
  const handle = await open(path, 'r');
  try {
    const buf = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    return sniffEncoding(buf.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}

export function sniffEncoding(bytes: Buffer): ExportEncoding {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf8';
  // The sample may end inside a multi-byte character: drop up to 3 trailing bytes before judging.
  for (let cut = 0; cut <= Math.min(3, bytes.length); cut++) {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, bytes.length - cut));
      return 'utf8';
    } catch {
      // not valid with this cut; try a shorter sample
    }
  }
  return 'gb18030';
}

/** The file as a stream of decoded text, BOM stripped; the file is never loaded whole. */
export function decodedStream(path: string, encoding: ExportEncoding): NodeJS.ReadableStream {
  return createReadStream(path).pipe(iconv.decodeStream(encoding, { stripBOM: true }));
}
