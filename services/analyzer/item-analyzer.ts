import type { AnalyzedItem, HotlineFacts, Intensity, RiskSignal, Sentiment } from '../../shared/domain/analyzed-item.ts';
import type { RawItem } from '../../shared/domain/raw-item.ts';
import { cutWords } from '../../shared/text/segmenter.ts';
import { readJson } from '../../shared/read-json.ts';
import { DEFAULT_SENTIMENT_LEXICON, type AnalyzerRules } from './analyzer-config.ts';
import { dayEventKey, placeOf } from './event-scope.ts';
import { IntensityScorer } from './intensity.ts';
import { KeywordIndex, KeywordMatcher, type KeywordList } from './keyword-matcher.ts';
import { NegativityScorer, SentimentLexicon } from './negativity.ts';
import { NegativityModel } from './negativity-model/negativity-model.ts';
import { normalizeText } from './normalize.ts';
import { policyOfItem } from './policy-document.ts';
import { simhashOfIds } from './simhash.ts';
import { assessText, MAX_ANALYZED_CHARS, type TextQuality } from './text-quality.ts';
import { CueList } from './cue-matcher.ts';
import { GramIndex } from './gram-index.ts';
import { TopicJudge, type OperatorLabel } from './topic-judge.ts';
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

export const ANALYZER_VERSION = '0.4.0';

/** The sentiment of an item with no text to read. */
const CALM: Sentiment = { score: 0, label: 'not_negative', evidence: [], intensity: { score: 0, evidence: [] } };

/** An analysis without its event: the event is assigned once items are grouped. */
export type ItemAnalysis = Omit<AnalyzedItem, 'eventId'> & { eventKey: string };

/**
 * Reads one raw item: normalizes, segments, and makes each judgement with the words that
 * drove it. Pure and synchronous so the same item always gets the same analysis. Never
 * throws on odd text: empty, emoji-only or non-Chinese items get an empty analysis, and
 * quality() says why.
 */
/** An item's title and body as the analyzer reads them, each normalized on its own, and both as one text. */
export function readableText(item: Pick<RawItem, 'title' | 'text'>): { title: string; body: string; normText: string } {
  const title = normalizeText((item.title ?? '').slice(0, MAX_ANALYZED_CHARS));
  const body = normalizeText(item.text.slice(0, MAX_ANALYZED_CHARS));
  return { title, body, normText: [title, body].filter(Boolean).join('\n') };
}

/**
 * The words of a title and body as [...cutWords(title), '\n', ...cutWords(body)] (just the body's
 * without a title), and how many are the title's. One call to jieba for both: it cuts text
 * between line breaks on its own and gives each break as a token, so cutting them joined gives
 * the same words, and a second call cost as much as a tenth of the rest of the analysis.
 */
export function segment(title: string, body: string): { all: string[]; titleWords: number } {
  if (!title) return { all: cutWords(body), titleWords: 0 };
  const all = cutWords(`${title}\n${body}`);
  let titleWords = 0;
  let chars = 0;
  while (chars < title.length && titleWords < all.length) chars += all[titleWords++]!.length;
  if (chars === title.length && all[titleWords] === '\n') return { all, titleWords };
  // Never seen: should jieba ever join the break to a word, the title is cut apart as before.
  const titleTokens = cutWords(title);
  return { all: [...titleTokens, '\n', ...cutWords(body)], titleWords: titleTokens.length };
}

export class ItemAnalyzer {
  private readonly weightOf: Map<string, number>;
  private readonly judge: TopicJudge;
  private readonly model: TopicModel;
  private readonly negativity: NegativityModel;
  /** Both models' character n-grams, found in one pass over the text. */
  private readonly grams: GramIndex;
  private readonly intensity: IntensityScorer;
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
    this.weightOf = new Map(rules.risk.signals.map((s) => [s.code, s.weight]));
    this.model = rules.topicModel ?? TopicModel.load();
    const rulesWithWords = [...rules.topics, ...rules.risk.signals];
    this.keywords = new KeywordIndex([...rulesWithWords.flatMap((r) => r.keywords), ...TopicJudge.cueWords(rulesWithWords)]);
    this.judge = new TopicJudge(rules.topics, this.model, this.keywords);
    this.riskKeywords = rules.risk.signals.map((s) => this.keywords.list(s.keywords));
    this.riskCues = rules.risk.signals.map((s) => new CueList(this.keywords, s.cues ?? []));
    const lexicon = new NegativityScorer(rules.sentiment ?? readJson(DEFAULT_SENTIMENT_LEXICON, SentimentLexicon));
    this.negativity = rules.negativityModel ? new NegativityModel(rules.negativityModel, lexicon) : NegativityModel.load(lexicon);
    this.grams = new GramIndex({ topic: this.model.grams, negativity: this.negativity.grams });
    this.intensity = rules.intensity ? new IntensityScorer(rules.intensity) : IntensityScorer.load();
    this.words = new WordTable({
      vocabularyIndex: (w) => this.model.vocabularyIndex(w),
      sentiment: (w) => lexicon.describe(w),
      negativityFeatures: (w) => this.negativity.describeWord(w),
    });
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
    const { title, body, normText } = readableText(item);
    const readable = assessText(normText).status === 'ok';
    const { all, titleWords } = readable ? segment(title, body) : { all: [], titleWords: 0 };
    const ids = this.words.idsOf(all);
    const { tokens, tokenIds } = this.nonBlank(all, ids);
    const matcher = new KeywordMatcher(all, this.keywords);
    const bodyFrom = titleWords ? titleWords + 1 : 0;
    const grams = readable ? this.grams.scan(normText) : undefined;
    const topics = grams
      ? this.judge.judge({
          matcher,
          prediction: this.model.predictIds(this.words, ids.subarray(0, titleWords), ids.subarray(bodyFrom), grams.topic),
          operatorLabels: operatorLabels(item),
        })
      : [];
    const sentiment = grams ? this.sentiment(normText, all, ids, grams.negativity) : CALM;
    const signals = readable ? this.riskSignals(matcher, sentiment.intensity) : [];
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
        sentiment,
        risk: { score: signals.reduce((sum, s) => sum + (this.weightOf.get(s.code) ?? 0), 0), signals },
        places,
        departments,
        simhash: simhashOfIds(this.words, tokenIds, tokens.length),
        analyzerVersion: ANALYZER_VERSION,
        eventKey: dayEventKey(placeOf({ places, region: item.region }), item.publishedAt),
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

  /** Polarity from the negativity model and, apart from it, intensity: both with what drove them. */
  private sentiment(normText: string, tokens: readonly string[], ids: Int32Array, grams: Int32Array): Sentiment {
    const n = this.negativity.judgeIds(tokens, ids, this.words, grams);
    return {
      score: Math.round((1 - 2 * n.negativity) * 100) / 100,
      label: n.negative ? 'negative' : 'not_negative',
      evidence: n.evidence,
      intensity: this.intensity.score(normText),
    };
  }

  private riskSignals(matcher: KeywordMatcher, intensity: Intensity): RiskSignal[] {
    return this.rules.risk.signals
      .map((s, i) => {
        const words = [...this.riskCues[i]!.find(matcher), ...matcher.find(this.riskKeywords[i]!).map((h) => h.keyword)];
        const intense = s.minIntensity !== undefined && intensity.score >= s.minIntensity ? intensity.evidence : [];
        return { code: s.code, label: s.label, evidence: [...new Set([...words, ...intense])] };
      })
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
}
