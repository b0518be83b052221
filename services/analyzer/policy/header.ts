import { numberIn } from '../../../shared/calendar/chinese-numbers.ts';
import { statedDate } from '../../../shared/calendar/labelled-date.ts';

/** A 文号 standing alone on its line: 缙政办发〔2021〕25号, 浙政办发[2020]16号. A cited one sits inside a sentence. */
const DOC_NUMBER = /^[\p{Script=Han}]{1,15}\s*[〔[【（(]\s*\d{4}\s*[〕\]】）)]\s*第?\s*\d{1,4}\s*号$/u;
/** Anywhere in a line, for the head of a page that puts 文号 and date on one line. */
const DOC_NUMBER_AT_START = /^([\p{Script=Han}]{1,15}[〔[【（(]\d{4}[〕\]】）)]第?\d{1,4}号)\s/u;

/** A date line: the signature date (成文日期) or the 版记's 印发 date. */
const DATE_LINE = /^(?:(.{2,40}?)\s+)?(\d{4}|[〇零一二三四五六七八九]{4})年(\d{1,2}|[一二三四五六七八九十]{1,3})月(\d{1,2}|[一二三四五六七八九十]{1,3})日\s*(印发|发布|制发|签发)?$/;

/** A line that is only the name of a government body, as a signature is. */
const ORGAN = /^[\p{Script=Han}（）]{2,40}(人民政府|政府|办公室|办公厅|委员会|管委会|领导小组|指挥部|办事处|局|厅|部|委|办|中心)$/u;

/**
 * Where a second body's name starts inside a run of names whose spaces normalization removed
 * (中共丽水市委办公室丽水市人民政府办公室): a party or state prefix, or a place name, and not the
 * rest of the first body's name (办公室, 委员会 …).
 */
const BODY_START = /^(?:中共|中国|共青团|国家|国务院|全国|[\p{Script=Han}]{2,8}?(?:省|市|县|区|州|旗|盟))/u;
const NAME_TAIL = /^(?:人民政府|政府|办公室|办公厅|委员会|领导小组|指挥部|办事处|管委会|局|厅|部|委|办|中心)/;
const MIN_BODY = 4;

/** The bodies a line names: one, several apart (space, 、) or run together; undefined if not only bodies. */
function bodiesOf(line: string): string[] | undefined {
  const parts = line.split(/[\s、]+/).filter(Boolean);
  if (parts.length === 0 || !parts.every((p) => ORGAN.test(p))) return undefined;
  return parts.flatMap(splitRun);
}

/** A first name that ends at `i` and not inside a longer ending (中共丽水市委办|公室 is no split). */
const endsAt = (run: string, i: number): boolean => ORGAN.test(run.slice(0, i)) && !ORGAN.test(run.slice(0, i + 1)) && !ORGAN.test(run.slice(0, i + 2));

function splitRun(run: string): string[] {
  for (let i = MIN_BODY; i <= run.length - MIN_BODY - 1; i++) {
    const rest = run.slice(i);
    if (endsAt(run, i) && ORGAN.test(rest) && BODY_START.test(rest) && !NAME_TAIL.test(rest)) return [run.slice(0, i), ...splitRun(rest)];
  }
  return [run];
}

const TITLE = /关于.{2,80}的(?:实施意见|指导意见|通知|意见|方案|要点|办法|规定|决定|批复|函|报告|通报|计划|细则|规划)$/;

/** How many lines from the top the document's own header may take. */
const HEAD_LINES = 12;

export interface DocumentHeader {
  docNumber?: string;
  /** 发布机关: one, or the bodies of a joint document in their order. */
  issuers?: string[];
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
  issuers?: string[];
  date: string;
  printed: boolean;
}

/** How many lines of names a joint signature may stack above its date. */
const MAX_SIGNATURE_LINES = 4;

/** The bodies signing above line `i`: the lines of names right before it, in order. */
function signersAbove(lines: string[], i: number): string[] {
  const names: string[][] = [];
  for (let j = i - 1; j >= 0 && names.length < MAX_SIGNATURE_LINES; j--) {
    if (lines[j] === '') continue;
    const bodies = bodiesOf(lines[j]!);
    if (!bodies) break;
    names.unshift(bodies);
  }
  return names.flat();
}

/** Date lines with the bodies that signed them (the lines before, or the same line in a 版记). */
function signatures(lines: string[]): Signed[] {
  const out: Signed[] = [];
  lines.forEach((line, i) => {
    const m = DATE_LINE.exec(line);
    if (!m) return;
    const date = isoDate(m[2]!, m[3]!, m[4]!);
    if (!date) return;
    const issuers = m[1] !== undefined ? (bodiesOf(m[1]) ?? []) : signersAbove(lines, i);
    out.push({ ...(issuers.length ? { issuers } : {}), date, printed: m[5] !== undefined });
  });
  return out;
}

/** The bodies before 关于 in a title: "中共丽水市委办公室 丽水市人民政府办公室关于印发……的通知". */
function titleIssuers(title: string | undefined): string[] {
  const before = title?.split('关于')[0] ?? '';
  return (before && bodiesOf(before)) || [];
}

/**
 * 文号, 发布机关, date and title from the head and the signature of a document. The 成文日期
 * under the signature wins over the 版记's 印发 date, and a 成文日期 line in the head comes next.
 * The signature, the "XX文件" letterhead and the title's "XX关于" each may name the issuers; the
 * one that names most wins, so a joint document keeps every body even where a layout lost one.
 */
export function readHeader(normText: string): DocumentHeader {
  const lines = normText.split('\n').map((l) => l.trim());
  const head = lines.filter((l) => l !== '').slice(0, HEAD_LINES);
  const docNumber = head.find((l) => DOC_NUMBER.test(l)) ?? head.map((l) => DOC_NUMBER_AT_START.exec(l)?.[1]).find(Boolean);
  const signed = signatures(lines);
  const chosen = signed.find((s) => !s.printed && s.issuers) ?? signed.find((s) => s.issuers) ?? signed.find((s) => !s.printed) ?? signed[0];
  const letterheadLine = head.find((l) => /^.{2,80}文件$/.test(l) && bodiesOf(l.slice(0, -2)));
  const letterhead = letterheadLine ? bodiesOf(letterheadLine.slice(0, -2))! : [];
  const title = head.find((l) => TITLE.test(l));
  const signers = chosen?.issuers ?? signed.find((s) => s.issuers)?.issuers ?? [];
  const issuers = [signers, letterhead, titleIssuers(title)].reduce((most, names) => (names.length > most.length ? names : most));
  const date = chosen?.date ?? statedDate(head.join('\n'), 'written')?.date;
  return {
    ...(docNumber ? { docNumber: docNumber.replace(/\s+/g, '') } : {}),
    ...(issuers.length ? { issuers } : {}),
    ...(date ? { date } : {}),
    ...(title ? { title } : {}),
  };
}
