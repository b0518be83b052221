/**
 * A responsibility note closing a task: "（县司法局牵头负责）", "（A、B分别牵头负责）",
 * "（县政府办公室会同财政等有关部门负责）", "（牵头单位：A；责任单位：B、C）", "（A牵头，B配合；2021年底前）".
 */
export interface Attribution {
  /** Offsets of the note, brackets included, in the passage searched. */
  start: number;
  end: number;
  /** Lead units the note names. */
  lead: string[];
  /** Leads the note names by role, not by name: 各有关单位, 市政府各部门, 各区、县（市）政府. */
  leadRoles: string[];
  coResponsible: string[];
  /** A 时限 written inside the note ("完成时限：年底前"). */
  deadlineText?: string;
}

type Parsed = Omit<Attribution, 'start' | 'end' | 'leadRoles'>;

const LEAD_LABEL = /^(?:牵头单位|牵头部门|主责单位|主责部门)$/;
const RESPONSIBLE_LABEL = /^(?:责任单位|责任部门)$/;
const CO_LABEL = /^(?:配合单位|配合部门|协办单位|参与单位|协同单位)$/;
const TIME_LABEL = /^(?:完成时限|完成时间|时限要求|时间要求|时限|时间节点|时间)$/;
const LABELS = '牵头单位|牵头部门|主责单位|主责部门|责任单位|责任部门|配合单位|配合部门|协办单位|参与单位|协同单位|完成时限|完成时间|时限要求|时间要求|时限|时间节点|时间';
const FIELD_SPLIT = new RegExp(`[；;]|[，,](?=(?:${LABELS})[：:])`);
const FIELD = new RegExp(`^(${LABELS})[：:]\\s*(.*)$`);

/** Brackets of a unit name as the reader writes them: 县〔市〕 and 县[市] are 县（市）. */
const asRoundBrackets = (list: string): string => list.replace(/[〔［[]/g, '（').replace(/[〕］\]]/g, '）');

/** 各区、县（市）政府 names one role across levels: "各区" alone is not a unit, the 政府 after it completes it. */
const LEVELS_ONLY = /^各[省市区县乡镇]{1,2}$/;
const LEVEL_GOVERNMENT = /^[省市区县乡镇]{1,2}(?:（[^）]*）)?(?:人民)?政府$/;

/**
 * A unit list: 、 and ， outside brackets separate units ("各市、县（市、区）政府" keeps its inner 、);
 * 和 does not, since names hold it (县自然资源和规划局).
 */
function units(list: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let part = '';
  for (const c of asRoundBrackets(list)) {
    if (c === '（' || c === '(') depth++;
    else if (c === '）' || c === ')') depth = Math.max(0, depth - 1);
    if (depth === 0 && (c === '、' || c === '，' || c === ',')) {
      parts.push(part);
      part = '';
    } else part += c;
  }
  parts.push(part);
  const out: string[] = [];
  for (const u of parts.map((p) => p.trim().replace(/^由/, '')).filter((p) => p !== '')) {
    const last = out[out.length - 1];
    if (last !== undefined && LEVELS_ONLY.test(last) && LEVEL_GOVERNMENT.test(u)) out[out.length - 1] = `${last}、${u}`;
    else out.push(u);
  }
  return out;
}

/** A lead named by what it is rather than who: 各有关单位, 县政府有关部门, 各行政机关, 财政等有关部门. */
const ROLE = /^各|各(?:部门|单位|级|地|有关|相关|科室|乡镇|街道)|有关|相关|等|^(?:本|所属|其他|其它|属地|基层)|主管部门$/;
export const isRole = (unit: string): boolean => ROLE.test(unit);

/** How a unit name ends: the clause before "…分别负责" that lists only names must end like this. */
const UNIT_END = /(?:政府|部门|单位|机关|机构|局|委|办|室|厅|中心|院|所|站|队|会|组|街道|乡镇|街区|社区|村|公司|集团|部|处|科|馆|校)$/;

/** A plausible unit name: short, no sentence punctuation, no verb phrase left over. */
const UNIT = /^[\p{Script=Han}（）()“”A-Za-z\d、]{2,30}$/u;
const allUnits = (list: string[]): boolean => list.length > 0 && list.every((u) => UNIT.test(u));

function parseLabelled(content: string): Parsed | undefined {
  const fields = content.split(FIELD_SPLIT).map((f) => FIELD.exec(f.trim())).filter((m) => m !== null);
  if (fields.length === 0) return undefined;
  const lead: string[] = [];
  const responsible: string[] = [];
  const co: string[] = [];
  let deadlineText: string | undefined;
  for (const [, label, value = ''] of fields) {
    if (LEAD_LABEL.test(label!)) lead.push(...units(value));
    else if (RESPONSIBLE_LABEL.test(label!)) responsible.push(...units(value));
    else if (CO_LABEL.test(label!)) co.push(...units(value));
    else if (TIME_LABEL.test(label!) && value.trim()) deadlineText = value.trim();
  }
  // Without a 牵头单位 the 责任单位 own the task; beside one they share it.
  return lead.length
    ? { lead, coResponsible: [...responsible, ...co], ...(deadlineText ? { deadlineText } : {}) }
    : { lead: responsible, coResponsible: co, ...(deadlineText ? { deadlineText } : {}) };
}

const WITH = /^(.+?)会同(.+?)(?:分别|共同)?(?:牵头)?负责$/;
const LEADS = /^(.+?)(?:分别)?牵头(?:负责|落实|实施)?$/;
const ASSISTS = /^(.+?)(?:按职责分工|按照职责分工|按职责|分别)?(?:配合|参与|协助|协办|共同负责)$/;
const OWNS = /^(.+?)(?:按职责分工|按照职责分工|按职责|分别|具体)?(?:负责|落实)$/;

/**
 * "A牵头，B配合", "A、B分别牵头负责" and "A，B分别负责" (units listed before the verb they share):
 * every clause must name units with a role, or list units for the next clause's verb, or it is no note.
 */
function parseVerbs(content: string, isDeadline: (clause: string) => boolean): Parsed | undefined {
  const lead: string[] = [];
  const co: string[] = [];
  let listed: string[] = [];
  let deadlineText: string | undefined;
  const withListed = (found: string[]): string[] => {
    const all = [...listed, ...found];
    listed = [];
    return all;
  };
  for (const clause of content.split(/[，,；;](?![^（(]*[）)])/).map((c) => c.trim()).filter(Boolean)) {
    let m: RegExpExecArray | null;
    if ((m = WITH.exec(clause)) && allUnits(units(m[1]!)) && allUnits(units(m[2]!))) {
      lead.push(...withListed(units(m[1]!)));
      co.push(...units(m[2]!));
    } else if ((m = LEADS.exec(clause)) && allUnits(units(m[1]!))) lead.push(...withListed(units(m[1]!)));
    else if ((m = ASSISTS.exec(clause)) && allUnits(units(m[1]!))) co.push(...withListed(units(m[1]!)));
    else if ((m = OWNS.exec(clause)) && allUnits(units(m[1]!))) (lead.length ? co : lead).push(...withListed(units(m[1]!)));
    else if (isDeadline(clause)) deadlineText = clause;
    else if (allUnits(units(clause)) && units(clause).every((u) => UNIT_END.test(u))) listed.push(...units(clause));
    else return undefined;
  }
  if (listed.length) return undefined;
  return lead.length ? { lead, coResponsible: co, ...(deadlineText ? { deadlineText } : {}) } : undefined;
}

/** The offset of the bracket closing the one at `open`, nesting counted; -1 when unclosed. */
function closing(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '（' || c === '(') depth++;
    else if (c === '）' || c === ')') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/**
 * The responsibility notes of a passage, in order. A note in verb form must close a sentence
 * (stand after 。 or at the start of a paragraph) so that an aside such as "（分级负责）" inside
 * a sentence is not taken for one; a labelled note ("牵头单位：") may stand anywhere.
 */
export function findAttributions(text: string, isDeadline: (clause: string) => boolean): Attribution[] {
  const out: Attribution[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '（' && text[i] !== '(') continue;
    const end = closing(text, i);
    if (end < 0) break;
    const content = text.slice(i + 1, end).trim();
    // A line break closes a passage as a full stop does ("（一）开展自查" then the note on its own line).
    const before = text.slice(0, i).replace(/[ \t\u3000]+$/, '');
    const closesSentence = before === '' || /[。；！？\n]$/.test(before);
    const parsed = parseLabelled(content) ?? (closesSentence ? parseVerbs(content, isDeadline) : undefined);
    if (parsed && (parsed.lead.length || parsed.coResponsible.length)) {
      out.push({ start: i, end: end + 1, ...parsed, lead: parsed.lead.filter((u) => !isRole(u)), leadRoles: parsed.lead.filter(isRole) });
      i = end;
    }
  }
  return out;
}
