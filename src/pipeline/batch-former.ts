import type { Logger } from '../log';
import type { NationalInterface } from '../national/types';

export type FormFn = (interfaces: readonly NationalInterface[], opts: { fullOnly: boolean }) => Promise<number>;

export interface BatchFormer {
  /** Forms the full batches of these interfaces in the background; returns at once. */
  request(interfaces: Iterable<NationalInterface>): void;
  /** Batches of these interfaces were formed elsewhere (with a page): their linger starts again. */
  formed(interfaces: Iterable<NationalInterface>): void;
  /**
   * Versions of these interfaces wait in the queue for the pull's next page, which batches them with
   * its own: nothing is claimed now, but if no batch of the interface is formed for `lingerMs` (a
   * slow source), what is queued goes out as a smaller batch, as with `request`.
   */
  hold(interfaces: Iterable<NationalInterface>): void;
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
  const lingerTimers = new Map<NationalInterface, NodeJS.Timeout>();
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

  function request(interfaces: Iterable<NationalInterface>): void {
    for (const i of interfaces) wanted.add(i);
    if (running || wanted.size === 0) return;
    running = loop()
      .catch((err) => {
        log.warn('forming batches failed; the sweep forms them later', { event: 'batch:form-failed', error: (err as Error).message });
      })
      .finally(() => {
        running = null;
      });
  }

  return {
    request,
    formed(interfaces) {
      for (const i of interfaces) lastFormedAt.set(i, Date.now());
    },
    hold(interfaces) {
      for (const iface of interfaces) {
        if (lingerTimers.has(iface)) continue;
        if (!lastFormedAt.has(iface)) lastFormedAt.set(iface, Date.now());
        const due = lastFormedAt.get(iface)! + lingerMs - Date.now();
        const timer = setTimeout(
          () => {
            lingerTimers.delete(iface);
            if (Date.now() - lastFormedAt.get(iface)! >= lingerMs) request([iface]);
          },
          Math.max(due, 0),
        );
        timer.unref();
        lingerTimers.set(iface, timer);
      }
    },
    async flush(interfaces) {
      for (const timer of lingerTimers.values()) clearTimeout(timer);
      lingerTimers.clear();
      while (running) await running;
      const all = [...new Set(interfaces)];
      return all.length === 0 ? 0 : form(all, { fullOnly: false });
    },
  };
}
