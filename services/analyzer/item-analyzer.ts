import type { AnalyzedItem, HotlineFacts, RiskSignal, TopicJudgement } from '../../shared/domain/analyzed-item.ts';
import type { RawItem } from '../../shared/domain/raw-item.ts';
import { cutWords } from '../../shared/text/segmenter.ts';
import { readJson } from '../../shared/read-json.ts';
import { DEFAULT_SENTIMENT_LEXICON, type AnalyzerRules } from './analyzer-config.ts';
import { dayEventKey, scopeOf } from './event-scope.ts';
import { KeywordIndex, KeywordMatcher, type KeywordList } from './keyword-matcher.ts';
import { NegativityScorer, SentimentLexicon } from './negativity.ts';
import { normalizeText } from './normalize.ts';
import { policyOfItem } from './policy-document.ts';
import { simhashOfIds } from './simhash.ts';
import { assessText, MAX_ANALYZED_CHARS, type TextQuality } from './text-quality.ts';
import { CueList } from './cue-matcher.ts';
import { focusParents, TopicJudge, type OperatorLabel } from './topic-judge.ts';
import { gramSource } from './topic-model/features.ts';
import { TopicModel } from './topic-model/topic-model.ts';
import { BLANK, FLAGS, WordTable } from './word-table.ts';

/** The columns of a hotline export that carry its own classification, broadest first. */
const CLASSIFICATION_FIELDS = ['一级分类', '二级分类', '三级分类'] as const;

function operatorLabels(item: RawItem): OperatorLabel[] {
  return CLASSIFICATION_FIELDS.flatMap((field) => {
    const label = item.attrs[field];
    return typeof label === 'string' && label.trim() !== '' ? [{ field, label }] : [];
  });
}

/** The gazetteer names a text holds (KeywordIndex.occurrences). */
type NamesFound = ReadonlyMap<string, unknown>;

export const ANALYZER_VERSION = '0.3.0';

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
  private readonly model: TopicModel;
  private readonly negativity: NegativityScorer;
  /** Per distinct word, its simhash pieces, vocabulary position and lexicon facts: one lookup per token. */
  private readonly words: WordTable;
  private readonly keywords: KeywordIndex;
  private readonly riskKeywords: KeywordList[];
  private readonly riskCues: CueList[];
  /** Each township and department with every name it goes by, listed once rather than per item. */
  private readonly townshipNames: { name: string; names: string[] }[];
  private readonly departmentNames: { name: string; names: string[] }[];
  /** All those names, found in one pass over a text like the keywords. */
  private readonly gazetteerNames: KeywordIndex;
  /** Each department name and alias → the department's name, so 县人社局 and its full name count as one 承办单位. */
  private readonly departmentOf: Map<string, string>;

  constructor(private readonly rules: AnalyzerRules) {
    this.parentOf = focusParents(rules.topics);
    this.weightOf = new Map(rules.risk.signals.map((s) => [s.code, s.weight]));
    this.model = rules.topicModel ?? TopicModel.load();
    const rulesWithWords = [...rules.topics, ...rules.risk.signals];
    this.keywords = new KeywordIndex([...rulesWithWords.flatMap((r) => r.keywords), ...TopicJudge.cueWords(rulesWithWords)]);
    this.judge = new TopicJudge(rules.topics, this.model, this.keywords);
    this.riskKeywords = rules.risk.signals.map((s) => this.keywords.list(s.keywords));
    this.riskCues = rules.risk.signals.map((s) => new CueList(this.keywords, s.cues ?? []));
    this.negativity = new NegativityScorer(rules.sentiment ?? readJson(DEFAULT_SENTIMENT_LEXICON, SentimentLexicon));
    this.words = new WordTable({ vocabularyIndex: (w) => this.model.vocabularyIndex(w), sentiment: (w) => this.negativity.describe(w) });
    this.townshipNames = rules.gazetteer.townships.map((t) => ({ name: t.name, names: [t.name, ...t.aliases, ...t.villages] }));
    this.departmentNames = rules.gazetteer.departments.map((d) => ({ name: d.name, names: [d.name, ...d.aliases] }));
    this.gazetteerNames = new KeywordIndex([...this.townshipNames, ...this.departmentNames].flatMap((g) => g.names));
    this.departmentOf = new Map();
    for (const d of this.departmentNames) for (const n of d.names) if (!this.departmentOf.has(n)) this.departmentOf.set(n, d.name);
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
    const ids = this.words.idsOf(all);
    const { tokens, tokenIds } = this.nonBlank(all, ids);
    const matcher = new KeywordMatcher(all, this.keywords);
    const bodyFrom = titleTokens.length ? titleTokens.length + 1 : 0;
    const topics = readable
      ? this.judge.judge({
          matcher,
          prediction: this.model.predictIds(this.words, ids.subarray(0, titleTokens.length), ids.subarray(bodyFrom), gramSource(title, body)),
          operatorLabels: operatorLabels(item),
        })
      : [];
    const signals = readable ? this.riskSignals(matcher) : [];
    // Gazetteer names have no line break, so the text is searched once for both.
    const namesInText = this.gazetteerNames.occurrences(normText);
    const places = this.places(namesInText, item.region);
    const departments = this.departments(namesInText, item.attrs['承办单位']);
    const policy = readable ? policyOfItem(item, normText) : undefined;
    const hotline = this.hotlineFacts(item);
    // Object.assign rather than {...item, normText, …}: V8 (Node 20) defines each property that
    // follows a spread through a slow path, about 0.75 µs apiece, 4% of the whole analysis.
    return Object.assign(
      { ...item },
      {
        normText,
        tokens,
        topics,
        sentiment: this.negativity.scoreIds(all, ids, this.words),
        risk: { score: signals.reduce((sum, s) => sum + (this.weightOf.get(s.code) ?? 0), 0), signals },
        places,
        departments,
        simhash: simhashOfIds(this.words, tokenIds, tokens.length),
        analyzerVersion: ANALYZER_VERSION,
        eventKey: this.eventKey(item, topics, places),
      },
      policy ? { policy } : {},
      hotline ? { hotline } : {},
    );
  }

  /** 办事事项, 承办单位 and 诉求类型 of a hotline ticket, as far as its export gives them. */
  private hotlineFacts(item: RawItem): HotlineFacts | undefined {
    if (item.source.kind !== 'hotline') return undefined;
    const field = (name: string) => {
      const v = item.attrs[name];
      return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
    };
    const matter = field('办事事项') ?? field('三级分类') ?? field('二级分类');
    const unit = field('承办单位');
    const handlingUnit = unit && (this.departmentOf.get(unit) ?? unit);
    const appealType = field('诉求类型');
    if (!matter && !handlingUnit && !appealType) return undefined;
    return { ...(matter ? { matter } : {}), ...(handlingUnit ? { handlingUnit } : {}), ...(appealType ? { appealType } : {}) };
  }

  /** The tokens that are not blank (spaces, line breaks), with their word ids. */
  private nonBlank(all: readonly string[], ids: Int32Array): { tokens: string[]; tokenIds: Int32Array } {
    const { records } = this.words;
    const tokens: string[] = [];
    const tokenIds = new Int32Array(all.length);
    for (let i = 0; i < all.length; i++) {
      const id = ids[i]!;
      if ((records[id + FLAGS]! & BLANK) !== 0) continue;
      tokenIds[tokens.length] = id;
      tokens.push(all[i]!);
    }
    return { tokens, tokenIds };
  }

  private riskSignals(matcher: KeywordMatcher): RiskSignal[] {
    return this.rules.risk.signals
      .map((s, i) => ({
        code: s.code,
        label: s.label,
        evidence: [...new Set([...this.riskCues[i]!.find(matcher), ...matcher.find(this.riskKeywords[i]!).map((h) => h.keyword)])],
      }))
      .filter((s) => s.evidence.length > 0);
  }

  private places(inText: NamesFound, region: string | undefined): string[] {
    const found = this.named(this.townshipNames, inText, region);
    if (found.length) return found;
    return region ? [region] : [];
  }

  private departments(inText: NamesFound, handler: RawItem['attrs'][string] | undefined): string[] {
    return this.named(this.departmentNames, inText, typeof handler === 'string' ? handler : '');
  }

  /** The townships (or departments) named, by any of their names, in the text (inText: the names it holds) or in `extra`. */
  private named(entries: readonly { name: string; names: string[] }[], inText: NamesFound, extra = ''): string[] {
    const inExtra = extra ? this.gazetteerNames.occurrences(extra) : undefined;
    // An empty name (a blank village in the gazetteer) is in every text, as includes('') says.
    return entries.filter((e) => e.names.some((n) => n === '' || inText.has(n) || inExtra?.has(n))).map((e) => e.name);
  }

  /**
   * Items of one topic in one place on one China day form one event. A first cut that is
   * deterministic, so redelivery and parallel analyzers agree on the grouping.
   */
  private eventKey(item: RawItem, topics: TopicJudgement[], places: string[]): string {
    return dayEventKey(scopeOf({ topics, places, region: item.region }, this.parentOf), item.publishedAt);
  }

}
