import * as OpenCC from 'opencc-js';

// Character tables only: the Taiwan phrase table would also rewrite Simplified words (文件 → 文档).
// The Taiwan tables cover Hong Kong forms as well (綫 → 线).
const convert = OpenCC.Converter({ from: 'tw', to: 'cn' });

/**
 * Characters that are correct Simplified Chinese yet which the Traditional tables rewrite
 * (什么 → 什幺, 显著 → 显着). Found by converting the Simplified citizen messages.
 */
const VALID_SIMPLIFIED = new Set(['么', '著']);

/** Above this share of changed Han characters a text is taken as written in Traditional. */
const TRADITIONAL_SHARE = 0.05;

const HAN = /\p{Script=Han}/gu;

/**
 * Every character the tables would change, found once at start by converting the Han blocks:
 * most texts are Simplified already, and a scan for these is far cheaper than converting. Kept
 * as a bit per UTF-16 code unit (the blocks lie in the BMP), so the scan makes no strings and its
 * 8 KB table stays in cache between items.
 */
const CONVERTIBLE: Int32Array = (() => {
  const chars: string[] = [];
  for (const [from, to] of [
    [0x3400, 0x4dbf],
    [0x4e00, 0x9fff],
    [0xf900, 0xfaff],
  ] as const) {
    for (let cp = from; cp <= to; cp++) chars.push(String.fromCodePoint(cp));
  }
  // One character per line, so a character that converts to a different length stays aligned.
  const out = convert(chars.join('\n')).split('\n');
  if (out.length !== chars.length) throw new Error('opencc changed the line count while listing convertible characters');
  const bits = new Int32Array(0x10000 >>> 5);
  chars.forEach((c, i) => {
    const unit = c.charCodeAt(0);
    if (out[i] !== c && !VALID_SIMPLIFIED.has(c)) bits[unit >>> 5]! |= 1 << (unit & 31);
  });
  return bits;
})();

function hasConvertible(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (((CONVERTIBLE[unit >>> 5]! >>> (unit & 31)) & 1) !== 0) return true;
  }
  return false;
}

/**
 * Traditional → Simplified. A Simplified text with a stray Traditional character (長期) gets
 * that character fixed, but keeps the characters both scripts share in Simplified use.
 */
export function toSimplified(text: string): string {
  if (!hasConvertible(text)) return text;
  const out = convert(text);
  if (out === text || out.length !== text.length) return out;
  // Only characters outside the shared set tell a Traditional text from a Simplified one.
  let changed = 0;
  for (let i = 0; i < text.length; i++) if (text[i] !== out[i] && !VALID_SIMPLIFIED.has(text[i]!)) changed++;
  const han = text.match(HAN)?.length ?? 1;
  if (changed / han > TRADITIONAL_SHARE) return out;
  let kept = '';
  for (let i = 0; i < text.length; i++) kept += VALID_SIMPLIFIED.has(text[i]!) ? text[i] : out[i];
  return kept;
}
