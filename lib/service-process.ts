import { spawn, type ChildProcess } from "node:child_process";

/** A copnet server started as its own process. */
export interface ServiceProcess {
  name: string;
  child: ChildProcess;
  /** The URL it prints once it listens ("… ready at <url>"); rejects if it exits first. */
  ready: Promise<string>;
}

/**
 * Starts a TypeScript entry point on this Node, through tsx. Its output is read until it says it is
 * ready; after that each line goes to `echo`, or is drained and dropped, so a logging server never
 * blocks on a full pipe. `ipc` opens a message channel to it.
 */
export function spawnService(
  name: string,
  entry: string,
  options: { args?: string[]; env?: NodeJS.ProcessEnv; nodeFlags?: string[]; ipc?: boolean; echo?: (line: string) => void } = {},
): ServiceProcess {
  const child = spawn(process.execPath, [...(options.nodeFlags ?? []), "--import", "tsx", entry, ...(options.args ?? [])], {
    env: options.env ?? process.env,
    stdio: ["ignore", "pipe", options.echo ? "inherit" : "pipe", ...(options.ipc ? (["ipc"] as const) : [])],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
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
  return { name, child, ready };
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
