import { createHash } from 'node:crypto';
import type { AnalyzedItem, RiskSignal, TopicJudgement } from '../../shared/domain/analyzed-item.ts';
import type { RawItem } from '../../shared/domain/raw-item.ts';
import { CHINA_OFFSET_MS } from '../../shared/domain/time.ts';
import { cutWords } from '../../shared/text/segmenter.ts';
import { DEFAULT_SENTIMENT_LEXICON, readJson, type AnalyzerRules } from './analyzer-config.ts';
import { KeywordIndex, KeywordMatcher } from './keyword-matcher.ts';
import { NegativityScorer, SentimentLexicon } from './negativity.ts';
import { normalizeText } from './normalize.ts';
import { policyOfItem } from './policy-document.ts';
import { simhash } from './simhash.ts';
import { assessText, MAX_ANALYZED_CHARS, type TextQuality } from './text-quality.ts';
import { focusParents, primaryTopic, TopicJudge } from './topic-judge.ts';
import { TopicModel } from './topic-model/topic-model.ts';

export const ANALYZER_VERSION = '0.2.0';

/** An analysis without its event: the event is assigned once items are grouped. */
export type ItemAnalysis = Omit<AnalyzedItem, 'eventId'> & { eventKey: string };

/**
 * Reads one raw item: normalizes, segments, and makes each judgement with the words that
 * drove it. Pure and synchronous so the same item always gets the same analysis. Never
 * throws on odd text: empty, emoji-only or non-Chinese items get an empty analysis, and
 * quality() says why.
 */
export class ItemAnalyzer {
  private readonly parentOf: Map<string, string>;
  private readonly weightOf: Map<string, number>;
  private readonly judge: TopicJudge;
  private readonly negativity: NegativityScorer;
  private readonly keywords: KeywordIndex;
  /** Each township and department with every name it goes by, listed once rather than per item. */
  private readonly townshipNames: { name: string; names: string[] }[];
  private readonly departmentNames: { name: string; names: string[] }[];
  /** All those names, found in one pass over a text like the keywords. */
  private readonly gazetteerNames: KeywordIndex;

  constructor(private readonly rules: AnalyzerRules) {
    this.parentOf = focusParents(rules.topics);
    this.weightOf = new Map(rules.risk.signals.map((s) => [s.code, s.weight]));
    this.judge = new TopicJudge(rules.topics, rules.topicModel ?? TopicModel.load());
    this.negativity = new NegativityScorer(rules.sentiment ?? readJson(DEFAULT_SENTIMENT_LEXICON, SentimentLexicon));
    this.keywords = new KeywordIndex([...rules.topics, ...rules.risk.signals].flatMap((r) => r.keywords));
    this.townshipNames = rules.gazetteer.townships.map((t) => ({ name: t.name, names: [t.name, ...t.aliases, ...t.villages] }));
    this.departmentNames = rules.gazetteer.departments.map((d) => ({ name: d.name, names: [d.name, ...d.aliases] }));
    this.gazetteerNames = new KeywordIndex([...this.townshipNames, ...this.departmentNames].flatMap((g) => g.names));
  }

  /** Whether the item's text could be analyzed; an empty analysis carries the reason here. */
  quality(analysis: Pick<AnalyzedItem, 'normText'>): TextQuality {
    return assessText(analysis.normText);
  }

  analyze(item: RawItem): ItemAnalysis {
    const title = normalizeText((item.title ?? '').slice(0, MAX_ANALYZED_CHARS));
    const body = normalizeText(item.text.slice(0, MAX_ANALYZED_CHARS));
    const normText = [title, body].filter(Boolean).join('\n');
    const readable = assessText(normText).status === 'ok';
    const titleTokens = readable && title ? cutWords(title) : [];
    const bodyTokens = readable ? cutWords(body) : [];
    const all = titleTokens.length ? [...titleTokens, '\n', ...bodyTokens] : bodyTokens;
    const tokens = all.filter((w) => w.trim() !== '');
    const matcher = new KeywordMatcher(all, this.keywords);
    const category = item.attrs['一级分类'];
    const topics = readable
      ? this.judge.judge({ matcher, titleTokens, textTokens: bodyTokens, operatorCategory: typeof category === 'string' ? category : undefined })
      : [];
    const signals = readable ? this.riskSignals(matcher) : [];
    const places = this.places(normText, item.region);
    const departments = this.departments(normText, item.attrs['承办单位']);
    const policy = readable ? policyOfItem(item, normText) : undefined;
    return {
      ...item,
      normText,
      tokens,
      topics,
      sentiment: this.negativity.score(all),
      risk: { score: signals.reduce((sum, s) => sum + (this.weightOf.get(s.code) ?? 0), 0), signals },
      places,
      departments,
      simhash: simhash(tokens),
      analyzerVersion: ANALYZER_VERSION,
      eventKey: this.eventKey(item, topics, places),
      ...(policy ? { policy } : {}),
    };
  }

  private riskSignals(matcher: KeywordMatcher): RiskSignal[] {
    return this.rules.risk.signals
      .map((s) => ({ code: s.code, label: s.label, evidence: [...new Set(matcher.find(s.keywords).map((h) => h.keyword))] }))
      .filter((s) => s.evidence.length > 0);
  }

  private places(text: string, region: string | undefined): string[] {
    const haystack = `${text}\n${region ?? ''}`;
    const found = this.named(this.townshipNames, haystack);
    if (found.length) return found;
    return region ? [region] : [];
  }

  private departments(text: string, handler: RawItem['attrs'][string] | undefined): string[] {
    const haystack = `${text}\n${typeof handler === 'string' ? handler : ''}`;
    return this.named(this.departmentNames, haystack);
  }

  /** The townships (or departments) a text names by any of their names. */
  private named(entries: readonly { name: string; names: string[] }[], text: string): string[] {
    const found = this.gazetteerNames.occurrences(text);
    // An empty name (a blank village in the gazetteer) is in every text, as includes('') says.
    return entries.filter((e) => e.names.some((n) => n === '' || found.has(n))).map((e) => e.name);
  }

  /**
   * Items of one topic in one place on one China day form one event. A first cut that is
   * deterministic, so redelivery and parallel analyzers agree on the grouping.
   */
  private eventKey(item: RawItem, topics: TopicJudgement[], places: string[]): string {
    const at = Date.parse(item.publishedAt);
    const day = Number.isNaN(at) ? 'undated' : new Date(at + CHINA_OFFSET_MS).toISOString().slice(0, 10);
    const primary = primaryTopic(topics, this.parentOf);
    const basis = `${primary?.code ?? 'unclassified'}|${places[0] ?? item.region ?? ''}|${day}`;
    return createHash('sha256').update(basis).digest('hex').slice(0, 24);
  }
}
