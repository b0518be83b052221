import { cutWords } from '../../../shared/text/segmenter.ts';
import { normalizeText } from '../normalize.ts';

/** Words that say nothing about a topic: letters of greeting and request common to every message. */
const STOPWORDS = new Set(
  '的 了 是 在 我 我们 你 你们 他 他们 她 它 这 那 这个 那个 有 和 与 及 或 也 都 就 还 又 而 但 但是 并 被 把 对 为 为了 从 到 向 给 让 因为 所以 如果 如何 什么 怎么 怎么办 哪里 请问 请 您好 你好 尊敬 尊敬的 领导 谢谢 感谢 希望 能 能够 可以 是否 已经 一个 一直 没有 不 没 现在 目前 问题 情况 相关 进行 反映 要求 关于 一下 以及 等 其 之 此 该 其他 这些 那些 这样 那样 自己 大家 年 月 日 号 时 个 上 下 中 里 后 前'.split(' '),
);

/** Anonymised place names of the message board (A市, A3区, K8县) and pure numbers carry no topic. */
const NOISE = /^([A-Z]\d*[市区县镇乡村]?|\d+([.．]\d+)?|[\p{P}\p{S}\s]+|.)$/u;

/** Whether the topic model counts a word (a gram feature is not a word). */
export const isFeatureWord = (w: string) => !STOPWORDS.has(w) && !NOISE.test(w) && !w.startsWith('#');

/** The words the topic model counts, from already segmented title and text; the title counts twice, it names the matter. */
export function featuresFromTokens(titleTokens: readonly string[], textTokens: readonly string[]): string[] {
  const t = titleTokens.filter(isFeatureWord);
  return [...t, ...t, ...textTokens.filter(isFeatureWord)];
}

/**
 * Character bigrams count beside the words: they catch what segmentation splits or misses (污水
 * inside 排污水管, a typo, an unknown place name). Bigrams alone, because in 5-fold
 * cross-validation on the training part they scored within 0.01 of 1–2- and 1–3-grams
 * (macro-F1 0.879, 0.887, 0.882; noise at this size) at a third of the lookups, which the
 * analyzer's speed needs. A gram feature is its characters after this mark, which no counted
 * word starts with.
 */
export const GRAM_MARK = '#';
export const GRAM_LENGTH = 2;

/** The characters the grams are read from: the normalized title and text, whitespace removed. */
export const gramSource = (normTitle: string, normText: string) => `${normTitle}${normText}`.replace(/\s+/g, '');

/** The character bigrams of a gram source, marked. */
export function gramFeatures(source: string): string[] {
  const grams: string[] = [];
  for (let i = 0; i + GRAM_LENGTH <= source.length; i++) grams.push(GRAM_MARK + source.slice(i, i + GRAM_LENGTH));
  return grams;
}

/** The features of a raw message as the topic model counts them (training and evaluation): words, then grams. */
export function topicFeatures(title: string | undefined, text: string): string[] {
  const normTitle = title ? normalizeText(title) : '';
  const normText = normalizeText(text);
  return [...featuresFromTokens(normTitle ? cutWords(normTitle) : [], cutWords(normText)), ...gramFeatures(gramSource(normTitle, normText))];
}
