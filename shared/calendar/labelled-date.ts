import { numberIn } from './chinese-numbers.ts';

/**
 * A date a page or a document head states under its label, as a China calendar date
 * (YYYY-MM-DD) with the time of day when one is written.
 */
export interface StatedDate {
  date: string;
  /** HH:MM or HH:MM:SS, China time. */
  time?: string;
}

/** When the page published the text. */
const PUBLISHED = '发布时间|发布日期|发表时间|发表日期|发布于|公开日期|公开时间|上网时间|印发日期';
/** When the document was signed: the date that counts for its deadlines. */
const WRITTEN = '成文日期|成文时间|签发日期|发文日期';
/** A bare 日期 or 时间 label on a meta bar. */
const BARE = '日期|时间';

const DIGITS = String.raw`(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})日?(?:\s*(\d{1,2})\s*[:：]\s*(\d{2})(?:\s*[:：]\s*(\d{2}))?)?`;
const CHINESE = '([〇零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日';

const labelled = (labels: string): RegExp => new RegExp(`(?:${labels})\\s*[:：]?\\s*(?:${DIGITS}|${CHINESE})`, 'g');
const FORMS = { published: labelled(PUBLISHED), written: labelled(WRITTEN), bare: labelled(BARE) };

const pad = (n: number): string => String(n).padStart(2, '0');

/** The first valid date of one label kind; a 2019-02-30 is skipped, not rolled over. */
function firstOf(re: RegExp, text: string): StatedDate | undefined {
  for (const m of text.matchAll(re)) {
    const [y, mo, d] = m[1] ? [m[1], m[2]!, m[3]!] : [m[7]!, m[8]!, m[9]!];
    const [yy, mm, dd] = [numberIn(y), numberIn(mo), numberIn(d)];
    if (yy === undefined || mm === undefined || dd === undefined) continue;
    const check = new Date(Date.UTC(yy, mm - 1, dd));
    if (check.getUTCMonth() !== mm - 1 || check.getUTCDate() !== dd) continue;
    const [h, mi, s] = [m[4], m[5], m[6]];
    const time = h !== undefined && mi !== undefined && Number(h) < 24 && Number(mi) < 60 ? `${pad(Number(h))}:${mi}${s !== undefined ? `:${s}` : ''}` : undefined;
    return { date: `${yy}-${pad(mm)}-${pad(dd)}`, ...(time ? { time } : {}) };
  }
  return undefined;
}

/**
 * The date a text states under a label: 发布时间：2019- 06- 24, 发布日期：2021年7月9日 10:30,
 * 成文日期：二〇二一年七月十六日. `prefer` says which label wins when a page has both (a page's
 * publication, or the document's signing); a bare 日期/时间 label comes last. The text must be
 * Simplified with full-width digits folded (NFKC).
 */
export function statedDate(text: string, prefer: 'published' | 'written'): StatedDate | undefined {
  const order = prefer === 'published' ? [FORMS.published, FORMS.written, FORMS.bare] : [FORMS.written, FORMS.published, FORMS.bare];
  for (const re of order) {
    const found = firstOf(re, text);
    if (found) return found;
  }
  return undefined;
}
