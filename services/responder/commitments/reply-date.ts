import { numberIn } from '../../../shared/calendar/chinese-numbers.ts';
import { endOfDay } from '../../../shared/calendar/calendar-dates.ts';

const DAY_MS = 86_400_000;
/** A reply signed this far from when it was published is a typo (a wrong year), not its date. */
const PLAUSIBLE_DAYS = 200;
const NUM = '(\\d{1,4}|[〇零一二三四五六七八九十]{1,4})';
/** A date closing the text: "2019年4月29日", "二〇一九年四月二十九日", "2018/12/25", "2018-12-25", "2018.12.25". */
const SIGNATURE = new RegExp(`${NUM}\\s*[年/.-]\\s*${NUM}\\s*[月/.-]\\s*${NUM}\\s*日?[\\s。.）)]*$`);

/**
 * The date a reply signs itself with at its end (YYYY-MM-DD) and where it stands, when it is plausible for a reply
 * published on `publishedDay`: it is the day its author wrote "本月底" or "今年". When several
 * signed parts are joined, the last one closes the text.
 */
export function signedDate(text: string, publishedDay: string): { date: string; index: number } | undefined {
  const m = SIGNATURE.exec(text.trimEnd());
  if (!m) return undefined;
  const [y, mo, d] = [m[1]!, m[2]!, m[3]!].map((s) => numberIn(s));
  if (y === undefined || mo === undefined || d === undefined || y < 1990 || !endOfDay(y, mo, d)) return undefined;
  const iso = `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  const gap = Math.abs(Date.parse(`${iso}T00:00:00Z`) - Date.parse(`${publishedDay}T00:00:00Z`)) / DAY_MS;
  return gap <= PLAUSIBLE_DAYS ? { date: iso, index: m.index } : undefined;
}
