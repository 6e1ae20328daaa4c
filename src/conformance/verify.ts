/** One check a case made, in the words of the report. */
export interface CheckRecord {
  what: string;
  expected: string;
  actual: string;
  ok: boolean;
}

/** Thrown by a failed check: the case stops there and is reported failed. */
export class CheckFailed extends Error {
  constructor(readonly check: CheckRecord) {
    super(`${check.what}: expected ${check.expected}, got ${check.actual}`);
    this.name = 'CheckFailed';
  }
}

/** Collects the checks of one case; the first failed check stops the case. */
export class Verifier {
  readonly checks: CheckRecord[] = [];

  /** Passes when `actual` equals `expected` once both are described as text. */
  equal(what: string, expected: unknown, actual: unknown): void {
    const e = describe(expected);
    const a = describe(actual);
    this.record(what, e === a, e, a);
  }

  ok(what: string, condition: boolean, expected: string, actual: string): void {
    this.record(what, condition, expected, actual);
  }

  private record(what: string, ok: boolean, expected: string, actual: string): void {
    const check = { what, expected, actual, ok };
    this.checks.push(check);
    if (!ok) throw new CheckFailed(check);
  }
}

const MAX_DESCRIPTION = 400;

/** Short, stable text of a value for expected/actual columns. */
export function describe(value: unknown): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value, sortedKeys) ?? String(value));
  return text.length > MAX_DESCRIPTION ? `${text.slice(0, MAX_DESCRIPTION)}… (${text.length} chars)` : text;
}

function sortedKeys(_key: string, value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(value).sort()) out[k] = (value as Record<string, unknown>)[k];
  return out;
}

/** Masks resident ID numbers (§6.3: first 4 and last 4 kept) and the given secrets. */
export function maskSensitive(text: string, secrets: readonly string[] = []): string {
  let out = text.replace(/(?<![0-9A-Za-z])(\d{4})\d{10}(\d{3}[\dXx])(?![0-9A-Za-z])/g, '$1**********$2');
  for (const secret of secrets) if (secret.length >= 4) out = out.split(secret).join('****');
  return out;
}
