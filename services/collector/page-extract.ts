import * as cheerio from 'cheerio';
import { statedDate, type StatedDate } from '../../shared/calendar/labelled-date.ts';
import { parseChinaTime } from '../../shared/domain/time.ts';
import { toSimplified } from '../../shared/text/to-simplified.ts';
import { cleanLines, stripFurniture } from './page-boilerplate.ts';

/** CSS selectors of a site's article template; absent ones are found automatically. */
export interface ArticleSelectors {
  title?: string;
  date?: string;
  body?: string;
  docNumber?: string;
  issuer?: string;
  attachments?: string;
}

export interface ExtractedArticle {
  title: string;
  text: string;
  publishedAt?: number;
  /** 文号, e.g. 缙政办发〔2021〕25号. */
  docNumber?: string;
  /** 发布机关. */
  issuer?: string;
  /** Absolute URLs of attached PDF, DOC, XLS … files. */
  attachments: string[];
  attachmentNames: string[];
  /** The page's canonical URL when it names one on its own host, else the fetched URL. */
  canonicalUrl: string;
}

const BLOCKS = 'p, div, li, tr, h1, h2, h3, h4, h5, h6, section, article, table, blockquote, pre, dd, dt';
const ATTACHMENT = /\.(pdf|docx?|xlsx?|wps|et|ofd|zip|rar|7z|txt|csv)(\?|#|$)/i;
const DOC_NUMBER = /[\u4e00-\u9fa5]{1,12}[〔[［(（]\d{4}[〕\]］)）]\s*\d{1,4}\s*号/;
const ISSUER_IN_TEXT = /(?:发布机构|发布机关|发文机关|信息来源|来源)[:：]\s*([\u4e00-\u9fa5（）()]{2,30})/;
/** A date without a label, for a date element the site's selector names. */
const BARE_DATE = /(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})日?(?:\s*(\d{1,2}:\d{2}(?::\d{2})?))?/;

/** Text as the patterns read it: Simplified, full-width digits and colons folded. */
const readable = (text: string): string => toSimplified(text.normalize('NFKC'));

function bareDate(text: string): StatedDate | undefined {
  const m = BARE_DATE.exec(text);
  return m ? { date: `${m[1]}-${m[2]}-${m[3]}`, ...(m[4] ? { time: m[4] } : {}) } : undefined;
}

/**
 * The page's publication time: the site's date element, else the date the page states under
 * 发布时间/發布時間/发布日期/成文日期 (spaces and full-width digits allowed), else its PubDate meta.
 */
function publicationTime(dateElement: string, pageText: string, pubDateMeta: string): number | undefined {
  const stated = statedDate(dateElement, 'published') ?? bareDate(dateElement) ?? statedDate(pageText, 'published') ?? bareDate(pubDateMeta);
  return (stated && parseChinaTime(stated.time ? `${stated.date} ${stated.time}` : stated.date)) ?? undefined;
}

/** Typed as plain string so both selections below are of the same (any node) type. */
const CANDIDATES: string = 'article, section, div, td, main';

/** Text of a block with line breaks where its blocks end, as a reader sees it. */
function blockText(block: ReturnType<typeof mainBlock>): string[] {
  block.find('br').replaceWith('\n');
  block.find(BLOCKS).prepend('\n').append('\n');
  return block.text().split('\n');
}

/**
 * The block that holds the article when the site gave no body selector: the one with the most
 * text outside links, favouring paragraphs, as the readability heuristics score it.
 */
function mainBlock($: cheerio.CheerioAPI) {
  const candidates = $(CANDIDATES);
  let best = { index: -1, score: -Infinity };
  candidates.each((i, el) => {
    const e = $(el);
    const text = e.text().replace(/\s+/g, '').length;
    const linkText = e.find('a').text().replace(/\s+/g, '').length;
    // Paragraph-rich blocks are article bodies; link-rich ones are navigation.
    const score = text - 2 * linkText + 20 * e.children('p').length;
    if (score > best.score) best = { index: i, score };
  });
  return candidates.eq(best.index);
}

const textOf = ($: cheerio.CheerioAPI, selector: string | undefined) => (selector ? $(selector).first().text().replace(/\s+/g, ' ').trim() : '');

/** Reads an article page: selectors where given, heuristics where not, furniture and spam removed. */
export function extractArticle(html: string, pageUrl: string, selectors: ArticleSelectors = {}): ExtractedArticle {
  const $ = cheerio.load(html);
  const canonical = $('link[rel="canonical"]').attr('href');
  let canonicalUrl = pageUrl;
  if (canonical) {
    const c = new URL(canonical, pageUrl);
    if (c.host === new URL(pageUrl).host) canonicalUrl = c.href.replace(/#.*$/, '');
  }
  const attachments: string[] = [];
  const attachmentNames: string[] = [];
  $(selectors.attachments ?? 'a[href]').each((_, el) => {
    const href = $(el).attr('href');
    if (!href || !ATTACHMENT.test(href)) return;
    const abs = new URL(href, pageUrl).href;
    if (attachments.includes(abs)) return;
    attachments.push(abs);
    attachmentNames.push($(el).text().trim() || abs.split('/').pop()!);
  });
  const pageText = readable($('body').text());
  const publishedAt = publicationTime(readable(textOf($, selectors.date)), pageText, readable($('meta[name="PubDate"], meta[name="pubdate"]').attr('content') ?? ''));
  const title = textOf($, selectors.title) || $('meta[name="ArticleTitle"]').attr('content')?.trim() || $('h1').first().text().trim() || $('title').text().trim();
  const issuer = textOf($, selectors.issuer) || $('meta[name="ContentSource"]').attr('content')?.trim() || ISSUER_IN_TEXT.exec(pageText)?.[1] || '';

  stripFurniture($);
  const lines = cleanLines(selectors.body ? blockText($(selectors.body).first()) : blockText(mainBlock($)));
  const text = lines.join('\n');
  const docNumber = textOf($, selectors.docNumber) || DOC_NUMBER.exec(text)?.[0] || '';
  return {
    title,
    text,
    ...(publishedAt !== undefined ? { publishedAt } : {}),
    ...(docNumber ? { docNumber } : {}),
    ...(issuer ? { issuer } : {}),
    attachments,
    attachmentNames,
    canonicalUrl,
  };
}

/** Absolute, fragment-free links of a list page that the selector picks. */
export function extractLinks(html: string, pageUrl: string, linkSelector: string): string[] {
  const $ = cheerio.load(html);
  const links: string[] = [];
  $(linkSelector).each((_, el) => {
    const href = $(el).attr('href');
    if (!href || /^(javascript|mailto):/i.test(href)) return;
    const abs = new URL(href, pageUrl);
    abs.hash = '';
    if (!/^https?:$/.test(abs.protocol) || links.includes(abs.href)) return;
    links.push(abs.href);
  });
  return links;
}
