import { spawn, type ChildProcess } from "node:child_process";

/** A copnet server started as its own process. */
export interface ServiceProcess {
  name: string;
  child: ChildProcess;
  /** The URL it prints once it listens ("… ready at <url>"); rejects if it exits first. */
  ready: Promise<string>;
  /** The last few kB it wrote to stderr: what it said before it died. */
  stderrTail(): string;
}

/**
 * Starts an entry point on this Node: TypeScript through tsx, compiled JavaScript (`copnet build`) as it is. Its output is read until it says it is
 * ready; after that each line goes to `echo`, or is drained and dropped, so a logging server never
 * blocks on a full pipe. stderr lines go to `echo` too, and its tail is kept. `ipc` opens a message
 * channel to it.
 */
export function spawnService(
  name: string,
  entry: string,
  options: { args?: string[]; env?: NodeJS.ProcessEnv; nodeFlags?: string[]; ipc?: boolean; echo?: (line: string) => void } = {},
): ServiceProcess {
  const child = spawn(process.execPath, [...(options.nodeFlags ?? []), ...(entry.endsWith(".ts") ? ["--import", "tsx"] : []), entry, ...(options.args ?? [])], {
    env: options.env ?? process.env,
    stdio: ["ignore", "pipe", "pipe", ...(options.ipc ? (["ipc"] as const) : [])],
  });
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => {
    const text = chunk.toString();
    stderr = (stderr + text).slice(-4000);
    for (const line of text.split("\n").filter(Boolean)) options.echo?.(line);
  });
  const ready = new Promise<string>((resolve, reject) => {
    const failed = (code: number | null) => reject(new Error(`${name} exited (code ${code}) before it was ready${stderr ? `:\n${stderr}` : ""}`));
    child.once("exit", failed);
    let before = ""; // output until the ready line, which may arrive in pieces
    let waiting = true;
    child.stdout!.on("data", (chunk: Buffer) => {
      const text = chunk.toString();
      for (const line of text.split("\n").filter(Boolean)) options.echo?.(line);
      if (!waiting) return;
      before += text;
      const match = /ready at (\S+)/.exec(before);
      if (!match) return;
      waiting = false;
      child.off("exit", failed);
      resolve(match[1]!);
    });
  });
  return { name, child, ready, stderrTail: () => stderr.trim() };
}

/** SIGTERM, then SIGKILL if the process has not exited within `graceMs`. */
export function stopProcess(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

/**
 * A crash loop: this many exits within a minute, or this many starts in a row that die before they are
 * ready (on a busy machine a start can take longer than a minute's share).
 */
const CRASH_LOOP_EXITS = 5;
const CRASH_LOOP_WINDOW_MS = 60_000;

export class CrashLoop extends Error {}

/**
 * Keeps the services of `npm start` running. One that exits unexpectedly after it was ready once is
 * started again, after 0.5 s doubling with each recent failure (up to 8 s), with a log line either way;
 * a crash loop makes `failure` reject, naming the service and its last error (the tail of its stderr).
 * Only `stop()` (the supervisor's Ctrl-C/SIGTERM) ends the services on purpose.
 */
export class Supervisor {
  private readonly running = new Map<string, ServiceProcess>();
  private stopping = false;
  private giveUp: (loop: CrashLoop) => void = () => undefined;
  readonly failure = new Promise<never>((_resolve, reject) => (this.giveUp = reject));

  constructor(
    private readonly options: { env: NodeJS.ProcessEnv; echo: (name: string, line: string) => void; log: (line: string) => void },
  ) {
    // Handled by whoever awaits it; a crash loop before anyone does must not become an unhandled rejection.
    this.failure.catch(() => undefined);
  }

  /** Starts a service and resolves with its URL once it is ready (rejects if its first start fails). */
  start(name: string, entry: string, nodeFlags: string[] = []): Promise<string> {
    const exits: number[] = [];
    let failedStarts = 0;
    let wasReady = false;
    const launch = (): ServiceProcess => {
      const service = spawnService(name, entry, { env: this.options.env, nodeFlags, echo: (line) => this.options.echo(name, line) });
      let ready = false;
      this.running.set(name, service);
      this.options.log(`${name} started (pid ${service.child.pid})`);
      service.ready.then(
        (url) => {
          ready = true;
          failedStarts = 0;
          if (wasReady) this.options.log(`${name} is back at ${url}`);
          wasReady = true;
        },
        () => undefined,
      );
      service.child.once("exit", (code, signal) => {
        // A first start that fails is start()'s rejection, not something to retry.
        if (this.stopping || !wasReady) return;
        const now = Date.now();
        exits.push(now);
        while (exits[0]! <= now - CRASH_LOOP_WINDOW_MS) exits.shift();
        if (!ready) failedStarts++;
        const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
        if (exits.length >= CRASH_LOOP_EXITS || failedStarts >= CRASH_LOOP_EXITS) {
          const why = failedStarts >= CRASH_LOOP_EXITS ? `${failedStarts} restarts in a row failed` : `its ${exits.length}th exit within a minute`;
          this.giveUp(new CrashLoop(`${name} ${how} — ${why}: a crash loop, so copnet stopped. Its last error:\n${service.stderrTail() || "(nothing on stderr)"}`));
          return;
        }
        const delayMs = Math.min(500 * 2 ** (Math.max(exits.length, failedStarts) - 1), 8000);
        this.options.log(`${name} ${how}; restarting it in ${delayMs} ms`);
        setTimeout(() => {
          if (!this.stopping) launch();
        }, delayMs);
      });
      return service;
    };
    return launch().ready;
  }

  /** Stops every service (SIGTERM, then SIGKILL after the grace period); none is restarted after this. */
  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all([...this.running.values()].map((service) => stopProcess(service.child)));
  }
}
