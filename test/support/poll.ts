/**
 * Reads until `done` accepts the value, and returns it; fails naming `what` after `timeoutMs`. Tests wait this
 * way for what happens in the background (feeds, batched writes, retried jobs) instead of sleeping.
 */
export async function eventually<T>(read: () => T | Promise<T>, done: (value: T) => boolean, what: string, options: { timeoutMs?: number; everyMs?: number } = {}): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, options.everyMs ?? 20));
  }
}

/** Polls `condition` until it holds or `timeoutMs` passes (then fails with `what`). */
export async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  await eventually(condition, Boolean, what, { timeoutMs });
}
