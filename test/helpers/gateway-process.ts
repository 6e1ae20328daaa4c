import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

export interface GatewayProcess {
  readonly child: ChildProcess;
  /** Every stdout/stderr line so far. */
  readonly lines: string[];
  /** Resolves with the API port once the gateway logged `gateway:started`. */
  readonly ready: Promise<number>;
  readonly exited: Promise<number | null>;
  kill(signal?: NodeJS.Signals): void;
}

/**
 * `trace-gateway start` as a child process (what `npm start` runs), with JSON logs captured; `cwd` is
 * the project folder (default this checkout).
 */
export function spawnGateway(env: Record<string, string>, opts: { cwd?: string } = {}): GatewayProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli.ts'), 'start'], {
    cwd: opts.cwd ?? ROOT,
    env: { ...process.env, LOG_LEVEL: 'info', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let resolveReady!: (port: number) => void;
  let rejectReady!: (err: Error) => void;
  const ready = new Promise<number>((res, rej) => {
    resolveReady = res;
    rejectReady = rej;
  });
  ready.catch(() => undefined);
  const onData = (buf: Buffer) => {
    for (const line of String(buf).split('\n')) {
      if (!line.trim()) continue;
      lines.push(line);
      if (line.includes('"gateway:started"')) {
        try {
          const url = JSON.parse(line).url as string;
          resolveReady(Number(new URL(url).port));
        } catch {
          /* not JSON: keep waiting */
        }
      }
    }
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<number | null>((res) =>
    child.once('exit', (code) => {
      rejectReady(new Error(`gateway exited (${code}) before it was ready:\n${lines.slice(-20).join('\n')}`));
      res(code);
    }),
  );
  return { child, lines, ready, exited, kill: (signal = 'SIGKILL') => child.kill(signal) };
}
