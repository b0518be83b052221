import { VAGUE_WORDS as VAGUE } from '../../../shared/calendar/time-limits.ts';
import { toChinaIso } from '../../../shared/domain/time.ts';
import type { Commitment, ExtractOptions } from './commitment.ts';
import { findDuePhrases, type DuePhrase } from './due-phrases.ts';
import { findOwner } from './find-owner.ts';

export type { Commitment, CommitmentDue, ExtractOptions } from './commitment.ts';

/**
 * Future and undertaking markers. "现将…如下" and "已将" use 将 as 把, and 会 in 社会, 委员会,
 * 会议 … is a noun, so those do not count.
 */
const FUTURE =
  /(?<![已现即您你])将(?!来)|(?<![社委协机学工议省都开约年大聚晚例理])会(?![议同商签上场员所计谈])|(?<![工作原护度入])计划|预计|拟|承诺|限期|责令|下一步|今后|下阶段/g;
/** What the promise is to do. A clause without one of these promises nothing. */
const VERB =
  /完成|整改|答复|解决|落实|处理|办结|修复|清理|拆除|公开|回复|督促|协调|完工|竣工|通车|反馈|处置|维修|修缮|安装|实施|开工|调查|核查|核实|查处|改造|治理|到位|上报|告知|联系|硬化|疏通|更换|恢复|推进|开通|交付|办理|发放|补发|兑现|退还|支付|纠正|取缔|关停|查明|跟进|修建|铺设|搬迁|清运|增设|加装|督办/g;
const NEGATED = /(?:不|未|无法|没有|暂不|难以|不予|不得|无)$/;
/** Denials anywhere before the verb in its clause: "并没有承诺三年内一定解决". */
const DENIED = /没有|并未|不会|不能|无法|暂无|尚未/;
/** Requests to the citizen ("请您及时提供", "建议您将…反映"), not promises by the department. */
const REQUEST = /^(?:请|敬请|建议|欢迎|希望|如您|您可)/;
const PAST = /已|曾/g;

interface Clause {
  start: number;
  end: number;
}

/** Sentences (ended by 。！？； or a line break) and their clauses (split at ，：), as offsets into the text. */
function sentences(text: string): { start: number; end: number; clauses: Clause[] }[] {
  const out: { start: number; end: number; clauses: Clause[] }[] = [];
  for (const s of text.matchAll(/[^。！？!?；;\n]+[。！？!?；;]*/g)) {
    const clauses: Clause[] = [];
    for (const c of s[0].matchAll(/[^，,：:]+/g)) {
      const lead = c[0].length - c[0].trimStart().length;
      const body = c[0].trim().replace(/[。！？!?；;]+$/, '');
      if (body) clauses.push({ start: s.index + c.index + lead, end: s.index + c.index + lead + body.length });
    }
    if (clauses.length) out.push({ start: clauses[0]!.start, end: s.index + s[0].trimEnd().length, clauses });
  }
  return out;
}

const lastIndex = (re: RegExp, s: string): number => Math.max(-1, ...[...s.matchAll(re)].map((m) => m.index));

/**
 * The first promise verb in text[from, to) that is neither negated ("无法解决") nor told as done:
 * "已…整改" with no undertaking or time limit after the 已 is a report, not a promise.
 */
function promiseVerb(text: string, sentenceStart: number, from: number, to: number, dues: DuePhrase[]): RegExpExecArray | undefined {
  for (const v of text.slice(from, to).matchAll(VERB)) {
    const at = from + v.index;
    if (NEGATED.test(text.slice(Math.max(from, at - 2), at))) continue;
    const clauseStart = Math.max(from, ...['，', ',', '：', ':'].map((p) => text.lastIndexOf(p, at) + 1));
    if (DENIED.test(text.slice(clauseStart, at))) continue;
    const before = text.slice(sentenceStart, at);
    const past = lastIndex(PAST, before);
    const undertaking = Math.max(lastIndex(FUTURE, before), ...dues.filter((d) => d.index < at).map((d) => d.index - sentenceStart));
    if (past >= 0 && past > undertaking) continue;
    return Object.assign(v, { index: at });
  }
  return undefined;
}

/**
 * Commitments in an approved reply: clauses that promise an action (a promise verb) with a
 * time limit, a vague word or an undertaking marker (将, 计划, 限期 …). Limits are resolved
 * against opts.referenceDate — working days on the official calendar, unknown past its data.
 */
export function extractCommitments(text: string, opts: ExtractOptions): Commitment[] {
  const all = findDuePhrases(text, opts.referenceDate);
  // A limit already behind the reply ("已于2017年3月底…完成") tells history; it promises nothing.
  const today = toChinaIso(opts.referenceDate).slice(0, 10);
  const dues = all.filter((d) => d.due.kind !== 'date' || d.due.dueAt.slice(0, 10) >= today);
  const out: Commitment[] = [];
  for (const sentence of sentences(text)) {
    const { clauses } = sentence;
    for (let i = 0; i < clauses.length; i++) {
      const { start, end: firstEnd } = clauses[i]!;
      // "现将有关情况回复如下" introduces the reply; it promises nothing.
      const first = text.slice(start, firstEnd);
      if (first.includes('如下') || REQUEST.test(first) || !hasUndertaking(text, dues, start, firstEnd)) continue;
      // The verb may come a clause or two later: "我局将在3个工作日内，对该问题进行调查处理".
      for (let j = i; j < Math.min(clauses.length, i + 3); j++) {
        const verb = promiseVerb(text, sentence.start, clauses[i]!.start, clauses[j]!.end, dues);
        if (!verb) continue;
        const end = clauses[j]!.end;
        const span = text.slice(start, end);
        const due = all.find((d) => d.index >= start && d.index < end)?.due;
        const vagueWords = [...new Set(span.match(VAGUE) ?? [])];
        const owner = findOwner({
          before: text.slice(sentence.start, start),
          clause: text.slice(start, verb.index + verb[0].length),
          defaultOwner: opts.defaultOwner,
          knownDepartments: opts.knownDepartments,
        });
        out.push({
          span: { start, end, text: span },
          text: text.slice(sentence.start, sentence.end),
          ...(owner ? { owner } : {}),
          ...(due ? { due } : {}),
          vague: vagueWords.length > 0,
          vagueWords,
        });
        i = j;
        break;
      }
    }
  }
  return out;
}

/** Whether text[start, end) holds a time limit, a vague word or a real undertaking marker. */
function hasUndertaking(text: string, dues: DuePhrase[], start: number, end: number): boolean {
  const clause = text.slice(start, end);
  // search() ignores the global regexes' lastIndex.
  return dues.some((d) => d.index >= start && d.index < end) || clause.search(FUTURE) >= 0 || clause.search(VAGUE) >= 0;
}
