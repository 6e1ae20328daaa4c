const MOBILE = /^1[3-9]\d{9}$/;
const LANDLINE = /^0\d{2,3}-?\d{7,8}$/;

/**
 * §5.4 phone rule: split on `/`, `,`, `、`, `;` after NFKC; strip whitespace and a leading +86/0086;
 * the first part that is a mobile or landline number. undefined when none matches.
 */
export function pickPhone(value: string): string | undefined {
  for (const part of value.normalize('NFKC').split(/[/,、;]/u)) {
    const p = part.replace(/\s+/gu, '').replace(/^(\+86|0086)/, '');
    if (MOBILE.test(p) || LANDLINE.test(p)) return p;
  }
  return undefined;
}
