import type { CheerioAPI } from 'cheerio';
import { isFurnitureLine, isSpamLine } from '../../shared/text/page-furniture.ts';
import { toSimplified } from '../../shared/text/to-simplified.ts';

/** Elements that are never the article. */
const NON_CONTENT = 'script, style, noscript, iframe, form, nav, header, footer, aside, object, embed, select, button, input';

/** Class or id names of page furniture on government sites (Chinese site builders use pinyin too). */
const FURNITURE = /(^|[-_\s])(nav|menu|breadcrumb|crumbs?|position|weizhi|dqwz|footer|foot|bottom|copyright|share|bdshare|jiathis|print|toolbar|tools|sidebar|side|related|xgxx|fontsize|font-size|zihao|counter|visit|login|search)([-_\s\d]|$)/i;

/** Removes page furniture from the document, in place. */
export function stripFurniture($: CheerioAPI): void {
  $(NON_CONTENT).remove();
  $('[class], [id]').each((_, el) => {
    const e = $(el);
    const names = `${e.attr('class') ?? ''} ${e.attr('id') ?? ''}`;
    // Never drop the body or the whole content wrapper because of a loose name match.
    if (el.tagName !== 'body' && el.tagName !== 'html' && FURNITURE.test(names) && e.find('p').length < 3) e.remove();
  });
}

/**
 * Text lines without furniture lines (breadcrumbs, meta bar, print and share bars) and injected
 * spam, judged in Simplified so a Traditional page is read the same; the lines kept are as written.
 */
export function cleanLines(lines: string[]): string[] {
  return lines
    .map((l) => l.replace(/[\s\u3000\u00a0]+/g, ' ').trim())
    .filter((l) => {
      if (l === '') return false;
      const simple = toSimplified(l.normalize('NFKC'));
      return !isFurnitureLine(simple) && !isSpamLine(simple);
    });
}
