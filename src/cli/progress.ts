import cliProgress from 'cli-progress';

export interface Progress {
  update(done: number, total?: number, note?: string): void;
  stop(): void;
}

/** A progress bar on a terminal; plain progress lines (at most one every 2 s) otherwise. */
export function createProgress(label: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: `${label} [{bar}] {value}/{total} {note}`, hideCursor: true, stream, clearOnComplete: false },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      update(done, total, note = '') {
        const t = Math.max(total ?? done, done, 1);
        if (!started) {
          bar.start(t, done, { note });
          started = true;
        } else {
          bar.setTotal(t);
          bar.update(done, { note });
        }
      },
      stop() {
        if (started) bar.stop();
      },
    };
  }
  let last = 0;
  return {
    update(done, total, note = '') {
      const now = Date.now();
      if (now - last < 2000) return;
      last = now;
      stream.write(`${label}: ${done}${total ? `/${total}` : ''} ${note}\n`);
    },
    stop() {
      stream.write(`${label}: done\n`);
    },
  };
}
