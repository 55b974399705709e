import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { send, type RawResponse, type TestNetwork } from "./network.js";

/** The `copnet` command line in its own process: exit code, stdout and stderr, whether it succeeds or not. */
export function runCopnet(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return promisify(execFile)(process.execPath, ["bin/copnet.js", ...args], {
    env: { PATH: process.env.PATH ?? "", LOG_LEVEL: "silent", ...env },
    timeout: 90_000, // the command loads a good part of the code base, on two busy cores
  }).then(
    (output) => ({ code: 0, ...output }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );
}

/** A call to the gateway's admin API (GET without a body, POST with one), with a key or none. */
export function adminRequest(network: TestNetwork, path: string, body?: unknown, key: string | null = network.keys.admin!): Promise<RawResponse> {
  return send(new URL(`/admin/${path}`, network.gatewayUrl).toString(), {
    method: body === undefined ? "GET" : "POST",
    headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}
