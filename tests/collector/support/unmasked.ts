/** What must never leave the collector: these match only unmasked values (masks use *). */
const UNMASKED: { what: string; re: RegExp }[] = [
  { what: 'mobile number', re: /(?<!\d)(?:\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}(?!\d)/ },
  { what: '身份证号', re: /(?<![0-9A-Za-z])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![0-9A-Za-z])/ },
  { what: 'bank card number', re: /(?<!\d)(?:\d[ -]?){15,18}\d(?!\d)/ },
  { what: 'landline number', re: /(?<!\d)\(?0\d{2,3}\)?[- ]?[2-9]\d{6,7}(?!\d)/ },
  { what: 'e-mail address', re: /[A-Za-z0-9._%+-]*[A-Za-z0-9._%+-]{2}@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/ },
];

/** Keys whose values are hashes or ids of our own making: hex digits are not personal data. */
const SKIPPED_KEYS = new Set(['id', 'key']);

function strings(value: unknown, path: string, out: { path: string; text: string }[]): void {
  if (typeof value === 'string') out.push({ path, text: value });
  else if (typeof value === 'number') out.push({ path, text: String(value) });
  else if (Array.isArray(value)) value.forEach((v, i) => strings(v, `${path}[${i}]`, out));
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) if (!SKIPPED_KEYS.has(k)) strings(v, `${path}.${k}`, out);
  }
}

/** Every unmasked phone, ID, bank card or e-mail in the messages, as "channel path: what in text". */
export function findUnmasked(messages: { channel: string; value: unknown }[]): string[] {
  const found: string[] = [];
  for (const m of messages) {
    const fields: { path: string; text: string }[] = [];
    strings(m.value, m.channel, fields);
    for (const f of fields) {
      for (const p of UNMASKED) {
        const hit = p.re.exec(f.text);
        // Dates and instants are digits too: 2026-11-24T09:00:00.000+08:00 is not a phone.
        if (hit && !/^\d{4}-\d{2}-\d{2}T/.test(f.text)) found.push(`${f.path}: ${p.what} "${hit[0]}" in "${f.text.slice(0, 80)}"`);
      }
    }
  }
  return found;
}
