import chineseDays from 'chinese-days';

/** Festivals that a reply may set a limit by, with how each falls in a given solar year (YYYY-MM-DD). */
const FESTIVALS: Record<string, (year: number) => string> = {
  元旦: (y) => `${y}-01-01`,
  劳动节: (y) => `${y}-05-01`,
  国庆: (y) => `${y}-10-01`,
  // Lunar festivals of lunar year y fall in solar year y; chinese-days converts from its lunar tables (1900–2100).
  春节: (y) => chineseDays.getSolarDateFromLunar(`${y}-01-01`).date,
  元宵: (y) => chineseDays.getSolarDateFromLunar(`${y}-01-15`).date,
  端午: (y) => chineseDays.getSolarDateFromLunar(`${y}-05-05`).date,
  中秋: (y) => chineseDays.getSolarDateFromLunar(`${y}-08-15`).date,
  清明: (y) => chineseDays.getSolarTermDate(y, 4, 'pure_brightness'),
};

const ALIASES: Record<string, string> = { 五一: '劳动节', 国庆节: '国庆', 元宵节: '元宵', 端午节: '端午', 中秋节: '中秋', 清明节: '清明' };

/** The festival names time limits are set by, as a regex alternation (longest first). */
export const FESTIVAL_NAMES = [...Object.keys(ALIASES), ...Object.keys(FESTIVALS)].sort((a, b) => b.length - a.length).join('|');

/** The next day (after `today`, YYYY-MM-DD) on which the festival falls, or undefined outside the lunar tables. */
export function nextFestival(name: string, today: string): string | undefined {
  const festival = FESTIVALS[ALIASES[name] ?? name];
  if (!festival) return undefined;
  const year = Number(today.slice(0, 4));
  for (const y of [year, year + 1]) {
    if (y > 2100) return undefined;
    const date = festival(y);
    if (date > today) return date;
  }
  return undefined;
}
