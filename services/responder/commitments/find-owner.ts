/** How the replying department speaks of itself: its promises are the default owner's. */
const SELF = /^(?:我们|我(?:局|办|委|院|厅|中心|镇|乡|区|县|市|街道|所|站|队|单位|司|部|处|科|馆|校))$/;
/** Endings of department names (机关, 派出机构, 公司 handling a public service). */
const DEPT = /(?:局|委员会|管委会|办事处|办公室|人民政府|政府|街道|中心|公司|支队|大队|中队|派出所|医院|居委会|村委会|社区|分局|镇|乡)$/;
/** Words that end a clause's subject and start what it does. */
const SUBJECT_END =
  /将|会|已|正|计划|预计|拟|负责|要|立即|马上|尽快|及时|争取|力争|在|于|对|把|高度|迅速|积极|也|还|再|均|都|按|根据|针对|关于|加快|抓紧|同时|承诺|依法|继续|进一步|督促|协调|安排|组织|派|联合|会同|表示|现|目前|就|向|通过/;
const LEADING = /^(?:由|目前|下一步|同时|并且|并|今后|另外|此外|届时|随后|后续|下阶段|接下来|对此|为此|经查|现|因此|所以|近期|然后|最后|首先|其次|一是|二是|三是|\d+[、.．]|[（(]\d+[)）])+/;

/** The subject at the start of a clause, when it names a department or the replier itself. */
function subjectOf(clause: string): string | undefined {
  const s = clause.trim().replace(LEADING, '');
  const cut = s.search(SUBJECT_END);
  const subject = (cut < 0 ? '' : s.slice(0, cut)).trim();
  if (subject.length < 2 || subject.length > 20 || /[，,。；：、“”"]/.test(subject)) return undefined;
  return SELF.test(subject) || DEPT.test(subject) ? subject : undefined;
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
  if (charged && (DEPT.test(charged) || SELF.test(charged) || knownDepartments.includes(charged))) return resolve(charged);
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
