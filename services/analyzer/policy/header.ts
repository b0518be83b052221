import { numberIn } from '../../../shared/calendar/chinese-numbers.ts';

/** A 文号 standing alone on its line: 缙政办发〔2021〕25号, 浙政办发[2020]16号. A cited one sits inside a sentence. */
const DOC_NUMBER = /^[\p{Script=Han}]{1,15}\s*[〔[【（(]\s*\d{4}\s*[〕\]】）)]\s*第?\s*\d{1,4}\s*号$/u;
/** Anywhere in a line, for the head of a page that puts 文号 and date on one line. */
const DOC_NUMBER_AT_START = /^([\p{Script=Han}]{1,15}[〔[【（(]\d{4}[〕\]】）)]第?\d{1,4}号)\s/u;

/** A date line: the signature date (成文日期) or the 版记's 印发 date. */
const DATE_LINE = /^(?:(.{2,40}?)\s+)?(\d{4}|[〇零一二三四五六七八九]{4})年(\d{1,2}|[一二三四五六七八九十]{1,3})月(\d{1,2}|[一二三四五六七八九十]{1,3})日\s*(印发|发布|制发|签发)?$/;

/** A line that is only the name of a government body, as a signature is. */
const ORGAN = /^[\p{Script=Han}（）]{2,40}(人民政府|政府|办公室|办公厅|委员会|管委会|领导小组|指挥部|办事处|局|厅|部|委|办|中心)$/u;

const TITLE = /关于.{2,80}的(?:实施意见|指导意见|通知|意见|方案|要点|办法|规定|决定|批复|函|报告|通报|计划|细则|规划)$/;

/** How many lines from the top the document's own header may take. */
const HEAD_LINES = 12;

export interface DocumentHeader {
  docNumber?: string;
  issuer?: string;
  date?: string;
  title?: string;
}

const pad = (n: number): string => String(n).padStart(2, '0');

function isoDate(y: string, m: string, d: string): string | undefined {
  const [yy, mm, dd] = [numberIn(y), numberIn(m), numberIn(d)];
  if (yy === undefined || mm === undefined || dd === undefined) return undefined;
  const check = new Date(Date.UTC(yy, mm - 1, dd));
  if (check.getUTCMonth() !== mm - 1 || check.getUTCDate() !== dd) return undefined;
  return `${yy}-${pad(mm)}-${pad(dd)}`;
}

interface Signed {
  issuer?: string;
  date: string;
  printed: boolean;
}

/** Date lines with the body that signed them (the line before, or the same line in a 版记). */
function signatures(lines: string[]): Signed[] {
  const out: Signed[] = [];
  lines.forEach((line, i) => {
    const m = DATE_LINE.exec(line);
    if (!m) return;
    const date = isoDate(m[2]!, m[3]!, m[4]!);
    if (!date) return;
    const before = m[1] ?? lines.slice(0, i).reverse().find((l) => l !== '');
    out.push({ ...(before && ORGAN.test(before) ? { issuer: before } : {}), date, printed: m[5] !== undefined });
  });
  return out;
}

/**
 * 文号, 发布机关, date and title from the head and the signature of a document. The 成文日期
 * under the signature wins over the 版记's 印发 date; a heading "XX文件" names the issuer when no
 * signature does.
 */
export function readHeader(normText: string): DocumentHeader {
  const lines = normText.split('\n').map((l) => l.trim());
  const head = lines.filter((l) => l !== '').slice(0, HEAD_LINES);
  const docNumber = head.find((l) => DOC_NUMBER.test(l)) ?? head.map((l) => DOC_NUMBER_AT_START.exec(l)?.[1]).find(Boolean);
  const signed = signatures(lines);
  const chosen = signed.find((s) => !s.printed && s.issuer) ?? signed.find((s) => s.issuer) ?? signed.find((s) => !s.printed) ?? signed[0];
  const letterhead = head.find((l) => /^.{2,40}文件$/.test(l) && ORGAN.test(l.slice(0, -2)))?.slice(0, -2);
  const issuer = chosen?.issuer ?? signed.find((s) => s.issuer)?.issuer ?? letterhead;
  const title = head.find((l) => TITLE.test(l));
  return {
    ...(docNumber ? { docNumber: docNumber.replace(/\s+/g, '') } : {}),
    ...(issuer ? { issuer } : {}),
    ...(chosen ? { date: chosen.date } : {}),
    ...(title ? { title } : {}),
  };
}
