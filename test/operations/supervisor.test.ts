import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import net from "node:net";
import { join } from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { SUBGRAPH_NAMES, databaseUrlOn, type ServiceName } from "../../lib/config.js";
import { dropDatabase } from "../../lib/database.js";
import { SERVICES } from "../../seed/prepare.js";
import { postGraphQL } from "../support/network.js";
import { freePorts } from "../support/ports.js";

/*
 * `copnet start` for real, on the test PostgreSQL with its own database prefix, state folder and ports:
 * the supervisor, its children and their logs as an operator sees them.
 */
const prefix = `t${randomBytes(4).toString("hex")}`;
const databaseUrl = (service: ServiceName) => databaseUrlOn(inject("databaseUrl"), `${prefix}_${service}`);
let stateDir = "";
let start: ChildProcess | undefined;
let squatter: net.Server | undefined;
afterAll(async () => {
  squatter?.close();
  if (start && start.exitCode === null) {
    const exited = new Promise((resolve) => start!.once("exit", resolve));
    start.kill("SIGTERM");
    await exited;
  }
  for (const service of SERVICES) await dropDatabase(databaseUrl(service));
  if (stateDir) await rm(stateDir, { recursive: true, force: true });
});

/** Listens on `port` as soon as the process that held it is gone. */
async function occupy(port: number): Promise<net.Server> {
  for (;;) {
    const server = net.createServer();
    const bound = await new Promise<boolean>((resolve) => {
      server.once("error", () => resolve(false));
      server.listen(port, "127.0.0.1", () => resolve(true));
    });
    if (bound) return server;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("copnet start's supervisor", () => {
  it("should restart a service killed with SIGKILL, and stop everything with the service's last error on a crash loop", async () => {
    stateDir = await mkdtemp(join(tmpdir(), "copnet-start-"));
    const [gatewayPort, ...subgraphPorts] = await freePorts(1 + SUBGRAPH_NAMES.length);
    const ports: Record<string, string> = { GATEWAY_PORT: String(gatewayPort) };
    SUBGRAPH_NAMES.forEach((name, index) => (ports[`${name.toUpperCase()}_PORT`] = String(subgraphPorts[index])));
    start = spawn(process.execPath, ["bin/copnet.js", "start"], {
      env: { ...process.env, DATABASE_URL: inject("databaseUrl"), COPNET_DATABASE_PREFIX: prefix, COPNET_STATE_DIR: stateDir, ...ports },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    start.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    start.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => start!.once("exit", resolve));
    const waitFor = async (pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray> => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const match = pattern.exec(output);
        if (match) return match;
        if (Date.now() > deadline || start!.exitCode !== null) throw new Error(`no ${pattern} in the output of copnet start:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    };
    const pidOf = async (name: string, nth: number) => {
      const pattern = new RegExp(`\\[supervisor\\] ${name} started \\(pid (\\d+)\\)`, "g");
      await waitFor(new RegExp(`(${pattern.source}[\\s\\S]*){${nth}}`), 60_000);
      return Number([...output.matchAll(pattern)][nth - 1]![1]);
    };
    const gateway = `http://127.0.0.1:${ports.GATEWAY_PORT}/graphql`;
    const societies = async () => (await postGraphQL(gateway, { query: "{ societies { slug } }" })).json.data?.societies?.length ?? 0;

    await waitFor(/copnet is up in/, 240_000);
    expect(await societies()).toBeGreaterThan(0);

    process.kill(await pidOf("members", 1), "SIGKILL");
    await waitFor(/\[supervisor\] members was killed by SIGKILL; restarting it in 500 ms/, 10_000);
    await waitFor(/\[supervisor\] members is back at http:\/\/127\.0\.0\.1:\d+\/graphql/, 60_000);
    expect(await societies()).toBeGreaterThan(0);

    process.kill(await pidOf("gateway", 1), "SIGKILL");
    await waitFor(/\[supervisor\] gateway is back at/, 60_000);
    expect(await societies()).toBeGreaterThan(0);

    // With its port taken members cannot start again: its restarts fail until the fifth in a row.
    const members = Number(ports.MEMBERS_PORT);
    process.kill(await pidOf("members", 2), "SIGKILL");
    squatter = await occupy(members);
    await waitFor(/a crash loop/, 240_000);
    expect(await exited).toBe(1);
    expect(output).toMatch(/\[supervisor\] members exited with code 1; restarting it in \d+ ms/);
    // Whichever rule trips first (5 exits in a minute, or 5 failed restarts in a row), the message is the same.
    expect(output).toMatch(/members exited with code 1 — [^\n]*: a crash loop, so copnet stopped\. Its last error:\n.*EADDRINUSE/);
    // Everything stopped with it: the gateway no longer answers.
    await expect(fetch(gateway)).rejects.toThrow();
  }, 480_000);
});
