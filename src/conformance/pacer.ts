/**
 * Keeps the run under the platform's rate limit (§3.2, §7.5: any sliding one-second window), so that
 * only the rate-limit cases ever meet a 429. Uses the process's monotonic clock, not the run clock.
 */
const DRAIN_MARGIN_MS = 250;

export class RequestPacer {
  private readonly sent: number[] = [];

  constructor(private readonly perSecond: number) {}

  /** Waits until one more request fits in the window, then counts it. */
  async acquire(): Promise<void> {
    for (;;) {
      const now = performance.now();
      this.forget(now);
      if (this.sent.length < this.perSecond) {
        this.sent.push(now);
        return;
      }
      await sleep(this.sent[0] + 1000 - now + 1);
    }
  }

  /** Counts a request sent outside the pacing (a deliberate burst). */
  note(): void {
    this.sent.push(performance.now());
  }

  /**
   * Waits until the window is empty, with a margin: the platform counts a request when it
   * arrives, a little after it was sent.
   */
  async drain(): Promise<void> {
    const now = performance.now();
    this.forget(now);
    const last = this.sent[this.sent.length - 1];
    if (last !== undefined) await sleep(last + 1000 + DRAIN_MARGIN_MS - now);
    this.sent.length = 0;
  }

  private forget(now: number): void {
    while (this.sent.length > 0 && this.sent[0] <= now - 1000) this.sent.shift();
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}
