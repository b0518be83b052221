import { joinBrokenLines } from './text/line-breaks.ts';
import { isFurnitureLine, isSpamLine } from '../../shared/text/page-furniture.ts';
import { toSimplified } from '../../shared/text/to-simplified.ts';

const HAN = String.raw`\p{Script=Han}`;
/** Chinese punctuation, full-width forms and brackets: no space belongs next to them. */
const CJK_PUNCT = String.raw`\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\u201c\u201d\u2018\u2019\u2014\u2026`;

/** ASCII punctuation that NFKC produced (or a writer typed) next to Chinese, back to its Chinese form. */
const TO_FULL: Record<string, string> = { ',': '，', ';': '；', ':': '：', '?': '？', '!': '！', '(': '（', ')': '）' };
// The punctuation is matched first and its neighbours looked at after, rather than a look-behind
// tried at every character: the same matches, found five times faster.
const HAN_CONTEXT_PUNCT = new RegExp(`[,;:?!()](?:(?<=[${HAN}${CJK_PUNCT}].)|(?=[${HAN}${CJK_PUNCT}]))`, 'gu');
/** Two spaces and more, tabs and no-break spaces. */
const SPACES = /[ \t\u00a0]+/g;
/** A space with Chinese (or Chinese punctuation) on one side and Chinese or a digit on the other. */
const SPACE_IN_CHINESE = new RegExp(
  `(?<=[${HAN}${CJK_PUNCT}]) (?=[${HAN}${CJK_PUNCT}\\d])|(?<=[${HAN}${CJK_PUNCT}\\d]) (?=[${HAN}${CJK_PUNCT}])`,
  'gu',
);
/** Markdown **emphasis** whose delimiters stand at a line edge, a space or punctuation; masks like 张** stay. */
const EMPHASIS = /(?<=^|[\s\p{P}])\*\*(?=[^\s*])([^*\n]+?)(?<=[^\s*])\*\*(?=$|[\s\p{P}])/gmu;
/** Zero-width characters, soft hyphens and C0/C1 controls other than tab and newline. */
const INVISIBLE = /[\u200b-\u200f\u2060\ufeff\u00ad]|(?![\n\t])\p{Cc}/gu;
/** A lone UTF-16 surrogate (a broken emoji): replaced so every later step sees valid text. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Text as the analyzer reads it, in this order: broken surrogates and invisible characters
 * removed; full-width letters and digits folded (NFKC) while Chinese punctuation keeps its
 * Chinese form; Traditional → Simplified; markdown emphasis and page boilerplate removed; the
 * spaces PDF extraction leaves inside Chinese ("2021 年" → "2021年") removed; lines broken
 * mid-sentence joined while paragraphs stay apart.
 */
export function normalizeText(text: string): string {
  const folded = toSimplified(
    text
      .replace(LONE_SURROGATE, '\ufffd')
      .replace(/\r\n?|[\u2028\u2029\u0085]/g, '\n')
      .replace(INVISIBLE, '')
      .normalize('NFKC'),
  );
  const lines = toFullPunctuation(stripEmphasis(folded))
    .split('\n')
    .map((line) => line.replace(SPACES, ' ').trim())
    .filter((line) => !isFurnitureLine(line) && !isSpamLine(line))
    .map(removeSpacesInChinese);
  return joinBrokenLines(lines.join('\n')).trim();
}

// The look-around patterns below test every character; each first checks for the one character
// it needs, which most messages lack.

function stripEmphasis(text: string): string {
  return text.includes('**') ? text.replace(EMPHASIS, '$1') : text;
}

const ASCII_PUNCT = /[,;:?!()]/;

function toFullPunctuation(text: string): string {
  if (!ASCII_PUNCT.test(text)) return text;
  return (
    text
      .replace(HAN_CONTEXT_PUNCT, (p) => TO_FULL[p] ?? p)
      // Twice: in "/)," the bracket turns Chinese only once the comma after it has.
      .replace(HAN_CONTEXT_PUNCT, (p) => TO_FULL[p] ?? p)
  );
}

function removeSpacesInChinese(line: string): string {
  return line.includes(' ') ? line.replace(SPACE_IN_CHINESE, '') : line;
}
