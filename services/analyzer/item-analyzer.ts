import { createHash } from 'node:crypto';
import type { AnalyzedItem, RiskSignal, TopicJudgement } from '../../shared/domain/analyzed-item.ts';
import type { RawItem } from '../../shared/domain/raw-item.ts';
import { CHINA_OFFSET_MS } from '../../shared/domain/time.ts';
import { cutWords } from '../../shared/text/segmenter.ts';
import type { AnalyzerRules } from './analyzer-config.ts';
import { normalizeText } from './normalize.ts';
import { simhash } from './simhash.ts';

export const ANALYZER_VERSION = '0.1.0';

const NEGATIVE = ['投诉', '举报', '不满', '拖欠', '违规', '违法', '严重', '无人管', '推诿', '敷衍', '欺诈', '污染', '扰民', '危险', '隐患', '损坏', '故障', '困难', '愤怒', '无奈', '恶劣', '坑', '骗', '乱收费', '不作为'];
const POSITIVE = ['感谢', '满意', '表扬', '及时', '热情', '点赞', '解决了', '辛苦', '负责'];

/** An analysis without its event: the event is assigned once items are grouped. */
export type ItemAnalysis = Omit<AnalyzedItem, 'eventId'> & { eventKey: string };

function matches(text: string, words: readonly string[]): string[] {
  return [...new Set(words.filter((w) => text.includes(w)))];
}

/**
 * Reads one raw item: normalizes, segments, and makes each judgement with the words that
 * drove it. Pure and synchronous so the same item always gets the same analysis.
 */
export class ItemAnalyzer {
  private readonly labels: Map<string, string>;
  private readonly parentOf: Map<string, string>;
  private readonly codeByLabel: Map<string, string>;

  constructor(private readonly rules: AnalyzerRules) {
    this.labels = new Map(rules.topics.map((t) => [t.code, t.label]));
    this.parentOf = new Map(rules.topics.filter((t) => t.parent).map((t) => [t.code, t.parent!]));
    this.codeByLabel = new Map(rules.topics.map((t) => [t.label, t.code]));
  }

  analyze(item: RawItem): ItemAnalysis {
    const normText = normalizeText([item.title, item.text].filter(Boolean).join('\n'));
    const tokens = cutWords(normText).filter((w) => w.trim() !== '');
    const topics = this.topics(normText, item);
    const sentiment = this.sentiment(normText);
    const signals = this.riskSignals(normText);
    const places = this.places(normText, item.region);
    const departments = this.departments(normText, item.attrs['承办单位']);
    const risk = {
      score: signals.reduce((sum, s) => sum + (this.rules.risk.signals.find((r) => r.code === s.code)?.weight ?? 0), 0),
      signals,
    };
    return {
      ...item,
      normText,
      tokens,
      topics,
      sentiment,
      risk,
      places,
      departments,
      simhash: simhash(tokens),
      analyzerVersion: ANALYZER_VERSION,
      eventKey: this.eventKey(item, topics, places),
    };
  }

  private topics(text: string, item: RawItem): TopicJudgement[] {
    const found = new Map<string, TopicJudgement>();
    const add = (code: string, score: number, evidence: string[]) => {
      const current = found.get(code);
      if (current) {
        current.score += score;
        current.evidence = [...new Set([...current.evidence, ...evidence])];
      } else {
        found.set(code, { code, label: this.labels.get(code) ?? code, score, evidence });
      }
    };
    for (const rule of this.rules.topics) {
      const words = matches(text, rule.keywords);
      if (words.length) add(rule.code, words.length, words);
    }
    // The hotline operator's own first-level category is evidence too.
    const category = item.attrs['一级分类'];
    if (typeof category === 'string' && this.codeByLabel.has(category)) add(this.codeByLabel.get(category)!, 1, [`一级分类: ${category}`]);
    // A focus topic implies its first-level category (工资拖欠 sits under 劳动和社会保障).
    for (const t of [...found.values()]) {
      const parent = this.parentOf.get(t.code);
      if (parent) add(parent, 0.5, [`${t.label} ⊂ ${this.labels.get(parent) ?? parent}`]);
    }
    return [...found.values()].sort((a, b) => b.score - a.score || a.code.localeCompare(b.code));
  }

  private sentiment(text: string): AnalyzedItem['sentiment'] {
    const neg = matches(text, NEGATIVE);
    const pos = matches(text, POSITIVE);
    const score = (pos.length - neg.length) / (pos.length + neg.length + 1);
    return { score: Math.round(score * 100) / 100, evidence: [...neg.map((w) => `-${w}`), ...pos.map((w) => `+${w}`)] };
  }

  private riskSignals(text: string): RiskSignal[] {
    return this.rules.risk.signals
      .map((s) => ({ code: s.code, label: s.label, evidence: matches(text, s.keywords) }))
      .filter((s) => s.evidence.length > 0);
  }

  private places(text: string, region: string | undefined): string[] {
    const haystack = `${text}\n${region ?? ''}`;
    const found = this.rules.gazetteer.townships
      .filter((t) => [t.name, ...t.aliases, ...t.villages].some((n) => haystack.includes(n)))
      .map((t) => t.name);
    if (found.length) return found;
    return region ? [region] : [];
  }

  private departments(text: string, handler: RawItem['attrs'][string] | undefined): string[] {
    const haystack = `${text}\n${typeof handler === 'string' ? handler : ''}`;
    return this.rules.gazetteer.departments.filter((d) => [d.name, ...d.aliases].some((n) => haystack.includes(n))).map((d) => d.name);
  }

  /**
   * Items of one topic in one place on one China day form one event. A first cut that is
   * deterministic, so redelivery and parallel analyzers agree on the grouping.
   */
  private eventKey(item: RawItem, topics: TopicJudgement[], places: string[]): string {
    const day = new Date(Date.parse(item.publishedAt) + CHINA_OFFSET_MS).toISOString().slice(0, 10);
    // A focus topic (工资拖欠) groups more sharply than its broad category (劳动和社会保障).
    const primary = topics.find((t) => this.parentOf.has(t.code)) ?? topics[0];
    const basis = `${primary?.code ?? 'unclassified'}|${places[0] ?? item.region ?? ''}|${day}`;
    return createHash('sha256').update(basis).digest('hex').slice(0, 24);
  }
}
