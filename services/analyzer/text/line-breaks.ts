/** Where a line ends a sentence or a clause list, a break after it is a real paragraph break. */
const ENDS_SENTENCE = /[。！？；：!?;:）)」』”’】〕…]$/;
/** Numbered headings and task items start a new paragraph: 一、 （一） (1) 1. 1、 第一条. */
const STARTS_HEADING = /^([一二三四五六七八九十百]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[.、．]\s*|第[一二三四五六七八九十百]+[条章节])/;
/** A line of running prose has a comma, enumeration comma or full stop in it. */
const PROSE = /[，、。；,;]/;

function isHeading(line: string): boolean {
  return STARTS_HEADING.test(line) && !/[。；]/.test(line);
}

/**
 * Joins lines that a PDF page or a hard wrap broke in the middle of a sentence
 * ("……以专栏方式，全\n\n面展示……"), also across the blank line a page break leaves, while
 * titles, headings, signatures and dates keep their own lines. A break is mid-sentence when
 * the line before is prose that stops without closing punctuation and the next line is not a
 * heading.
 */
export function joinBrokenLines(text: string): string {
  const lines = text.split('\n');
  const out: string[] = [];
  let blanks = 0;
  for (const line of lines) {
    if (line === '') {
      blanks++;
      continue;
    }
    const prev = out[out.length - 1];
    const broken =
      prev !== undefined &&
      !ENDS_SENTENCE.test(prev) &&
      (PROSE.test(prev) || blanks === 0 && prev.length >= 20) &&
      !isHeading(prev) &&
      !STARTS_HEADING.test(line) &&
      /^[\p{Script=Han}\d“《（(]/u.test(line);
    if (broken) {
      out[out.length - 1] = prev + line;
    } else {
      if (blanks > 0 && out.length > 0) out.push('');
      out.push(line);
    }
    blanks = 0;
  }
  return out.join('\n');
}
