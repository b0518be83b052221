import iconv from 'iconv-lite';
import { csvField } from '../../../shared/text/csv-field.ts';

/**
 * A 12345 export file as county systems write it: a header row, CRLF line ends, GB18030 by
 * default (or UTF-8 with a BOM, as spreadsheet programs save it).
 */
export function encodeHotlineCsv(header: readonly string[], rows: readonly (readonly string[])[], encoding: 'gb18030' | 'utf8-bom' = 'gb18030'): Buffer {
  const text = `${[header, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n')}\r\n`;
  return encoding === 'gb18030' ? iconv.encode(text, 'gb18030') : Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
}
