/**
 * Text as the analyzer reads it: full-width letters, digits and spaces folded to half-width
 * (NFKC), runs of spaces collapsed, and the spaces PDF extraction leaves between Chinese
 * characters and around digits removed ("2021 年" → "2021年").
 */
export function normalizeText(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t\u00a0\u3000]+/g, ' ')
    .replace(/(?<=[\p{Script=Han}\d]) (?=[\p{Script=Han}])|(?<=[\p{Script=Han}]) (?=\d)/gu, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
