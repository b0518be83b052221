/**
 * A policy page read the way the product reads it: the collector decodes the bytes, extracts the
 * article and builds its item; the analyzer normalizes the text and reads the document.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { decodeBody } from '../../services/collector/decode-body.ts';
import { articleItem } from '../../services/collector/page-site-source.ts';
import { extractArticle } from '../../services/collector/page-extract.ts';
import { readableText } from '../../services/analyzer/item-analyzer.ts';
import { policyOfItem } from '../../services/analyzer/policy-document.ts';
import { toChinaIso } from '../../shared/domain/time.ts';
import type { PolicyDocument } from '../../shared/domain/policy-document.ts';
import type { RawItem } from '../../shared/domain/raw-item.ts';

/** The fixture pages (tests/fixtures/pages/README.md says how they were built). */
export const FIXTURE_PAGES = resolve(import.meta.dirname, '../../tests/fixtures/pages');

/** When the crawl saw the page: a date a page that states none would wrongly take as its own. */
export const CRAWL_TIME = Date.parse('2026-11-24T10:00:00+08:00');

export interface ReadPage {
  item: RawItem;
  charset: string;
  normText: string;
  policy?: PolicyDocument;
}

export function readPolicyPage(body: Buffer, url = 'https://www.example.gov.cn/art/2021/7/19/art_1.html', contentType?: string): ReadPage {
  const { text: html, charset } = decodeBody(contentType, body);
  const draft = articleItem(extractArticle(html, url), { site: '示例政府网', charset }, () => CRAWL_TIME);
  // A page has no author; the collector's masking changes nothing else of a government page.
  const { author: _author, ...fields } = draft;
  const item: RawItem = {
    ...fields,
    id: 'page-1',
    source: { kind: 'page', name: '示例政府网' },
    publishedAt: toChinaIso(draft.publishedAt),
    collectedAt: toChinaIso(CRAWL_TIME),
    attrs: draft.attrs ?? {},
    revision: 0,
  };
  const { normText } = readableText(item);
  const policy = policyOfItem(item, normText);
  return { item, charset, normText, ...(policy ? { policy } : {}) };
}

export function readFixturePage(file: string): ReadPage {
  return readPolicyPage(readFileSync(resolve(FIXTURE_PAGES, file)));
}
