import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";

/** A server the benchmark started as its own process: what it is, where it listens. */
export interface Service {
  name: string;
  url: string;
  child: ChildProcess;
}

/**
 * Starts a TypeScript entry point on this Node (with tsx) and resolves once it prints "ready at <url>".
 * Its output is drained and dropped after that, so a logging server never blocks on a full pipe.
 */
export function startService(name: string, entry: string, args: string[], env: NodeJS.ProcessEnv = process.env, nodeFlags: string[] = []): Promise<Service> {
  const child = spawn(process.execPath, [...nodeFlags, "--import", "tsx", entry, ...args], { env, stdio: ["ignore", "pipe", "pipe", "ipc"] });
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  return new Promise((resolve, reject) => {
    const failed = (code: number | null) => reject(new Error(`${name} exited (code ${code}) before it was ready:\n${stderr}`));
    child.once("exit", failed);
    let pending = "";
    const onData = (chunk: Buffer) => {
      pending += chunk.toString();
      const ready = /ready at (\S+)/.exec(pending);
      if (!ready) return;
      child.stdout!.off("data", onData).resume();
      child.off("exit", failed);
      resolve({ name, url: ready[1]!, child });
    };
    child.stdout!.on("data", onData);
  });
}

export function stopService(service: Service): Promise<void> {
  const { child } = service;
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

/** The process's peak resident set so far (VmHWM), in MB. */
export function peakRssMb(service: Service): number {
  const status = readFileSync(`/proc/${service.child.pid}/status`, "utf8");
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
}

/** SQL statements a bench subgraph (bench/subgraph.ts) has sent so far. */
export function sqlStatements(service: Service): Promise<number> {
  return new Promise((resolve) => {
    service.child.once("message", (message: { sql: number }) => resolve(message.sql));
    service.child.send({ sql: true });
  });
}

/** Runs a script to completion in its own process and returns what it printed last (JSON). */
export function runJson<T>(entry: string, args: string[]): Promise<T> {
  const child = spawn(process.execPath, ["--import", "tsx", entry, ...args], { stdio: ["ignore", "pipe", "inherit"] });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) =>
    child.once("exit", (code) => (code === 0 ? resolve(JSON.parse(output.trim().split("\n").at(-1)!) as T) : reject(new Error(`${entry} exited with code ${code}`)))),
  );
}
