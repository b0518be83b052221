/**
 * Keeps requests to one host at least `delayMs` apart, so a county website on a small server
 * is never hammered. One throttle is shared by every page source, so two sources on one site
 * take turns. Clock and sleep are injectable; tests record the waits instead of waiting.
 */
export class HostThrottle {
  /** Per host: when the latest claimed slot starts. */
  private readonly next = new Map<string, number>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  /** Claims the host's next free slot at once (so concurrent callers queue), then waits for it. */
  async wait(url: string, delayMs: number): Promise<void> {
    const host = new URL(url).host;
    const previous = this.next.get(host);
    const slot = previous === undefined ? this.now() : Math.max(this.now(), previous + delayMs);
    this.next.set(host, slot);
    const due = slot - this.now();
    if (due > 0) await this.sleep(due);
  }
}
