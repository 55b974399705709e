import type { Logger } from "./log.js";

/**
 * Runs `work` again `intervalMs` after each run ends (never two at once), logging a failure and carrying on;
 * `stop` waits for a run in progress to end.
 */
export class Periodic {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly intervalMs: number,
    private readonly work: () => Promise<unknown>,
    private readonly log: Logger,
    private readonly failure: string,
  ) {}

  start(firstAfterMs = this.intervalMs): void {
    const tick = () => {
      this.running = this.work()
        .then(() => undefined)
        .catch((error: unknown) => this.log.warn({ err: error }, this.failure))
        .finally(() => {
          if (this.timer) this.timer = setTimeout(tick, this.intervalMs);
        });
    };
    this.timer = setTimeout(tick, firstAfterMs);
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }
}
