import { AsyncLocalStorage } from 'node:async_hooks';
import winston from 'winston';
import { redactDeep } from './redaction';

const SECRET_KEYS =
  /^(authorization|x-api-key|x-signature|appsecret|app_secret|password|secret|token|accesstoken|access_token|apikey|api_key)$/i;

export { forgetSecret, redactText, registerSecret, rotatingSecret } from './redaction';

/** Deep copy with secret-named fields replaced and every string (and ID-holding number) masked, at any depth. */
export function redact(value: unknown): unknown {
  return redactDeep(value, { secretKeys: SECRET_KEYS, errorsAsObjects: true });
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
    format: winston.format.combine(
      contextFormat(),
      redactFormat(),
      winston.format.timestamp(),
      ...(pretty ? [winston.format.colorize()] : []),
      line,
    ),
    transports: [new winston.transports.Console({ stderrLevels: [] })],
  });
}

/** A logger that drops everything (tests). */
export function silentLogger(): Logger {
  return winston.createLogger({ silent: true, transports: [new winston.transports.Console({ silent: true })] });
}
