import type { Logger } from '../log';
import type { NationalInterface } from '../national/types';

export type FormFn = (interfaces: readonly NationalInterface[], opts: { fullOnly: boolean }) => Promise<number>;

export interface BatchFormer {
  /** Forms the full batches of these interfaces in the background; returns at once. */
  request(interfaces: Iterable<NationalInterface>): void;
  /** Waits for the background work, then forms every batch of these interfaces, partial ones too. */
  flush(interfaces: Iterable<NationalInterface>): Promise<number>;
}

/**
 * Lets a pull stage its next page while the batches of the last one are formed: one background loop per
 * pull, fed with the interfaces that received versions. While the pull runs it forms full batches, so a
 * backlog leaves in requests of the largest size the contract allows. A failure here loses nothing (the versions stay
 * queued, and the periodic sweep forms them); it is logged.
 */
export function createBatchFormer(form: FormFn, log: Logger, opts: { lingerMs?: number } = {}): BatchFormer {
  const lingerMs = opts.lingerMs ?? 1000;
  const wanted = new Set<NationalInterface>();
  const lastFormedAt = new Map<NationalInterface, number>();
  let running: Promise<void> | null = null;

  // A full batch whenever one can be formed; the rest of an interface that formed none for \`lingerMs\`
  // (a slow source) goes out as a smaller batch rather than waiting for the end of the pull.
  async function loop(): Promise<void> {
    while (wanted.size > 0) {
      const interfaces = [...wanted];
      wanted.clear();
      for (const iface of interfaces) {
        const since = lastFormedAt.get(iface) ?? Date.now();
        if (!lastFormedAt.has(iface)) lastFormedAt.set(iface, since);
        const lingered = Date.now() - since >= lingerMs;
        if ((await form([iface], { fullOnly: !lingered })) > 0 || lingered) lastFormedAt.set(iface, Date.now());
      }
    }
  }

  return {
    request(interfaces) {
      for (const i of interfaces) wanted.add(i);
      if (running || wanted.size === 0) return;
      running = loop()
        .catch((err) => {
          log.warn('forming batches failed; the sweep forms them later', { event: 'batch:form-failed', error: (err as Error).message });
        })
        .finally(() => {
          running = null;
        });
    },
    async flush(interfaces) {
      while (running) await running;
      const all = [...new Set(interfaces)];
      return all.length === 0 ? 0 : form(all, { fullOnly: false });
    },
  };
}
