/** Whether an item's text can be analyzed, and if not, why (shown to analysts, never dropped silently). */
export type TextQuality = { status: 'ok' } | { status: 'empty'; reason: string };

/** Past this many characters only the head is analyzed: a 1 MB paste is not a message. */
export const MAX_ANALYZED_CHARS = 100_000;

const HAN = /\p{Script=Han}/u;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

export function assessText(normText: string): TextQuality {
  if (normText.trim() === '') return { status: 'empty', reason: '文本为空' };
  if (!LETTER_OR_DIGIT.test(normText)) return { status: 'empty', reason: '只有表情或标点，没有文字' };
  if (!HAN.test(normText)) return { status: 'empty', reason: '不含中文，未作中文分析' };
  return { status: 'ok' };
}
