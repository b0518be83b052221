/** How the replying department speaks of itself: its promises are the default owner's. */
const SELF = /^(?:我们|我(?:局|办|委|院|厅|中心|镇|乡|区|县|市|街道|所|站|队|单位|司|部|处|科|馆|校|公司))$/;
const SELF_AT_END = /(?:我们|我(?:局|办|委|院|厅|中心|镇|乡|区|县|市|街道|所|站|队|单位|司|部|处|科|馆|校|公司))$/;
/** Endings of department names (机关, 派出机构, 公司 handling a public service). */
const DEPT = /(?:局|委员会|管委会|办事处|办公室|人民政府|政府|街道|中心|公司|支队|大队|中队|派出所|医院|居委会|村委会|社区|分局|镇|乡|部门|学校|小学|中学|执法队|组)$/;
/** Words that end a clause's subject and start what it does. */
const SUBJECT_END =
  /将|会|已|正|计划|预计|拟|负责(?!人)|要|立即|马上|尽快|及时|争取|力争|在|于|对|把|高度|迅速|积极|也|还|再|均|都|按|根据|针对|关于|加快|抓紧|同时|承诺|答应|依法|继续|进一步|督促|协调|安排|组织|派|联合|会同|表示|现|目前|就|向|通过|要求|责成|责令|同意/;
const LEADING =
  /^(?:由|目前|下一步|下步|同时|并且|并|今后|另外|此外|届时|随后|后续|后期|下阶段|接下来|对此|为此|经查|现|因此|所以|近期|然后|最后|首先|其次|在今后的工作中|[一二三四五六七八九十]是|\d+[、.．]|[（(][\d一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+、)+/;
/** A date or time heading a subject ("2015年12月23日县财政局"): when, not who. */
const LEADING_DATE = /^(?:[\d〇零一二三四五六七八九十]{2,4}年)?(?:[\d一二三四五六七八九十]{1,2}月)?(?:[\d一二三四五六七八九十]{1,3}[日号])?(?:上午|下午|晚上)?/;

/**
 * A subject as a reader names a unit: without a leading date, and without the topic words
 * before the unit ("事件的后续发展我镇" → "我镇"). Undefined when nothing unit-like is left.
 */
export function cleanSubject(raw: string): string | undefined {
  let s = raw.trim().replace(LEADING, '').replace(LEADING_DATE, '').replace(LEADING, '');
  const self = SELF_AT_END.exec(s);
  if (self) return self[0];
  // Topic words end at the last 的: "事件的后续发展X局" names X局.
  const of = s.lastIndexOf('的');
  if (of >= 0) s = s.slice(of + 1);
  if (s.length < 2 || s.length > 20 || /[，,。；：“”"《》]/.test(s)) return undefined;
  return s;
}

/** The subject at the start of a clause, when it names a department or the replier itself. */
function subjectOf(clause: string): string | undefined {
  const s = clause.trim().replace(LEADING, '').replace(LEADING_DATE, '');
  const cut = s.search(SUBJECT_END);
  const subject = cleanSubject(cut < 0 ? '' : s.slice(0, cut));
  return subject && (SELF.test(subject) || DEPT.test(subject)) ? subject : undefined;
}

export interface OwnerContext {
  /** The sentence text before the promise's clauses. */
  before: string;
  /** The promise's clauses, up to and including its verb. */
  clause: string;
  defaultOwner?: string;
  knownDepartments?: string[];
}

/**
 * The department that owns a promise: one put in charge ("由X负责"), else a known department
 * named before the verb, else the subject of the clause or of the sentence; "我局" and
 * unnamed subjects fall to the replying department.
 */
export function findOwner({ before, clause, defaultOwner, knownDepartments = [] }: OwnerContext): string | undefined {
  const charged = /由([^，,。；由]{2,20}?)(?:负责|牵头|组织|落实|督办)/.exec(before + clause)?.[1];
  const resolve = (name: string | undefined): string | undefined => (name && SELF.test(name) ? defaultOwner : name);
  const chargedName = charged && cleanSubject(charged);
  if (chargedName && (DEPT.test(chargedName) || SELF.test(chargedName) || knownDepartments.includes(chargedName))) return resolve(chargedName);
  const context = before + clause;
  let known: { name: string; at: number } | undefined;
  for (const name of knownDepartments) {
    const at = context.lastIndexOf(name);
    if (at >= 0 && (!known || at > known.at || (at === known.at && name.length > known.name.length))) known = { name, at };
  }
  if (known) return known.name;
  const sentenceClauses = before.split(/[，,：:]/);
  const subject = subjectOf(clause) ?? subjectOf(sentenceClauses[sentenceClauses.length - 1] ?? '') ?? subjectOf(sentenceClauses[0] ?? '');
  return resolve(subject) ?? defaultOwner;
}

/** Parties outside the government whose promises a reply relays. */
const THIRD_PARTY =
  /开发商|开发企业|开发公司|物业|公司|集团|企业|施工单位|施工方|承建方|承建单位|建设单位|商家|老板|负责人|当事人|店主|经营者|业主委员会|业委会|厂家|厂方|银行|酒店|饭店|餐馆|幼儿园|培训机构|投资方|运营商|运营方|车队|商户|酒吧|网吧/;
/** Public bodies: a subject naming one is the government even when it also names a company ("城投公司" aside). */
const PUBLIC_BODY = /政府|局|委|办|街道|社区|村|镇|乡|中心|学校|小学|中学|医院|大队|中队|支队|派出所|城投|部门|管理处|执法/;
/** Pronouns that take up the last party named: "他承诺", "对方表示", "该公司同意". */
const PRONOUN = /^(?:其|他|她|他们|对方|该公司|该企业|该单位|该开发商|该物业)/;
/** Government instructions to a party: the government is the one undertaking to enforce. */
const INSTRUCTS = /要求|督促|责成|责令|协调|通知|指导|监督|安排|约谈|推动|促使|责令|敦促|联合/;

/**
 * Who makes a promise, from its clause (its subject stands before the undertaking) or, when the
 * clause names none, from the clauses of its sentence before it ("物业公司表示，计划年内…"): a
 * named party outside the government, or the government. A pronoun takes up a third party
 * named in `earlier` (the text before). A reply written by a company itself ("我司") answers for
 * the government on the board. An instruction ("社区要求物业公司…") is the government's.
 */
export function findPromiser(
  clause: string,
  sentenceBefore: string,
  earlier: string,
  replyIsCompany: boolean,
  /** The party of the promise just before, when it was a third party's: a promise naming no one continues it. */
  previousParty?: string,
): { promiser: 'government' | 'third-party' | 'citizen'; party?: string } {
  let actor = actorOf(clause);
  if (!actor && INSTRUCTS.test(clause.slice(0, 4))) return { promiser: 'government' };
  // A clause naming no one continues the nearest clause before it that does ("物业公司用水进行过冲洗，下一步加强维护").
  for (const before of sentenceBefore.split(/[，,：:]/).reverse()) {
    if (actor) break;
    actor = actorOf(before);
  }
  if (!actor && previousParty) return { promiser: 'third-party', party: previousParty };
  if (CITIZEN_SUBJECT.test(actor)) return { promiser: 'citizen' };
  if (PRONOUN.test(actor)) {
    const named = [...earlier.matchAll(new RegExp(`[\\p{Script=Han}A-Za-z0-9（）()]{0,12}(?:${THIRD_PARTY.source})`, 'gu'))].at(-1)?.[0];
    const party = named && cleanSubject(named);
    if (party && !PUBLIC_BODY.test(party) && !(replyIsCompany && /公司/.test(party))) return { promiser: 'third-party', party };
    return { promiser: 'government' };
  }
  const m = THIRD_PARTY.exec(actor);
  if (!m || SELF_AT_END.test(actor) || (replyIsCompany && /公司|集团/.test(m[0]))) return { promiser: 'government' };
  const named = cleanSubject(actor) ?? m[0];
  const ownerPart = named.slice(0, Math.max(0, named.indexOf(m[0])));
  if (PUBLIC_BODY.test(ownerPart) && !/有限|股份/.test(named)) return { promiser: 'government' };
  return { promiser: 'third-party', party: named };
}

/** The citizen or an applicant as the subject: "目前你以单位员工身份…，即将离职", "申请人近期二寸免冠照片". */
const CITIZEN_SUBJECT = /^(?:(?:你|您)(?!们?所?(?:反映|提出|提到|咨询|询问|关心|关注|来信|留言|的|好|在))|申请人|来信人|留言人|参保人|缴存人)/;

/**
 * The subject of a clause: the words before what it does, or a party named at its start
 * ("物业公司用水进行过冲洗"); empty when the clause names none.
 */
function actorOf(text: string): string {
  const s = text.replace(LEADING, '').replace(LEADING_DATE, '').replace(LEADING, '').trim();
  if (CITIZEN_SUBJECT.test(s)) return s.slice(0, 3);
  const cut = s.search(SUBJECT_END);
  // "即将离职" has no subject before 将, nor has "方案确定后将…": a condition, not an actor.
  if (cut >= 0) return /^(?:即|并|也|还|都|再)?$|[后时前]$/.test(s.slice(0, cut)) ? '' : s.slice(0, cut);
  return new RegExp(`^[\\p{Script=Han}A-Za-z0-9（）()]{0,12}?(?:${THIRD_PARTY.source})`, 'u').exec(s)?.[0] ?? '';
}
