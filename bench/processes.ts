import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { spawnService, stopProcess } from "../bin/service-process.js";

/** A server the benchmark started as its own process: what it is, where it listens. */
export interface Service {
  name: string;
  url: string;
  child: ChildProcess;
}

/** Starts a server (output dropped, an IPC channel open) and resolves once it listens. */
export async function startService(name: string, entry: string, args: string[], env: NodeJS.ProcessEnv = process.env, nodeFlags: string[] = []): Promise<Service> {
  const service = spawnService(name, entry, { args, env, nodeFlags, ipc: true });
  return { name, child: service.child, url: await service.ready };
}

export function stopService(service: Service): Promise<void> {
  return stopProcess(service.child, 5000);
}

/** The process's peak resident set so far (VmHWM), in MB. */
export function peakRssMb(service: Service): number {
  return statusMb(service, "VmHWM");
}

/** The process's resident set now (VmRSS), in MB. */
export function rssMb(service: Service): number {
  return statusMb(service, "VmRSS");
}

function statusMb(service: Service, field: "VmHWM" | "VmRSS"): number {
  const status = readFileSync(`/proc/${service.child.pid}/status`, "utf8");
  return Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) / 1024;
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
