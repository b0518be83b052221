const DIGIT: Record<string, number> = { 〇: 0, 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** A Chinese numeral below 100 (七, 十二, 二十五, 两) as a number; undefined when it is not one. */
export function chineseNumber(text: string): number | undefined {
  const m = /^([一二两三四五六七八九]?)(十?)([一二三四五六七八九]?)$/.exec(text);
  if (!m || text === '') return undefined;
  const [, tens = '', ten = '', ones = ''] = m;
  if (!ten) return tens && !ones ? DIGIT[tens] : undefined;
  return (tens ? DIGIT[tens]! : 1) * 10 + (ones ? DIGIT[ones]! : 0);
}

/** A year written digit by digit in Chinese (二〇二一, 二零二一) as a number. */
export function chineseYear(text: string): number | undefined {
  if (!/^[〇零一二三四五六七八九]{4}$/.test(text)) return undefined;
  return Number([...text].map((c) => DIGIT[c]).join(''));
}

/** A count, month, day or year written in ASCII digits, as a Chinese numeral or digit by digit in Chinese. */
export function numberIn(text: string): number | undefined {
  return /^\d+$/.test(text) ? Number(text) : (chineseYear(text) ?? chineseNumber(text));
}
