import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = (entry: string, env: Record<string, string>) =>
  promisify(execFile)(process.execPath, ["--import", "tsx", entry], { env: { PATH: process.env.PATH ?? "", ...env }, timeout: 30_000 }).then(
    () => ({ code: 0, stderr: "" }),
    (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
  );

describe("invalid configuration", () => {
  it("should stop the gateway at start with a message naming each bad variable", async () => {
    const { code, stderr } = await run("gateway/main.ts", { DATABASE_URL: "postgres://nobody@127.0.0.1:1/x", GATEWAY_PORT: "99999", COPNET_INTROSPECTION: "sometimes", COPNET_TRUSTED_PROXIES: "10.0.0.0/8, 10.0.0.0/33" });
    expect(code).toBe(1);
    expect(stderr).toContain("invalid configuration");
    for (const variable of ["GATEWAY_PORT", "COPNET_INTROSPECTION", "COPNET_TRUSTED_PROXIES"]) expect(stderr).toContain(variable);
    expect(stderr).toContain(`"10.0.0.0/33" is not an IP address or CIDR range`);
  });

  it("should stop a subgraph without a database to use, naming DATABASE_URL", async () => {
    const { code, stderr } = await run("subgraphs/events/main.ts", { COPNET_GATEWAY_URL: "http://127.0.0.1:4000" });
    expect(code).toBe(1);
    expect(stderr).toMatch(/DATABASE_URL: required \(or EVENTS_DATABASE_URL\)/);
  });
});
