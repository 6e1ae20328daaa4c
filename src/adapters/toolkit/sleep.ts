import { abortableSleep } from '../../common/sleep';
import { SourceError } from '../errors';

/** Waits `ms`, or rejects with a transient TG_SOURCE_ABORTED as soon as the signal aborts. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** The error of a read cancelled through its signal. */
export function aborted(): SourceError {
  return new SourceError('transient', 'TG_SOURCE_ABORTED', 'the read was cancelled');
}

/** setTimeout as a promise that an abort cuts short; an already aborted signal rejects at once. */
export const sleep: Sleep = (ms, signal) => abortableSleep(ms, signal, aborted);
