import { cutWords } from '../../../shared/text/segmenter.ts';
import { normalizeText } from '../normalize.ts';

/** Words that say nothing about a topic: letters of greeting and request common to every message. */
const STOPWORDS = new Set(
  '的 了 是 在 我 我们 你 你们 他 他们 她 它 这 那 这个 那个 有 和 与 及 或 也 都 就 还 又 而 但 但是 并 被 把 对 为 为了 从 到 向 给 让 因为 所以 如果 如何 什么 怎么 怎么办 哪里 请问 请 您好 你好 尊敬 尊敬的 领导 谢谢 感谢 希望 能 能够 可以 是否 已经 一个 一直 没有 不 没 现在 目前 问题 情况 相关 进行 反映 要求 关于 一下 以及 等 其 之 此 该 其他 这些 那些 这样 那样 自己 大家 年 月 日 号 时 个 上 下 中 里 后 前'.split(' '),
);

/** Anonymised place names of the message board (A市, A3区, K8县) and pure numbers carry no topic. */
const NOISE = /^([A-Z]\d*[市区县镇乡村]?|\d+([.．]\d+)?|[\p{P}\p{S}\s]+|.)$/u;

/** Whether the topic model counts a word. */
export const isFeatureWord = (w: string) => !STOPWORDS.has(w) && !NOISE.test(w);

/** The words the topic model counts, from already segmented title and text; the title counts twice, it names the matter. */
export function featuresFromTokens(titleTokens: readonly string[], textTokens: readonly string[]): string[] {
  const t = titleTokens.filter(isFeatureWord);
  return [...t, ...t, ...textTokens.filter(isFeatureWord)];
}

/** The words of a raw message as the topic model counts them (training and evaluation). */
export function topicFeatures(title: string | undefined, text: string): string[] {
  return featuresFromTokens(title ? cutWords(normalizeText(title)) : [], cutWords(normalizeText(text)));
}
