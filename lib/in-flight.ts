/**
 * Work under way, by key: a caller asking for work already running waits for that run instead of
 * starting its own. Nothing is kept once a run settles. Used to collapse identical reads.
 */
export class InFlight<T> {
  private running = new Map<string, Promise<T>>();

  /** The run for `key`: the one under way (`joined`), or a new one from `start`. */
  share(key: string, start: () => Promise<T>): { result: Promise<T>; joined: boolean } {
    const running = this.running.get(key);
    if (running) return { result: running, joined: true };
    const result = start();
    const runs = this.running;
    runs.set(key, result);
    const forget = () => runs.get(key) === result && runs.delete(key);
    result.then(forget, forget);
    return { result, joined: false };
  }

  /** Later callers start afresh; runs under way still finish for those already waiting. */
  closeAll(): void {
    this.running = new Map();
  }
}
