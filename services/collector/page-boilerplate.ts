import type { CheerioAPI } from 'cheerio';

/** Elements that are never the article. */
const NON_CONTENT = 'script, style, noscript, iframe, form, nav, header, footer, aside, object, embed, select, button, input';

/** Class or id names of page furniture on government sites (Chinese site builders use pinyin too). */
const FURNITURE = /(^|[-_\s])(nav|menu|breadcrumb|crumbs?|position|weizhi|dqwz|footer|foot|bottom|copyright|share|bdshare|jiathis|print|toolbar|tools|sidebar|side|related|xgxx|fontsize|font-size|zihao|counter|visit|login|search)([-_\s\d]|$)/i;

/** Whole lines that are page furniture, not text: breadcrumbs, the meta bar, print and close links. */
const FURNITURE_LINES: RegExp[] = [
  /^(当前位置|您的位置|你的位置|所在位置|當前位置)[:：]/,
  /(发布时间|發佈時間|发布日期)[:：].{0,60}(浏览次数|瀏覽次數|访问量|点击数|阅读)/,
  /(浏览次数|瀏覽次數|访问量|点击数)[:：]?\s*\d*\s*$/,
  /字体[:：]?\s*[[【(（]?\s*大\s*中\s*小/,
  /字體[:：]?\s*[[【(（]?\s*大\s*中\s*小/,
  /^[[【]?\s*(打印(本页|此页)?|关闭(窗口|本页)?|打印本頁|關閉視窗|返回顶部|收藏)\s*[\]】]?(\s*[[【]?\s*(打印(本页|此页)?|关闭(窗口|本页)?|返回顶部|收藏)\s*[\]】]?)*$/,
  /^分享到[:：]?/,
  /^(扫一扫|扫码)(在手机)?(打开|分享)?/,
];

/**
 * Spam injected at the end of hacked government pages: gambling, fake invoices, surrogacy,
 * loans. Only trailing lines are cut, so an article about fighting such crime keeps its text.
 */
const SPAM = /(博彩|娱乐城|赌场|百家乐|时时彩|六合彩|彩票平台|棋牌|代孕|办证|发票代开|代开发票|网贷|套现|成人|色情|太阳城|澳门|威尼斯人|皇冠体育|真人视讯)/;

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

/** Text lines with furniture lines dropped and spam cut from the end. */
export function cleanLines(lines: string[]): string[] {
  const kept = lines.map((l) => l.replace(/[\s\u3000\u00a0]+/g, ' ').trim()).filter((l) => l !== '' && !FURNITURE_LINES.some((re) => re.test(l)));
  while (kept.length && SPAM.test(kept[kept.length - 1]!)) kept.pop();
  return kept;
}
