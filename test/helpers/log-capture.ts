import { Writable } from 'node:stream';
import winston from 'winston';
import type { Logger } from '../../src/log';

/** A logger that keeps every entry (as the JSON a gateway would print) instead of printing it. */
export function captureLogger(level = 'debug'): { log: Logger; entries: Array<Record<string, unknown>> } {
  const entries: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      entries.push(JSON.parse(String(chunk)) as Record<string, unknown>);
      cb();
    },
  });
  const log = winston.createLogger({ level, format: winston.format.json(), transports: [new winston.transports.Stream({ stream })] });
  return { log, entries };
}
