/**
 * The focus-topic figures of `npm run eval`: the analyzer's focus topic of each hand-labelled
 * TipDM message against the label, per topic precision/recall/F1 and a confusion table.
 */
import { resolve } from 'node:path';
import { loadAnalyzerRules } from '../../services/analyzer/analyzer-config.ts';
import { ItemAnalyzer } from '../../services/analyzer/item-analyzer.ts';
import { labelScores } from '../../services/analyzer/topic-model/metrics.ts';
import { FOCUS_CODES, NONE, readFocusLabels, type FocusGold, type FocusLabelled } from './read-focus-labels.ts';

const CONFIG = resolve(import.meta.dirname, '../../config');
const LABELS: readonly FocusGold[] = [...FOCUS_CODES, NONE];

/** The analyzer's focus topic of a message: the best-scoring of the labelled focus topics, or none. */
function focusOf(analyzer: ItemAnalyzer, l: FocusLabelled, at: number): FocusGold {
  const item = analyzer.analyze({
    id: `focus-${at}`,
    source: { kind: 'comment', name: 'TipDM 问政平台' },
    externalId: String(at),
    ...(l.message.title ? { title: l.message.title } : {}),
    text: l.message.text,
    publishedAt: '2020-01-01T00:00:00+08:00',
    collectedAt: '2020-01-01T00:00:00+08:00',
    attrs: {},
    revision: 0,
  });
  const focus = item.topics.filter((t) => (FOCUS_CODES as readonly string[]).includes(t.code));
  focus.sort((a, b) => b.score - a.score || FOCUS_CODES.indexOf(a.code as never) - FOCUS_CODES.indexOf(b.code as never));
  return (focus[0]?.code as FocusGold | undefined) ?? NONE;
}

interface Scored {
  gold: FocusGold;
  predicted: FocusGold;
  split: FocusLabelled['split'];
}

function scoreLines(pairs: readonly Scored[], name: string): string[] {
  const f = (x: number) => x.toFixed(2);
  const cells = FOCUS_CODES.map((code) => {
    const { tp, predicted, support, precision, recall, f1 } = labelScores(pairs, code);
    return `${code} ${tp}/${predicted}/${support} P ${f(precision)} R ${f(recall)} F1 ${f(f1)}`;
  });
  return [`  ${name} (${pairs.length}; tp/predicted/gold): ${cells.join(' | ')}`];
}

export function focusTopicReport(): string[] {
  const rules = loadAnalyzerRules({
    topicsPath: `${CONFIG}/topics.json`,
    riskPath: `${CONFIG}/risk-signals.json`,
    gazetteerPath: `${CONFIG}/gazetteer.json`,
    alertRulesPath: `${CONFIG}/alert-rules.json`,
  });
  const analyzer = new ItemAnalyzer(rules);
  const pairs: Scored[] = readFocusLabels().map((l, i) => ({ gold: l.gold, predicted: focusOf(analyzer, l, i), split: l.split }));
  const width = Math.max(...LABELS.map((l) => l.length)) + 1;
  const table = [
    `  ${'gold \\ predicted'.padEnd(width)}${LABELS.map((l) => l.padStart(width)).join('')}`,
    ...LABELS.map((g) => `  ${g.padEnd(width)}${LABELS.map((p) => String(pairs.filter((x) => x.gold === g && x.predicted === p).length).padStart(width)).join('')}`),
  ];
  return [
    `focus topics on ${pairs.length} hand-labelled TipDM messages (eval/focus-topics):`,
    ...scoreLines(pairs.filter((p) => p.split === 'dev'), 'dev'),
    ...scoreLines(pairs.filter((p) => p.split === 'test'), 'test'),
    ...scoreLines(pairs, 'all'),
    ...table,
  ];
}
