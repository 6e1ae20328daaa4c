import { AsyncLocalStorage } from 'node:async_hooks';
import winston from 'winston';

const SECRET_KEYS = /^(authorization|x-api-key|x-signature|appsecret|app_secret|password|secret|token|accesstoken|apikey|api_key)$/i;
const RESIDENT_ID = /(?<![0-9A-Za-z])(\d{4})(\d{10})(\d{3}[\dXx])(?![0-9A-Za-z])/g;

const registeredSecrets = new Set<string>();

/** Values (app secrets, API keys, passwords, tokens) that must never appear in a log line. */
export function registerSecret(value: string | undefined): void {
  if (value && value.length >= 4) registeredSecrets.add(value);
}

/** Masks resident ID numbers (all but first 4 and last 4) and every registered secret in a string. */
export function redactText(text: string): string {
  let out = text.replace(RESIDENT_ID, (_m, a: string, mid: string, b: string) => `${a}${'*'.repeat(mid.length)}${b}`);
  for (const s of registeredSecrets) if (out.includes(s)) out = out.split(s).join('***');
  return out;
}

/** Deep copy with secret-named fields replaced and every string passed through redactText. */
export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object' || depth > 8) return value;
  if (value instanceof Error) return { name: value.name, message: redactText(value.message) };
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEYS.test(k) ? '***' : redact(v, depth + 1);
  return out;
}

/** Fields (a job id, a request id) added to every log line written while a job or request runs. */
const logContext = new AsyncLocalStorage<Record<string, string>>();

export function withLogContext<T>(fields: Record<string, string>, fn: () => T): T {
  return logContext.run({ ...logContext.getStore(), ...fields }, fn);
}

const contextFormat = winston.format((info) => {
  const ctx = logContext.getStore();
  if (ctx) for (const [k, v] of Object.entries(ctx)) if (info[k] === undefined) info[k] = v;
  return info;
});

const redactFormat = winston.format((info) => {
  for (const key of Object.keys(info)) {
    if (key === 'level' || key === 'timestamp') continue;
    (info as Record<string, unknown>)[key] = SECRET_KEYS.test(key) ? '***' : redact(info[key]);
  }
  return info;
});

export type Logger = winston.Logger;

/** JSON lines by default; a readable single-line format when stdout is a terminal. */
export function createLogger(opts: { level?: string; pretty?: boolean } = {}): Logger {
  const pretty = opts.pretty ?? Boolean(process.stdout.isTTY);
  const line = pretty
    ? winston.format.printf(({ level, message, timestamp, ...rest }) => {
        const extra = Object.keys(rest).length ? ` ${JSON.stringify(rest)}` : '';
        return `${timestamp as string} ${level} ${message as string}${extra}`;
      })
    : winston.format.json();
  return winston.createLogger({
    level: opts.level ?? 'info',
    format: winston.format.combine(contextFormat(), redactFormat(), winston.format.timestamp(), ...(pretty ? [winston.format.colorize()] : []), line),
    transports: [new winston.transports.Console({ stderrLevels: [] })],
  });
}

/** A logger that drops everything (tests). */
export function silentLogger(): Logger {
  return winston.createLogger({ silent: true, transports: [new winston.transports.Console({ silent: true })] });
}
