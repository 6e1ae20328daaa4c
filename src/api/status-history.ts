/** One point of the backlog and throughput charts. */
export interface StatusSample {
  time: string;
  interfaces: Record<string, { pending: number; inFlight: number; quarantined: number; delivered: number; deliveredPerMinute: number }>;
}

type StatusLike = {
  time: string;
  interfaces: ReadonlyArray<{
    interface: string;
    pending: number;
    inFlight: number;
    quarantined: number;
    delivered: number;
    deliveredPerMinute: number;
  }>;
};

export function sampleOf(status: StatusLike): StatusSample {
  const interfaces: StatusSample['interfaces'] = {};
  for (const i of status.interfaces) {
    interfaces[i.interface] = {
      pending: i.pending,
      inFlight: i.inFlight,
      quarantined: i.quarantined,
      delivered: i.delivered,
      deliveredPerMinute: i.deliveredPerMinute,
    };
  }
  return { time: status.time, interfaces };
}

/**
 * A fixed-size ring of recent status samples kept by this process, so a dashboard opened now shows
 * the last minutes at once. Lost at restart; Prometheus keeps the long history.
 */
export class StatusHistory {
  private readonly samples: StatusSample[] = [];

  constructor(private readonly capacity = 360) {}

  add(sample: StatusSample): void {
    this.samples.push(sample);
    if (this.samples.length > this.capacity) this.samples.splice(0, this.samples.length - this.capacity);
  }

  list(): StatusSample[] {
    return [...this.samples];
  }

  /**
   * Samples every `ms` with \`read\`; returns a stop function. A failed sample is skipped. The counts
   * behind a sample grow with the tables, so the pause after a sample is also at least
   * \`maxShare\`⁻¹ times as long as the sample took: on a large database the charts get fewer points
   * instead of the sampling taking a growing share of PostgreSQL from the pipeline.
   */
  start(ms: number, read: () => Promise<StatusLike>, onError: (err: unknown) => void = () => undefined, maxShare = 0.05): () => void {
    let timer: NodeJS.Timeout | undefined;
    let stopped = false;
    const schedule = (delay: number) => {
      if (stopped) return;
      timer = setTimeout(sample, delay);
      timer.unref();
    };
    const sample = () => {
      const started = Date.now();
      read()
        .then((s) => this.add(sampleOf(s)))
        .catch(onError)
        .finally(() => schedule(Math.max(ms, (Date.now() - started) / maxShare)));
    };
    schedule(ms);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }
}
