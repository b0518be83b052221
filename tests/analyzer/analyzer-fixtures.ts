import { resolve } from 'node:path';
import { readDatasetText } from '../../datasets/read-dataset.ts';
import { loadAnalyzerRules, type AnalyzerRules } from '../../services/analyzer/analyzer-config.ts';
import type { AnalyzedItem } from '../../shared/domain/analyzed-item.ts';
import type { PolicyDocument } from '../../shared/domain/policy-document.ts';
import type { RawItem } from '../../shared/domain/raw-item.ts';
import { normalizeText } from '../../services/analyzer/normalize.ts';
import { policyOfItem } from '../../services/analyzer/policy-document.ts';
import { analyzedItem } from '../support/records.ts';

const config = resolve(import.meta.dirname, '../../config');
/** One of the real 政务公开 documents in datasets/pages/. */
export function readPage(name: string): string {
  return readDatasetText(`pages/${name}`);
}

let rules: AnalyzerRules | undefined;

/** The shipped rule files and committed model, loaded once per test file. */
export function shippedRules(): AnalyzerRules {
  rules ??= loadAnalyzerRules({
    topicsPath: `${config}/topics.json`,
    riskPath: `${config}/risk-signals.json`,
    gazetteerPath: `${config}/gazetteer.json`,
    alertRulesPath: `${config}/alert-rules.json`,
  });
  return rules;
}

export function rawItem(text: string, extra: Partial<RawItem> = {}): RawItem {
  return {
    id: 'item-1',
    source: { kind: 'hotline', name: '12345' },
    externalId: 'x1',
    text,
    publishedAt: '2026-11-20T09:15:00+08:00',
    collectedAt: '2026-11-20T09:20:00+08:00',
    attrs: {},
    revision: 0,
    ...extra,
  };
}

/**
 * A collected government page as the analyzer reads it: normalized title and body, the policy
 * document found by the analyzer's own policyOfItem (file from datasets/pages/).
 */
export function policyPageItem(file: string, id: string, title: string): AnalyzedItem & { policy: PolicyDocument } {
  const text = readPage(file);
  const raw = { source: { kind: 'page' as const, name: '县政府网' }, attrs: {}, publishedAt: '2026-11-20T09:00:00+08:00' };
  const normText = [normalizeText(title), normalizeText(text)].join('\n');
  const policy = policyOfItem(raw, normText);
  if (!policy) throw new Error(`${file} was not read as a policy document`);
  return analyzedItem(id, { ...raw, title, text, normText, policy }) as AnalyzedItem & { policy: PolicyDocument };
}
