import { VAGUE_WORDS } from '../../../shared/calendar/time-limits.ts';
import { chinaDate } from '../../../shared/calendar/working-days.ts';
import type { Commitment, ExtractOptions } from './commitment.ts';
import { findDuePhrases, type DuePhrase } from './due-phrases.ts';
import { findOwner, findPromiser } from './find-owner.ts';
import { appendedDocuments, holdsDocumentTitle, isRuleSentence, opensDocument, OWN_VOICE_WORDS, quotedRanges } from './policy-text.ts';
import { signedDate } from './reply-date.ts';

export type { Commitment, CommitmentDue, ExtractOptions } from './commitment.ts';

/*
 * A commitment is a clause that undertakes something still to come. It is read in three steps:
 * 1. an undertaking marker: a future word (将 as "will", modal 会, 拟, 计划, 预计, 争取 …), a
 *    scheduling adverb whose scope is the sentence or an announced list of measures (下一步,
 *    今后, "采取如下措施：一是…"), an urgency word (尽快, 及时, 立即, 限期 …) or a time limit
 *    not yet past at the reply's own date;
 * 2. something undertaken after the marker: any predicate, not a list of verbs, minus the
 *    kinds of clause that promise nothing (goodwill, "will study your suggestion", predicted
 *    effects, the citizen's own rights and procedures, the citizen's letter quoted, policy text);
 * 3. not told as history: 已/曾/了 before the marker, a past time lead ("5月3日，", "接到…后"),
 *    or a date already behind the reply.
 * Who promises is read from the words before the marker (find-owner.ts).
 */

/** Future markers that carry an undertaking by themselves. 将 and 会 are checked apart (willJiang, modalHui). */
const STRONG =
  /拟(?![定稿写人])|(?<![原工作年度建设规划项目发展的已按约动是])计划(?!生育|经济|内|外|书|确|也|已|比较|为|是|的|请|[，。、；]|$)|预计|预期|有望|争取|力争|承诺(?![书的])|答应|同意(?=[^，。]{0,4}(?:于|在|将|尽快|立即|马上|及时|近期|限期|\d))|即将|将要|正准备|准备(?!了|工作)|(?<![已原])定于|下一步|下步|今后|后续|后期|下阶段|接下来|日后|以后|届时|待[^，。；]{1,30}?(?:后|时)/g;
/** Aims ("…，确保…"): they carry on a promise, and start one only with a time limit of their own. */
const AIM = /(?<!为)(?:确保|力求)/g;
/** Predictions and explanations with 会/将 ("充气后的重量也会有所不同", "势必会加大…"): about things, not undertakings. */
const PREDICTION_BEFORE = /(?:势必|可能|也许|难免|或|自然|必然|才)$/;
/** Consequences: "改造将对…交通造成影响". */
const CONSEQUENCE = /造成[^，。]{0,6}影响|带来[^，。]{0,8}(?:影响|不便|困难|风险|隐患|压力)|(?:给|对)[^，。]{1,20}(?:带来|造成)/;
/** Denials before the undertaking: "并没有承诺三年内一定解决". */
const DENIED = /没有|并未|未能|未曾|不会|不能|无法|暂无|尚未|不予|不再/;
/** A state, not an action: "年底前天气较冷". */
const STATE = /较|比较|很|非常|十分|特别/;
/** A purpose or cause before the marker ("用于及时提醒…", "因近期持续雨天"): why, not a promise. */
const PURPOSE = /用于|以便|为了|以期|(?<!原)因(?!此)|由于/;
const PREDICTION_AFTER = /^(?:会|将)?(?:有所|不同(?!意)|更|越来越|出现|产生|造成|导致|影响|带来|增加|减少|降低|下降|上升|变|较|比较|逐渐|面临|存在|受到|发生|有)/;
/** Duties described by a rule ("应当及时终止妊娠", "须…"), not undertakings of this reply. */
const DUTY = /应当|应该|(?<![反相答供适效对呼照顺理])应(?![用急届聘对有])|务必|必须|(?<![急所无])须|(?<![急所无必])需要?(?!求)|(?<![需主重只想还])要(?![求素点])/;
/** A deadline word in the phrase itself ("前", "内", "底"): a time limit by itself, unlike a bare "2018年". */
const LIMIT_WORD = /前|内|底|末|为止|旬|份|初/;
/** A time limit or a year, as opposed to a bare day that dates an event ("5月3日，"). */
const LIMIT_OR_YEAR = /前|内|底|末|为止|旬|份|初|年$|季度?$/;
/** The reply's introduction: "现将有关情况回复如下" and what the replier did before writing it. */
const INTRO = /(?:回复|答复|汇报|说明|报告|告知|函复|回应)(?:如下|于下|以下)/;
/** Urgency words: an undertaking when the clause is not told as history. */
const URGENT = /尽快|尽早|近期|适时|抓紧|及时|择机|择期|早日|逐步|立即|马上|立刻|加快|第一时间|限期/g;
/** Open-ended efforts and scheduling adverbs: promises without a checkable limit (GUIDE §5 "vague"). */
const OPEN_ENDED = /下一步|下步|今后|后续|后期|下阶段|以后|日后|未来|即将|正准备|随之|积极|尽可能|有序|加强|加大|继续|进一步|持续|定期|长期|密切关注|跟踪|跟进|待[^，。；]{1,30}?(?:后|时)/g;
/** Adverbs that open a sentence and carry its clauses into the future. */
const SCOPE = /^(?:下一步|下步|今后|后续|后期|下阶段|接下来|日后|以后|此后|近期|在今后的工作中|在下阶段)/;
/** Items of an enumerated list of measures. */
const ITEM = /^(?:[一二三四五六七八九十]是|[（(][一二三四五六七八九十\d]{1,2}[)）]|\d{1,2}[、.．]|[一二三四五六七八九十]{1,2}、|第[一二三四五六七八九十]{1,2}[，、,是]?|其[一二三四五六七八九十]|首先|其次|再次|最后)/;
/** A header announcing such a list. */
const LIST_HEADER = /如下|以下|几点|几个方面|措施/;

/** A rule or system as the subject ("整合后的城乡居民医保将实施统一的制度"): how a policy works, not what a unit undertakes. */
const RULE_SUBJECT = /(?:制度|政策|系统|医保|办法|标准|规定|条例|文件)$/;

/** Told as history: done or past aspect before the marker. */
const PAST = /已|曾|早已|业已|了(?!解|结|却)|过(?=了)|原计划|原定|当时|当即|随即/;
/** Sentence openings that tell what happened: "5月3日，", "接到您的反映后，", "经调查，", "近日". */
const PAST_LEAD =
  /^(?:(?:\d{4}年)?\d{1,2}月\d{1,2}[日号]|(?:接到|收到|得知|获悉|接获)[^，。]{0,30}(?:后|时|当天|当日)|近日|日前|当天|当日|随后|随即|后来|去年|前年|往年|经(?:调查|核查|核实|了解|查|现场|走访)|此前|之前|前期|在此过程中|[^，。]{0,10}以来)/;
/** Instructions, given now or already, which count when they carry a limit or urgency (GUIDE §1). */
const INSTRUCTED = /(?:责成|责令|要求|督促|交办|指派|下达)[^，。；]*(?:尽快|尽早|抓紧|及时|立即|马上|立刻|加快|限期)/;
/** Present instructions to keep up an effort ("要求物业公司加强巡查") count only outside history. */
const INSTRUCTED_EFFORT = /(?:责成|责令|要求|督促)[^，。；]*(?:进一步|加强|加大)/;
/** The citizen's own rights, duties and procedures, and requests to the citizen. */
const CITIZEN =
  /^(?:(?:并|同时|另|也|还)?(?:请|敬请|烦请|恳请|建议)|欢迎|希望|如您|若您|如你|若你|如有疑问|如有异议|如有需要|如需|如对|可|也可|亦可|还可|可以|届时可)|(?:您|你|申请人|市民|群众|家长|居民|参保人员?|患者|当事人)(?:[^，。；]{0,12}时)?(?:也|还)?(?:可|可以|需(?!求)|须|应|要|务必|需要)|可(?:以)?(?:及时|直接|随时)?(?:自|于|在|向|到|拨打|致电|通过|持|携带|登录|前往|申请|咨询|依法|提起|选择|关注|举报|投诉)|申请(?:行政)?(?:复查|复议|复核)|提起(?:行政)?诉讼/;
/** Goodwill and "will study your suggestion": nothing anyone can check (GUIDE §2). */
const BOILERPLATE =
  /感谢|谢谢|欢迎|一如既往|高度重视|热忱|竭诚|竭尽所能|关心|理解和支持|(?:认真|充分|进一步)?(?:研究|考虑|参考|借鉴|吸纳|采纳)(?:您|你|网友)?的?(?:建议|意见)?$|^(?:认真|充分|酌情)?(?:研究|考虑|参考|借鉴)|予以(?:充分)?考虑|为您(?:做好|提供)?[^，。]{0,6}服务|拥护|(?:收集|记录|汇总)[^，。]{0,6}(?:建议|意见)|研究(?:和|并|、)?论证|一并考虑|(?:详细|耐心)(?:的|地)?(?:解答|解释|讲解)|答疑/;
/**
 * After the marker, no action: a condition ("今后再有类似问题"), an estimate ("预计经费2万元") or where
 * something planned stands ("拟建生鲜超市位于…").
 */
const NOT_AN_ACTION = /^(?:再|如|若|如果|一旦)(?:有|遇到|出现|发生)|^(?:针对|关于|对于)[^，。；]*(?:问题|情况|事项)$|^[^，。；]{0,8}?[\d.]+(?:万|亿)?元$|位于|坐落/;
/** Standing procedure for anyone who qualifies ("只要农户符合条件，我行将…授信"), not an undertaking in this case. */
const STANDING = /只要/;
/** Predicted effects of a project: what it will bring, not what anyone undertakes (GUIDE §2). */
const EFFECT = /成为|一举|极大|大大|彻底改变|(?:建成|完工|竣工|通车|投入使用|实施|开通|运营)后/;
/** Quoted policy and law: "根据《…》规定", articles "第十二条". */
const POLICY = /^第[一二三四五六七八九十百\d]+条|^(?:根据|依据|按照|按|依)(?:《|[^，。]{0,20}(?:政策|文件|规定|办法|条例|标准|法))|(?:根据|依据|按照)《[^》]+》[^，。]*规定/;
/** Reported speech of the citizen: "您反映：", "网友称" — not "您反映的问题" (a topic). */
const REPORTED = /(?:您|你|网友|来信人|留言人|留言|来信)[^，。；]{0,15}?(?:反映|称|提出|提到|询问|咨询|表示|认为|说|留言)(?!的)/;
/** A clause back in the reply's own voice after reported speech. */
const OWN_VOICE = /^(?:我|经|对此|针对|现|为此|目前|根据|按照|依据|关于|您好)/;
/** A clause set at the time of the promise before it. */
const AT_THAT_TIME = /^届时/;
/** Clauses that do not continue the promise before them: conditions, contrasts, new topics. */
const NOT_CONTINUATION = /^(?:如|若|如果|一旦|只要|待|因|由于|但|但是|然而|而|目前|现在|经|该|此|这|您|你|请|其中|根据|按照|同时|另外|此外)/;

interface Clause {
  start: number;
  end: number;
  text: string;
}

/** Sentences (ended by 。！？；or a line break) and their clauses (split at ，：), as offsets into the text. */
function sentences(text: string): { clauses: Clause[]; end: number }[] {
  const out: { clauses: Clause[]; end: number }[] = [];
  for (const s of text.matchAll(/[^。！？!?；;\n]+[。！？!?；;]*/g)) {
    const clauses: Clause[] = [];
    for (const c of s[0].matchAll(/[^，,：:]+[：:]?/g)) {
      const lead = c[0].length - c[0].trimStart().length;
      const body = c[0].trim().replace(/[。！？!?；;]+$/, '');
      const start = s.index + c.index + lead;
      if (body.replace(/[：:]$/, '')) clauses.push({ start, end: start + body.replace(/[：:]$/, '').length, text: body });
    }
    if (clauses.length) out.push({ clauses, end: s.index + s[0].trimEnd().length });
  }
  return out;
}

/** 将 meaning "will", not 把 ("现将…答复如下", "已将您的问题转交", "将…进行了补充") nor part of a word (将近, 将军). */
function willJiang(clause: string, at: number, otherwiseFuture: boolean): boolean {
  const before = clause[at - 1] ?? '';
  const after = clause.slice(at + 1);
  // "责令相关负责人将堆物清走": the instructed party's 把, an instruction rather than a promise.
  if (INSTRUCTS_BEFORE.test(clause.slice(0, at))) return false;
  // "发现有三家饭店将锅灶放在店外": what was found, not what will be done ("一经发现…将…" is a condition).
  if (/(?<!一经|如|若|凡|再|如果|一旦)(?:发现|看到|查见|存在)/.test(clause.slice(0, at))) return false;
  if ((before !== '' && '已现特故乃遂有→'.includes(before)) || /^(?:近|军|领|士|来|就)/.test(after) || ASPECT.test(after)) return false;
  if (PREDICTION_BEFORE.test(clause.slice(0, at)) || PREDICTION_AFTER.test(after)) return false;
  // 将 + an object + a disposal verb is 把: it says "will" only when something else in the clause looks ahead.
  if (DISPOSAL.test(after)) return otherwiseFuture;
  return true;
}

/** 会 as the modal "will", not the noun (会议, 答复会, 委员会, 会同) nor habitual (每年都会), denied (不会) or predicted (也会有所不同). */
function modalHui(clause: string, at: number): boolean {
  const before = clause.slice(0, at);
  const next = clause[at + 1];
  if (next === undefined || /[，,。；;：:、）)”"\s的]/.test(next)) return false;
  if ('议同商签上场员所计谈务展长审诊考后中下期晤见面话址费徽标友'.includes(next)) return false;
  const last = before.at(-1);
  if ((last !== undefined && '社委协机学工议省开约年大聚晚例理体误商宴庙舞酒茶盛集总分拍博交庭运不代'.includes(last)) || before.endsWith('委员')) return false;
  if (/每|一直|往往|经常|通常|一般/.test(before) || PREDICTION_BEFORE.test(before) || PREDICTION_AFTER.test(clause.slice(at + 1))) return false;
  return !ASPECT.test(clause.slice(at + 1));
}

const INSTRUCTS_BEFORE = /责令|要求|督促|责成|通知|敦促|勒令/;
/** Past aspect after a verb: "进行了补充", "增加到了25辆". */
const ASPECT = /了(?!解|结|却)/;
/** 将 + object + a verb of disposal: "将接收函送至…", "将您的建议转交…". */
const DISPOSAL =
  /^(?:其|您|你|他|她|它|该|此|这|那|上述|有关|相关|以上|本|所)|^(?!按|依|根据|对|向|在|于|给|为|与|和|及时|尽快|立即|进一步|继续|加强)[^，。；]{1,20}?(?:交由|交给|送至|送到|送交|转交|转给|转至|转到|纳入|列入|移交|反馈给|提交|上报|报送|从|降为|降至|降到|降低到|降低至|提高到|提高至|提升至|增加到|增加至|减少到|变更为|设置为|设为|(?:调剂|赠送|支付|分配|出租|租|卖|借|发放|退还|归还|转让|返还)给|改为|控制在|调整为|调整到|作为|列为|改造为|改造成|改建为|改建成|打造成|打造为|开发为|开发成|变为|变成|转为|划为|认定为|张贴|公布|发放到|发放至|告知|通知|答复如下|回复如下)/;

/** The clause's undertaking marker: where it stands (-1 when none) and whether it is a future word rather than urgency alone. */
/** Future words that look ahead even in a sentence opened on a past date, unlike 将/会 (also 把, habitual) and 承诺 (a past speech act). */
const EXPLICIT_FUTURE = /拟(?![定稿写人])|预计|预期|有望|争取|力争|即将|将要|正准备|下一步|下步|今后|下阶段|接下来|届时/;

function markerIn(t: string, limitDue: boolean): { at: number; strong: boolean } {
  const otherwise = limitDue || t.search(STRONG) >= 0 || t.search(URGENT) >= 0;
  let at = -1;
  let strong = false;
  const take = (i: number, isStrong: boolean): void => {
    if (i >= 0 && (at < 0 || i < at)) at = i;
    if (i >= 0 && isStrong) strong = true;
  };
  for (const m of t.matchAll(/将/g)) if (willJiang(t, m.index, otherwise)) take(m.index, true);
  for (const m of t.matchAll(/会/g)) if (modalHui(t, m.index)) take(m.index, true);
  take(t.search(STRONG), true);
  take(t.search(URGENT), false);
  if (limitDue) take(t.search(AIM), false);
  return { at, strong };
}

/** Whether something is undertaken after the marker: a predicate, not goodwill nor a predicted effect. */
function undertakes(clause: string, rest: string, hasDue: boolean): boolean {
  const unmarked = rest.replace(STRONG, '').replace(URGENT, '');
  const words = unmarked.replace(AIM, '').replace(/[将会要能可也还都再]/g, '');
  if ((words.match(/\p{Script=Han}/gu) ?? []).length < 2) return false;
  if (BOILERPLATE.test(rest) || NOT_AN_ACTION.test(unmarked)) return false;
  // "预计冬季后读者数量将会更少": a forecast of how things go, whatever word announced it.
  const will = rest.search(/[将会](?!近|军|领)/);
  if (will > 0 && PREDICTION_AFTER.test(rest.slice(will + 1))) return false;
  return hasDue || !EFFECT.test(clause);
}

const withoutPhrases = (s: string, dues: readonly DuePhrase[]): string => dues.reduce((acc, d) => acc.replace(d.phrase, ''), s);

const HAN_OR_WORD = /[\p{Script=Han}A-Za-z0-9]/u;

/**
 * Commitments in a reply: what it undertakes, by whom, by when. Time limits count from the date
 * the reply signs itself with, else from opts.referenceDate; a date already behind that day is
 * history, not a due. A citizen's own procedures are no commitment; third parties' promises the
 * reply relays are returned marked as theirs.
 */
export function extractCommitments(text: string, opts: ExtractOptions): Commitment[] {
  const published = chinaDate(opts.referenceDate);
  const signed = signedDate(text, published);
  const replyDay = signed?.date ?? published;
  // The signature's own date is no time limit.
  const dues = findDuePhrases(text, replyDay).filter((d) => signed === undefined || d.index < signed.index);
  const isPast = (d: DuePhrase): boolean => d.due.kind === 'date' && d.due.dueAt.slice(0, 10) < replyDay;
  const duesIn = (from: number, to: number): DuePhrase[] => dues.filter((d) => d.index >= from && d.index < to);
  const quotes = quotedRanges(text);
  const appended = appendedDocuments(text);
  const replyIsCompany = /我司|我公司|本公司/.test(text);
  const out: Commitment[] = [];
  let listOpen = false;
  // After "《…》规定：" the sentences are the document's wording until the reply speaks in its own voice again.
  let inDocument = false;

  const all = sentences(text);
  for (const [n, { clauses, end: sentenceEnd }] of all.entries()) {
    const sentenceStart = clauses[0]!.start;
    const sentence = text.slice(sentenceStart, sentenceEnd);
    if (inDocument && OWN_VOICE_WORDS.test(sentence)) inDocument = false;
    if (holdsDocumentTitle(sentence)) inDocument = true;
    // "按照政策，…将纳入…" says what the policy does; "根据…规定，我局将依法处罚" is the unit applying it.
    const policyLead = POLICY.test(clauses[0]!.text) && !OWN_VOICE_WORDS.test(sentence);
    if (inDocument || policyLead || isRuleSentence(sentence) || appended.some(([a, b]) => sentenceEnd > a && sentenceStart < b)) {
      listOpen = false;
      continue;
    }
    const first = clauses[0]!.text.replace(ITEM, '');
    if (!ITEM.test(clauses[0]!.text)) listOpen = false;
    const scopedSentence = SCOPE.test(first);
    // "5月3日，", "接到您的反映后，", "经调查，" told anywhere before a clause make it history, unless it looks ahead.
    let pastLead = false;
    // "2015年，砂子塘街道…将空地开发出来": a sentence opening on a date behind the reply tells history.
    const pastDateLead = duesIn(clauses[0]!.start, clauses[0]!.end).some(isPast) && !duesIn(clauses[0]!.start, clauses[0]!.end).some((d) => !isPast(d));
    // "请符合条件的单位和个人，将纸质资料报…": a sentence addressed to the citizen stays so until the replier speaks of itself.
    let toCitizen = false;
    let scopeBroken = false;
    const pastSentence = PAST.test(sentence) || ASPECT.test(sentence);
    const policy = POLICY.test(first);
    // Everything up to "现将有关情况回复如下" tells what the replier did before writing.
    const introEnd = clauses.findIndex((c) => INTRO.test(c.text));
    let reported = false;
    let current: { start: number; end: number } | undefined;
    let lead: number | undefined;

    const build = (start: number, end: number): Commitment | undefined => {
      const span = text.slice(start, end);
      // "2016年星沙街道世景小学，楚龙中学将建成开学": a date opening the sentence times the promise after it, once.
      const sentenceDue = duesIn(sentenceStart, start).find((d) => !isPast(d) && LIMIT_OR_YEAR.test(d.phrase) && !out.some((c) => c.due?.phrase === d.phrase && c.span.start >= sentenceStart));
      const due = duesIn(start, end).find((d) => !isPast(d))?.due ?? (sentenceStart < start ? sentenceDue?.due : undefined);
      // "在今后的工作中，我院将…": the sentence's scope word times the promise after it.
      const scope = SCOPE.exec(clauses[0]!.text)?.[0] ?? '';
      const timed = scope + span;
      const vagueWords = [...new Set([...(timed.match(VAGUE_WORDS) ?? []), ...(timed.match(URGENT) ?? []), ...(timed.match(OPEN_ENDED) ?? [])])].filter(
        (w) => !(due?.kind === 'date' && w === '限期'),
      );
      const previous = out.at(-1);
      const previousParty = previous && previous.span.end >= start - 80 ? previous.party : undefined;
      const who = findPromiser(span, text.slice(sentenceStart, start), text.slice(Math.max(0, sentenceStart - 120), start), replyIsCompany, previousParty);
      // What the citizen or an applicant will do is no one's promise to them.
      if (who.promiser === 'citizen') return undefined;
      const owner = findOwner({
        before: text.slice(sentenceStart, start),
        clause: span,
        defaultOwner: opts.defaultOwner,
        knownDepartments: opts.knownDepartments,
      });
      return {
        span: { start, end, text: span },
        text: sentence,
        promiser: who.promiser,
        ...(who.party ? { party: who.party } : {}),
        ...(owner ? { owner } : {}),
        ...(due ? { due } : {}),
        vague: vagueWords.length > 0,
        vagueWords,
      };
    };
    const close = (): void => {
      const commitment = current && build(current.start, current.end);
      if (commitment) out.push(commitment);
      current = undefined;
    };

    for (const [i, c] of clauses.entries()) {
      if (opensDocument(text.slice(sentenceStart, c.end + 1))) {
        inDocument = true;
        break;
      }
      const t = c.text.replace(/[：:]$/, '');
      // The citizen's letter retold: until the reply speaks in its own voice again.
      if (i === 0) reported = REPORTED.test(t) && !OWN_VOICE.test(t);
      else if (reported && OWN_VOICE.test(t)) reported = false;
      const item = ITEM.test(t);
      if (item) close();
      const body = t.replace(ITEM, '').replace(SCOPE, '').replace(/^[，,\s]+/, '');
      const colon = c.text.endsWith('：') || c.text.endsWith(':');
      const nextClause = clauses[i + 1]?.text ?? all[n + 1]?.clauses[0]?.text ?? '';
      const header = (LIST_HEADER.test(t) && (colon || ITEM.test(nextClause))) || (colon && t.length <= 12);
      const inQuote = quotes.some(([a, b]) => c.start > a && c.start < b);
      pastLead ||= PAST_LEAD.test(body);
      // "违反条例规定的，由…责令限期改正": a rule's consequence, not this reply's undertaking.
      const ruleCase = i > 0 && /的$/.test(clauses[i - 1]!.text);
      // "信访人…必须依法…，…将承担相应的法律责任": what a rule holds for others, unless the replier speaks of itself.
      const dutyBefore = clauses.slice(0, i).some((b) => /必须|应当|应该|务必|不得/.test(b.text));
      if (i === 0) toCitizen = CITIZEN.test(body);
      else if (toCitizen && /^(?:我|本)/.test(body)) toCitizen = false;
      // "居民…可以先行入院，并于3日内提供…", "并建议双方协商，争取早日复工": the same party's procedure or aim, no subject of its own.
      else if (CITIZEN.test(clauses[i - 1]!.text) && /^(?:并|再|然后|且|争取|力争|以便)/.test(body)) toCitizen = true;
      if (reported || inQuote || i <= introEnd || toCitizen || CITIZEN.test(body) || BOILERPLATE.test(body) || ruleCase) {
        close();
        lead = undefined;
        scopeBroken = true;
        continue;
      }
      const clauseDues = duesIn(c.start, c.end);
      const futureDues = clauseDues.filter((d) => !isPast(d));
      // A time limit ("9月底前", "3个工作日内") undertakes by itself; a bare "2018年" only dates the promise.
      const limitDue =
        futureDues.some((d) => LIMIT_WORD.test(d.phrase) && !text.startsWith('有效', d.index + d.phrase.length)) && !DUTY.test(t);
      const pastDue = clauseDues.some(isPast);
      const marker = markerIn(t, limitDue);
      const instructed =
        INSTRUCTED.test(t) || (/责成|责令|要求|督促/.test(t) && limitDue) || (INSTRUCTED_EFFORT.test(t) && !pastSentence && !pastLead);
      const instructAt = instructed ? t.search(/责成|责令|要求|督促|交办|指派|下达/) : -1;
      const markerAt = marker.at >= 0 ? marker.at : limitDue ? futureDues[0]!.index - c.start : instructAt;
      const before = markerAt >= 0 ? t.slice(0, markerAt) : t;
      // Urgency alone ("立即组织人员调查") undertakes only in a sentence that tells no history and states no rule.
      const weakOnly = !marker.strong && !limitDue;
      const told =
        !instructed &&
        ((PAST.test(before) && !/承诺|答应/.test(t.slice(markerAt)) && !limitDue) ||
          // "2015年，街道依托…，将空地开发出来": after a past date, 将 with no subject of its own is 把, and 承诺 was said then.
          (pastDateLead && futureDues.length === 0 && !EXPLICIT_FUTURE.test(t) && (before.length < 2 || /^(?:承诺|答应|同意)/.test(t.slice(markerAt)))) ||
          (futureDues.length === 0 && RULE_SUBJECT.test(before) && !/^(?:如|若|如果|一旦)/.test(before)) ||
          (dutyBefore && !/^(?:我|本)/.test(body)) ||
          (markerAt >= 0 && ASPECT.test(t.slice(markerAt))) ||
          DUTY.test(before) ||
          (STANDING.test(sentence) && !/您|你/.test(sentence)) ||
          CONSEQUENCE.test(t) ||
          PURPOSE.test(before) ||
          DENIED.test(before) ||
          (!marker.strong && markerAt >= 0 && STATE.test(t.slice(markerAt))) ||
          (/正在|正/.test(before) && weakOnly) ||
          (pastLead && !marker.strong) ||
          (pastDue && futureDues.length === 0 && !/将/.test(t)) ||
          (weakOnly && markerAt >= 0 && (pastSentence || policy || DUTY.test(t))));
      if (told || (policy && !marker.strong)) {
        close();
        lead = undefined;
        continue;
      }
      const scoped: boolean = (scopedSentence || (item && listOpen)) && !scopeBroken && !NOT_CONTINUATION.test(body);
      if (header) {
        // "下一步将采取如下措施：一是…；二是…": the items are the promises.
        listOpen = markerAt >= 0 || scoped || listOpen;
        close();
        lead = undefined;
        continue;
      }
      // The time limit itself ("但到9月底") undertakes nothing: what follows it must.
      const rest = withoutPhrases(markerAt >= 0 ? t.slice(markerAt) : body, futureDues);
      if (markerAt < 0 && !scoped && futureDues.length > 0 && !current && !undertakes(t, withoutPhrases(body, futureDues), true)) {
        lead ??= c.start;
        continue;
      }
      if (markerAt < 0 && !scoped) {
        // A clause with no marker of its own continues the promise before it ("将加强巡查，发现一起、查处一起").
        if (current && !NOT_CONTINUATION.test(body) && HAN_OR_WORD.test(body)) current.end = c.end;
        else {
          close();
          lead = undefined;
        }
        continue;
      }
      if (!undertakes(t, rest, futureDues.length > 0)) {
        // "下一步，", "2018年，": an adverbial that the next clause's promise starts from.
        if (!current && (futureDues.length > 0 || marker.strong || scoped)) lead ??= c.start;
        continue;
      }
      const aimOnly = marker.at >= 0 && marker.at === t.search(AIM);
      // "预计本月下旬就能开考，届时将能满足…": what follows at that time is part of the same promise.
      if (current && (markerAt < 0 || aimOnly || AT_THAT_TIME.test(body))) {
        current.end = c.end;
        continue;
      }
      close();
      current = { start: lead ?? c.start, end: c.end };
      lead = undefined;
    }
    close();
  }
  return out;
}
