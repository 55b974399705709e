import type { Bounded } from "./bounded.js";

/**
 * Work under way, by key: a caller asking for work already running waits for that run instead of
 * starting its own. Nothing is kept once a run settles, and at most `capacity` runs are shared at once
 * (keys come from client requests): beyond that, work simply runs unshared. Used to collapse identical reads.
 */
export class InFlight<T> implements Bounded {
  private running = new Map<string, Promise<T>>();

  constructor(
    readonly name: string,
    readonly capacity = 1000,
  ) {}

  get size(): number {
    return this.running.size;
  }

  /** The run for `key`: the one under way (`joined`), or a new one from `start`. */
  share(key: string, start: () => Promise<T>): { result: Promise<T>; joined: boolean } {
    const running = this.running.get(key);
    if (running) return { result: running, joined: true };
    const result = start();
    if (this.running.size >= this.capacity) return { result, joined: false };
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
