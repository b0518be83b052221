/*
 * Text inside a reply that is not the replying unit speaking about this matter: quotations
 * (the citizen's letter, a document's wording) and rule text (laws, schemes and duties quoted
 * or paraphrased). Promise-like words there ("由县级以上人民政府责令限期改正", "各地要加快…")
 * state what a rule holds for anyone, so they are not this reply's undertakings.
 */

/** The reply's own voice: the unit in the first person, or the citizen addressed. */
export const OWN_VOICE_WORDS =
  /我(?:们|局|办|委|院|厅|中心|镇|乡|区|县|市|街道|所|站|队|单位|司|部|处|科|馆|校|公司|行|社区|村)|本(?:局|单位|机关|委|院|中心|公司)|您|你|网友|来信人|留言人/;

/**
 * Marks of rule text: duties in the abstract (应当, 不得), articles, a document naming itself
 * (本办法), addressees that are every unit of a level (各级, 各地, 县级以上), rule cases
 * ("…的，由…", "…的，不予…") and whom a rule covers (符合条件的…, 凡…的).
 */
const RULE =
  /应当|不得|第[一二三四五六七八九十百\d]+条|本(?:办法|条例|规定|通知|方案|意见|细则|决定|法)|依照|各级(?![（(])|各地|各(?:县市区|市州|区县|有关部门|有关单位|级部门)|县级以上|市州两级|的[，,](?:由|应|须|可|不予|处|一律)|符合[^，。；]{0,12}条件的|(?:^|[，,])凡[^，。；]{1,20}的/;

/** Where a document's wording is announced: "《…》规定：", "文件明确：", "(摘自…)". */
const CITATION = /(?:规定|明确|要求|指出|提出|载明|写明|精神|政策|如下)[：:]\s*$|[（(]摘自[^）)]{0,20}[）)]\s*$/;

/**
 * Quotations as offset ranges, nested quotes included ("以“全面落实…”为目标" inside a document
 * quoted at length). Short quotes (a name, a slogan) are left out: they are part of the sentence.
 * A quotation opened after a citation and never closed (the source's truncations) runs to the end.
 */
export function quotedRanges(text: string): [number, number][] {
  const out: [number, number][] = [];
  const open: number[] = [];
  for (const m of text.matchAll(/[“”「」]/g)) {
    if (m[0] === '“' || m[0] === '「') open.push(m.index);
    else {
      const start = open.pop();
      if (start !== undefined && open.length === 0 && m.index - start > 12) out.push([start, m.index + 1]);
    }
  }
  const outer = open[0];
  if (outer !== undefined && CITATION.test(text.slice(Math.max(0, outer - 12), outer))) out.push([outer, text.length]);
  for (const m of text.matchAll(/"[^"\n]{12,}"/g)) out.push([m.index, m.index + m[0].length]);
  return out;
}

/** A sentence of rule text: marked as such, and neither in the unit's first person nor addressed to the citizen. */
export function isRuleSentence(sentence: string): boolean {
  return RULE.test(sentence) && !OWN_VOICE_WORDS.test(sentence);
}

/**
 * A document's title standing alone, as appended after a reply's signature ("附件：", "关于…的决定",
 * "A市城区停车管理办法"): between spaces or at a sentence's start, not inside a clause.
 */
const TITLE =
  /(?:^|\s)(?:附件[\d一二三四五六七八九十]*[：:]?\s*|关于[^，。；：\s]{2,40}的(?:通知|决定|意见|实施意见|办法|规定|方案|实施方案|实施细则|公告|通告|批复)|[^，。；：\s]{2,30}(?:条例|管理办法|实施办法|实施方案|实施细则))(?:\s|$)/;

/** A sentence holding an appended document's title: what follows is the document's until the reply speaks again. */
export function holdsDocumentTitle(sentence: string): boolean {
  const title = TITLE.exec(sentence);
  return title !== null && !OWN_VOICE_WORDS.test(sentence.slice(title.index));
}

/** A date closing one part of a reply: after a sentence's end, and followed by a space or a new part. */
const PART_SIGNATURE = /(?<=[。！!．.\s])\s*\d{4}年\d{1,2}月\d{1,2}日(?=\s|[^\d，,。、至到起前后内以])/g;

/** How a reply part reports, even without a pronoun: "经核实，…", "现将情况说明如下", "特此回复". */
const REPLY_WORDS = /经[^，。]{0,12}(?:核实|调查|核查|了解|查明)|回复|答复|说明如下|特此|感谢|收悉/;

/**
 * Parts after a signed date in the middle of a reply that never address the citizen nor speak
 * in the unit's first person: documents appended to the reply (a scheme, a decision, a
 * regulation), not a further reply. Offset ranges.
 */
export function appendedDocuments(text: string): [number, number][] {
  const cuts = [...text.matchAll(PART_SIGNATURE)].map((m) => m.index + m[0].length);
  return cuts
    .map((start, i): [number, number] => [start, cuts[i + 1] ?? text.length])
    .filter(([a, b]) => b - a > 100 && (ATTACHED.test(text.slice(a, a + 80)) || (!OWN_VOICE_WORDS.test(text.slice(a, b)) && !REPLY_WORDS.test(text.slice(a, b)))));
}

/** A part that opens as an attachment ("附件", "附[政府发文]5号…关于…的决定"): a document, whatever voice it speaks in (a county's 我县). */
const ATTACHED = /^\s*附(?:件|录|[:：[［〔【《]|[^，。；]{0,40}关于[^，。；]{2,40}的(?:通知|决定|意见|实施意见|办法|规定|方案|实施方案|实施细则|公告|通告|批复))/;

/** A header announcing a document's wording: the sentences after it are the document's until the reply speaks again. */
export function opensDocument(sentence: string): boolean {
  return CITATION.test(sentence) && /《[^》]+》|文件|政策|规定|通知|办法|条例|方案/.test(sentence) && !OWN_VOICE_WORDS.test(sentence);
}
