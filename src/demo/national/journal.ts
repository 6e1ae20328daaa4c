import { closeSync, existsSync, ftruncateSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import path from 'node:path';

export interface Journal {
  append(entry: unknown): void;
  close(): void;
}

/**
 * Append-only JSON-lines file. Each entry is one line written with one call, so a kill leaves
 * at most a torn last line; opening drops it (and truncates the file there) before appending.
 */
export function openJournal(dir: string, fileName = 'national-journal.jsonl'): { journal: Journal; entries: unknown[] } {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, fileName);
  const entries: unknown[] = [];
  let validLength = 0;
  if (existsSync(file)) {
    const content = readFileSync(file);
    const lastNewline = content.lastIndexOf(0x0a);
    validLength = lastNewline + 1;
    for (const line of content.subarray(0, validLength).toString('utf8').split('\n')) {
      if (line.trim() === '') continue;
      try {
        entries.push(JSON.parse(line));
      } catch {
        // A damaged line cannot be applied; the rest of the journal still can.
      }
    }
  }
  const fd = openSync(file, 'a+');
  ftruncateSync(fd, validLength);
  let closed = false;
  return {
    entries,
    journal: {
      append(entry) {
        if (closed) throw new Error('journal is closed');
        const bytes = Buffer.from(`${JSON.stringify(entry)}\n`, 'utf8');
        let offset = 0;
        while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
      },
      close() {
        if (closed) return;
        closed = true;
        closeSync(fd);
      },
    },
  };
}
