import { SingleBar } from 'cli-progress';
import type { ProgressEvent } from '../types';

export interface ProgressView {
  update(event: ProgressEvent): void;
  stop(): void;
}

/** A progress bar on a terminal; one plain line per case otherwise (CI logs). */
export function createProgress(stream: NodeJS.WriteStream, total: number): ProgressView {
  if (stream.isTTY) {
    const bar = new SingleBar({
      stream,
      format: 'conformance [{bar}] {value}/{total} | failed {failed} | {caseId}',
      hideCursor: true,
      clearOnComplete: false,
    });
    let failed = 0;
    bar.start(total, 0, { failed, caseId: '' });
    return {
      update: (e) => {
        if (e.result.status === 'failed') failed++;
        bar.update(e.done, { failed, caseId: e.result.id });
      },
      stop: () => bar.stop(),
    };
  }
  const width = String(total).length;
  return {
    update: (e) => {
      const mark = e.result.status === 'passed' ? 'PASS' : e.result.status === 'failed' ? 'FAIL' : 'SKIP';
      stream.write(`[${String(e.done).padStart(width)}/${total}] ${mark} ${e.result.id} (${e.result.durationMs} ms)\n`);
    },
    stop: () => undefined,
  };
}
