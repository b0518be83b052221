import { createHmac } from 'node:crypto';

/**
 * Personal data never leaves the collector unmasked. Patterns run longest first so an
 * 18-digit 身份证号 is not half-masked as a phone number.
 */
const PATTERNS: { name: string; re: RegExp; mask: (m: string) => string }[] = [
  {
    name: 'id-number',
    re: /(?<![0-9A-Za-z])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![0-9A-Za-z])/g,
    mask: (m) => `${m.slice(0, 3)}${'*'.repeat(m.length - 7)}${m.slice(-4)}`,
  },
  {
    name: 'bank-card',
    re: /(?<!\d)(?:\d[ -]?){15,18}\d(?!\d)/g,
    mask: (m) => {
      const digits = m.replace(/\D/g, '');
      return `${digits.slice(0, 4)}${'*'.repeat(digits.length - 8)}${digits.slice(-4)}`;
    },
  },
  {
    name: 'mobile',
    re: /(?<!\d)(?:\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}(?!\d)/g,
    mask: (m) => {
      const digits = m.replace(/\D/g, '').slice(-11);
      return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
    },
  },
  {
    // Only with an area code: a bare 7–8 digit run is more often an amount than a number.
    name: 'landline',
    re: /(?<!\d)\(?0\d{2,3}\)?[- ]?[2-9]\d{6,7}(?!\d)/g,
    mask: (m) => {
      const area = /^\(?0\d{2,3}\)?[- ]?/.exec(m)![0];
      const rest = m.slice(area.length);
      return `${area}${'*'.repeat(rest.length - 2)}${rest.slice(-2)}`;
    },
  },
  {
    name: 'email',
    re: /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g,
    mask: (m) => {
      const at = m.indexOf('@');
      return `${m[0]}***${m.slice(at)}`;
    },
  },
];

/** Masks phone numbers, 身份证号, bank card numbers and e-mail addresses anywhere in a text. */
export function maskText(text: string): string {
  let out = text;
  for (const p of PATTERNS) out = out.replace(p.re, p.mask);
  return out;
}

/** 张三 → 张*, 欧阳娜娜 → 欧***: the family name stays so staff can address the caller. */
export function maskName(name: string): string {
  const n = name.trim();
  if (n === '') return '';
  return `${[...n][0]}${'*'.repeat(Math.max(1, [...n].length - 1))}`;
}

/**
 * A keyed hash of the caller's number (or name when there is none): the same caller gets the
 * same key, so repeat complaints can be counted, but without the secret nobody can go back
 * from the key to the number.
 */
export function callerKey(secret: string, phone: string | undefined, name: string | undefined): string | undefined {
  const digits = phone?.replace(/\D/g, '').replace(/^86(?=1\d{10}$)/, '');
  const basis = digits ? `tel:${digits}` : name?.trim() ? `name:${name.trim()}` : undefined;
  if (!basis) return undefined;
  return createHmac('sha256', secret).update(basis).digest('hex').slice(0, 32);
}
