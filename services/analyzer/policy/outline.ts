/** A part heading: "一、聚焦重点领域，深化政务公开" (no full stop: a "一、" line with one is an item). */
const PART = /^([一二三四五六七八九十]+)、(?!.*[。；])/;
/** An item's number: （一） (1) 1. 1、 第一条, or 一、 when the line carries sentences. */
const ITEM = /^(（[一二三四五六七八九十]+）|（\d{1,2}）|\d{1,2}[.．、](?!\d)|第[一二三四五六七八九十百]+条|[一二三四五六七八九十]+、)\s*/;
/** Lines after which the body is over, or which belong to no item: 抄送, 附件, signatures, dates. */
const FOOTER = /^(?:抄送|主送|附件|联系人|联系电话)[：:]|^（此(?:件|文件)?(?:公开发布|不予公开|不公开)）$|^\d{4}年\d{1,2}月\d{1,2}日(?:印发|发布)?$/;
const DATE_LINE = /^\d{4}年\d{1,2}月\d{1,2}日$/;
/** The signature: a line of names without sentence punctuation right above the date line. */
const isSignature = (line: string, next: string | undefined): boolean => next !== undefined && DATE_LINE.test(next) && !/[。；，：]/.test(line) && line.length <= 60;

/** A numbered item with the paragraphs that continue it, or a run of prose outside any item. */
export interface Block {
  /** "一、（三）", "三、15"; '' for prose outside items. */
  ref: string;
  /** The item's text, its number removed; paragraphs joined with \n. */
  text: string;
  numbered: boolean;
  /** The item's first line when it is only a heading ("（三）强化组织保障"), above the passages that follow. */
  heading?: string;
}

function label(raw: string): string {
  return raw.replace(/[.．、]$/, '').replace(/^\(/, '（').replace(/\)$/, '）');
}

/** A numbered line that is only a heading: the items under it carry the tasks. */
const isHeadingOnly = (text: string): boolean => !/[。；]/.test(text) && text.length <= 50;

/**
 * The document as blocks: each numbered item (with the paragraphs that follow it, so that a
 * responsibility note on its own line stays with its task) and each stretch of other prose.
 * A numbered heading whose next paragraph is another numbered line becomes part of the refs
 * below it instead of a block; one above plain paragraphs is their block's heading, so the
 * passages, not the heading, are what their notes assign.
 */
export function outline(normText: string): Block[] {
  const paragraphs = normText.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  const blocks: Block[] = [];
  let part = '';
  let sub = '';
  let current: Block | undefined;
  const close = (): void => {
    if (current) blocks.push(current);
    current = undefined;
  };
  paragraphs.forEach((p, i) => {
    const partHeading = PART.exec(p);
    if (partHeading) {
      close();
      part = `${partHeading[1]}、`;
      sub = '';
      return;
    }
    const item = ITEM.exec(p);
    if (item) {
      close();
      const body = p.slice(item[0].length);
      if (isHeadingOnly(body) && ITEM.test(paragraphs[i + 1] ?? '')) {
        sub = label(item[1]!);
        return;
      }
      const ref = `${part}${sub}${label(item[1]!)}`;
      current = { ref, text: body, numbered: true, ...(isHeadingOnly(body) ? { heading: body } : {}) };
      return;
    }
    if (FOOTER.test(p) || isSignature(p, paragraphs[i + 1])) {
      close();
      return;
    }
    if (current?.numbered) current.text += `\n${p}`;
    else blocks.push({ ref: part, text: p, numbered: false });
  });
  close();
  return blocks;
}
