/**
 * Masking of resident ID numbers (GB 11643, national §6.3) and registered secrets, in text and in
 * any value: all but the first and last four characters of an ID are replaced by `*`.
 */

const DIGIT = '[0-9\\uFF10-\\uFF19]';
const CHECK = '[0-9\\uFF10-\\uFF19Xx\\uFF38\\uFF58]';
/**
 * 18 characters (17 digits and a check character) or the older 15 digits, ASCII or full-width,
 * not inside a longer run of digits. Letters may touch them (`sfzh622924197803152315`).
 */
const RESIDENT_ID = new RegExp(`(?<!${DIGIT})(?:${DIGIT}{17}${CHECK}|${DIGIT}{15})(?!${DIGIT})`, 'g');

const FULL_WIDTH_ZERO = 0xff10;

function asciiDigits(text: string): string {
  return text.replace(/[\uFF10-\uFF19]/g, (c) => String(c.charCodeAt(0) - FULL_WIDTH_ZERO));
}

/** A birth date a resident ID could hold: month 01–12, day 01–31 (and, in the 18-character form, a year 18xx–20xx). */
function plausibleBirthDate(id: string): boolean {
  const d = asciiDigits(id);
  const [year, month, day] =
    d.length === 18 ? [d.slice(6, 10), d.slice(10, 12), d.slice(12, 14)] : ['19' + d.slice(6, 8), d.slice(8, 10), d.slice(10, 12)];
  const m = Number(month);
  const dd = Number(day);
  return /^(18|19|20)\d\d$/.test(year) && m >= 1 && m <= 12 && dd >= 1 && dd <= 31;
}

function maskId(id: string): string {
  const chars = [...id];
  return chars.slice(0, 4).join('') + '*'.repeat(chars.length - 8) + chars.slice(-4).join('');
}

const registeredSecrets = new Set<string>();

/** Values (app secrets, API keys, passwords, tokens) that must never appear in a log line or an answer. */
export function registerSecret(value: string | undefined): void {
  if (value && value.length >= 4) registeredSecrets.add(value);
}

/** Stops masking a value (a session token replaced by a newer one). */
export function forgetSecret(value: string | undefined): void {
  if (value) registeredSecrets.delete(value);
}

/**
 * A secret that rotates (a source's access token): registering a new value forgets the one before the
 * previous, so the set of registered secrets stays bounded while a token in flight is still masked.
 */
export function rotatingSecret(): (value: string) => void {
  const held: string[] = [];
  return (value) => {
    if (held.includes(value)) return;
    registerSecret(value);
    held.push(value);
    while (held.length > 2) forgetSecret(held.shift());
  };
}

/** Masks resident ID numbers (all but first 4 and last 4 characters) and every registered secret in a string. */
export function redactText(text: string): string {
  let out = text.replace(RESIDENT_ID, (m) => (plausibleBirthDate(m) ? maskId(m) : m));
  for (const s of registeredSecrets) if (out.includes(s)) out = out.split(s).join('***');
  return out;
}

/** A number holding a resident ID (a JSON number keeps the digits up to the 16th or so): its masked text; else the number. */
function redactNumber(n: number | bigint): number | bigint | string {
  if (typeof n === 'number' && (!Number.isInteger(n) || n < 1e14 || n >= 1e18)) return n;
  const text = n.toString();
  const masked = redactText(text);
  return masked === text ? n : masked;
}

/** A leaf value with resident IDs and secrets masked: strings, and numbers that hold an ID. */
export function redactLeaf(value: unknown): unknown {
  if (typeof value === 'string') return redactText(value);
  if (typeof value === 'number' || typeof value === 'bigint') return redactNumber(value);
  return value;
}

export interface RedactOptions {
  /** Values of keys matching this are replaced by `***` whatever they hold. */
  secretKeys?: RegExp;
  /** Errors become `{ name, message }` with the message masked. */
  errorsAsObjects?: boolean;
}

type Container = Record<string, unknown> | unknown[];
type Step = { kind: 'visit'; value: unknown; into: Container; key: string | number } | { kind: 'leave'; source: object; copy: Container };

/**
 * A deep copy with every leaf passed through redactLeaf. Iterative, so no depth lets a value through
 * or overflows the stack; an object met again inside itself becomes `[Circular]`, one met again
 * elsewhere is the same copy.
 */
export function redactDeep(value: unknown, opts: RedactOptions = {}): unknown {
  const root: Container = [];
  const ancestors = new Set<object>();
  const copies = new WeakMap<object, Container>();
  const stack: Step[] = [{ kind: 'visit', value, into: root, key: 0 }];
  while (stack.length > 0) {
    const step = stack.pop()!;
    if (step.kind === 'leave') {
      ancestors.delete(step.source);
      copies.set(step.source, step.copy);
      continue;
    }
    const { value: v, into, key } = step;
    const put = (x: unknown) => ((into as Record<string | number, unknown>)[key] = x);
    if (v === null || typeof v !== 'object') {
      put(redactLeaf(v));
      continue;
    }
    if (v instanceof Date) {
      put(v);
      continue;
    }
    if (ArrayBuffer.isView(v) || v instanceof ArrayBuffer) {
      put(`[${v.byteLength} bytes]`);
      continue;
    }
    if (ancestors.has(v)) {
      put('[Circular]');
      continue;
    }
    const seen = copies.get(v);
    if (seen) {
      put(seen);
      continue;
    }
    if (v instanceof Error && opts.errorsAsObjects) {
      put({ name: v.name, message: redactText(v.message) });
      continue;
    }
    const copy: Container = Array.isArray(v) ? new Array(v.length) : {};
    put(copy);
    ancestors.add(v);
    stack.push({ kind: 'leave', source: v, copy });
    const entries: Array<[string | number, unknown]> = Array.isArray(v) ? v.map((x, i) => [i, x]) : Object.entries(v);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [k, child] = entries[i]!;
      if (opts.secretKeys && typeof k === 'string' && opts.secretKeys.test(k)) (copy as Record<string, unknown>)[k] = '***';
      else stack.push({ kind: 'visit', value: child, into: copy, key: k });
    }
  }
  return root[0];
}
