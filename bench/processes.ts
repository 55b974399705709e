import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { spawnService, stopProcess } from "../bin/service-process.js";

/** A server the benchmark started as its own process: what it is, where it listens. */
export interface Service {
  name: string;
  url: string;
  child: ChildProcess;
}

/** Where every started server writes a V8 CPU profile when it stops (`--cpu-prof DIR`), if anywhere. */
let profileDir: string | null = null;
let profiles = 0;

export function profileServices(dir: string): void {
  profileDir = dir;
}

/** Starts a server (output dropped, an IPC channel open) and resolves once it listens. */
export async function startService(name: string, entry: string, args: string[], env: NodeJS.ProcessEnv = process.env, nodeFlags: string[] = []): Promise<Service> {
  const profiling = profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`, `--cpu-prof-name=${String(++profiles).padStart(3, "0")}-${name}.cpuprofile`] : [];
  const service = spawnService(name, entry, { args, env, nodeFlags: [...nodeFlags, ...profiling], ipc: true });
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

/** Clock ticks per second of /proc/<pid>/stat's times (USER_HZ: 100 on Linux for every architecture in use). */
const TICK_MS = 10;

/** /proc/<pid>/stat's fields after the command name (which may hold spaces), or null once the process is gone. */
function statFields(pid: number): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  } catch {
    return null;
  }
}

/** CPU time (user + system) a process has used so far, in ms; 0 once it is gone. */
export function cpuMs(pid: number): number {
  const fields = statFields(pid); // fields[11] is utime, [12] stime (stat fields 14 and 15)
  return fields ? (Number(fields[11]) + Number(fields[12])) * TICK_MS : 0;
}

/**
 * CPU time of a PostgreSQL server so far, in ms: the postmaster's own, its exited children's (cutime and
 * cstime: backends that ended between two readings still count) and every live child's — the backends of
 * every connection and the background workers.
 */
export function postgresCpuMs(postmasterPid: number): number {
  const own = statFields(postmasterPid);
  if (!own) return 0;
  let total = (Number(own[11]) + Number(own[12]) + Number(own[13]) + Number(own[14])) * TICK_MS;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const fields = statFields(Number(entry));
    if (fields && Number(fields[1]) === postmasterPid) total += (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  }
  return total;
}

/** The postmaster of the server a backend process belongs to (its parent), if this machine can see it. */
export function parentPid(pid: number): number | null {
  const fields = statFields(pid);
  return fields ? Number(fields[1]) : null;
}

/** A process's command name (/proc/<pid>/comm), or null once it is gone. */
export function processName(pid: number): string | null {
  try {
    return readFileSync(`/proc/${pid}/comm`, "utf8").trim();
  } catch {
    return null;
  }
}
