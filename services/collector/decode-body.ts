import iconv from 'iconv-lite';
import { sniffEncoding } from './decode-export.ts';

/** GBK and GB2312 are subsets of GB18030: decoding as the superset never loses a character. */
function normalizeCharset(name: string): string | undefined {
  const n = name.trim().toLowerCase().replace(/^["']|["']$/g, '');
  if (['gbk', 'gb2312', 'gb_2312-80', 'x-gbk', 'cp936', 'gb18030'].includes(n)) return 'gb18030';
  return iconv.encodingExists(n) ? n : undefined;
}

/** The charset a body declares: in the Content-Type header, an XML declaration or an HTML meta tag. */
export function declaredCharset(contentType: string | undefined, body: Buffer): string | undefined {
  const fromHeader = /charset=([^;\s]+)/i.exec(contentType ?? '')?.[1];
  if (fromHeader) return normalizeCharset(fromHeader);
  // Declarations are ASCII and sit at the start; latin1 reads them whatever the encoding.
  const head = body.subarray(0, 2048).toString('latin1');
  const declared = /<\?xml[^>]*encoding=["']([^"']+)["']/i.exec(head)?.[1] ?? /<meta[^>]+charset=["']?([^"'\s/>;]+)/i.exec(head)?.[1];
  return declared ? normalizeCharset(declared) : undefined;
}

/**
 * Decodes a fetched body. Chinese sites often label GBK pages UTF-8 and the other way round,
 * so between those two the bytes decide (valid UTF-8 by chance in GBK text is vanishingly
 * rare); any other declared charset (Big5 on Traditional-Chinese sites) is taken as declared.
 */
export function decodeBody(contentType: string | undefined, body: Buffer): { text: string; charset: string } {
  const declared = declaredCharset(contentType, body);
  const ambiguous = declared === undefined || ['utf-8', 'utf8', 'gb18030'].includes(declared);
  const charset = ambiguous ? sniffEncoding(body) : declared;
  return { text: iconv.decode(body, charset, { stripBOM: true }), charset };
}
