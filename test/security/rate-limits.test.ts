import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import http from "node:http";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "../../lib/http.js";
import { TrustedProxies, type RateLimits } from "../../gateway/rate-limits.js";
import { send, startTestNetwork, type RawResponse, type TestNetwork } from "../support/network.js";

let network: TestNetwork;
beforeAll(async () => {
  network = await startTestNetwork();
});
afterAll(() => network?.stop());

/** A gateway of its own per test, so one test's spent buckets do not leak into another. */
async function gatewayWith(rateLimits: Partial<RateLimits>): Promise<RunningServer> {
  return network.addGateway({ rateLimits });
}

const TYPENAME = JSON.stringify({ query: "{ __typename }" });
const post = (url: string, headers: Record<string, string> = {}) =>
  send(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: TYPENAME });
const together = (count: number, request: () => Promise<RawResponse>) => Promise.all(Array.from({ length: count }, request));

/** A request from a loopback address of the test's choosing (Linux answers on all of 127.0.0.0/8). */
function postFrom(url: string, localAddress: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: "POST", localAddress, headers: { "content-type": "application/json", ...headers } }, (response) => {
      response.resume();
      response.on("end", () => resolve(response.statusCode!));
    });
    request.on("error", reject);
    request.end(TYPENAME);
  });
}

function expectRateLimited(response: RawResponse, policy: string, perSecond: number) {
  expect(response.status).toBe(429);
  expect(Number(response.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
  expect(response.headers.get("ratelimit-policy")).toBe(`"${policy}";q=${perSecond};w=1`);
  expect(response.headers.get("ratelimit")).toMatch(new RegExp(`^"${policy}";r=0;t=\\d+$`));
  expect(response.json.data).toBeUndefined();
  expect(response.json.errors![0]!.extensions).toMatchObject({ code: "RATE_LIMITED" });
  expect(response.json.errors![0]!.message).toMatch(/Rate limit exceeded/);
}

describe("rate limits", () => {
  it("should limit anonymous callers by address with the documented default, announced on every response", async () => {
    const response = await post(network.gatewayUrl);
    expect(response.status).toBe(200);
    expect(response.headers.get("ratelimit-policy")).toBe(`"anonymous";q=50;w=1`);
    expect(response.headers.get("ratelimit")).toMatch(/^"anonymous";r=\d+;t=1$/);
  });

  it("should answer 429 with Retry-After, the RateLimit fields and RATE_LIMITED once an address has spent its rate and burst", async () => {
    const gateway = await gatewayWith({ anonymous: 3 });
    // 3 per second plus a burst allowance of 6: of 20 at once, at most 9 (12 if a second turns) get through.
    const responses = await together(20, () => post(gateway.url));
    const admitted = responses.filter((response) => response.status === 200);
    expect(admitted.length).toBeGreaterThanOrEqual(3);
    expect(admitted.length).toBeLessThanOrEqual(12);
    for (const response of responses.filter((response) => response.status !== 200)) expectRateLimited(response, "anonymous", 3);
    // Probes and metrics stay answered, so a flood cannot make a healthy gateway look dead.
    expect((await send(new URL("/healthz", gateway.url).toString())).status).toBe(200);
    expect((await send(new URL("/readyz", gateway.url).toString())).status).toBe(200);
  });

  it("should limit each key at its own rate, set with `copnet key create --rate` and changed with `copnet key update --rate`", async () => {
    const gateway = await gatewayWith({});
    const copnet = (...args: string[]) =>
      promisify(execFile)(process.execPath, ["bin/copnet.js", "key", ...args, "--gateway", network.gatewayUrl, "--key", network.keys.admin!]);
    const created = await copnet("create", "--role", "researcher", "--label", "slow cohort study", "--rate", "2");
    expect(created.stdout).toMatch(/limited to 2 requests per second/);
    const key = /copnet_[A-Za-z0-9_-]{43}/.exec(created.stdout)![0];
    const id = /researcher key ([0-9a-f-]{36})/.exec(created.stdout)![0].split(" ").pop()!;
    const asKey = () => post(gateway.url, { authorization: `Bearer ${key}` });

    const limited = await together(15, asKey);
    const refused = limited.filter((response) => response.status === 429);
    expect(refused.length).toBeGreaterThan(0);
    expectRateLimited(refused[0]!, "key", 2);
    // Another key is counted on its own, and anonymous callers on the same address too.
    expect((await post(gateway.url, { authorization: `Bearer ${network.keys.researcher}` })).status).toBe(200);
    expect((await post(gateway.url)).status).toBe(200);

    const updated = await copnet("update", id, "--rate", "500");
    expect(updated.stdout).toMatch(/limited to 500 requests per second/);
    expect((await copnet("list")).stdout).toMatch(new RegExp(`${id}.*researcher\\s+-\\s+500 `));
    // The change reaches the gateway through the key table's announcement, within moments.
    let policy: string | null = null;
    for (let attempt = 0; attempt < 50 && policy !== `"key";q=500;w=1`; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      policy = (await asKey()).headers.get("ratelimit-policy");
    }
    expect(policy).toBe(`"key";q=500;w=1`);
    expect((await together(15, asKey)).map((response) => response.status)).toEqual(Array(15).fill(200));

    expect((await copnet("update", id, "--rate", "default")).stdout).toMatch(/limited to its role's default rate/);
    await expect(copnet("update", id, "--rate", "0")).rejects.toThrow(/--rate must be a whole number/);
  }, 180_000); // five runs of the command line, each a few seconds on a busy machine

  it("should limit unknown and malformed keys by address, refusing them unheard once the address has spent its allowance", async () => {
    const gateway = await gatewayWith({ unknownKey: 2 });
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 6; attempt++) {
      const authorization = attempt % 2 ? `Bearer copnet_${randomBytes(32).toString("base64url")}` : "Basic not-a-bearer-key";
      const response = await post(gateway.url, { authorization });
      statuses.push(response.status);
      if (response.status === 429) expectRateLimited(response, "unknown-key", 2);
      else expect(response.json.errors![0]!.extensions!.code).toBe("UNAUTHENTICATED");
    }
    // Two lookups in this second at most; then 429 without a lookup (a one-second window may turn once).
    expect(statuses.filter((status) => status === 401).length).toBeLessThanOrEqual(4);
    expect(statuses.slice(-2)).toContain(429);
    // The address's anonymous requests are counted apart from its failed keys.
    expect((await post(gateway.url)).status).toBe(200);
  });

  it("should keep counting at most maxAddresses addresses, further ones sharing one bucket", async () => {
    const gateway = await gatewayWith({ anonymous: 1, maxAddresses: 3 });
    for (const address of ["127.0.0.2", "127.0.0.3", "127.0.0.4"]) expect(await postFrom(gateway.url, address)).toBe(200);
    // 30 more addresses: one request each, yet together they are one caller with a rate of 1 and a burst of 2.
    const flood: number[] = [];
    for (let host = 10; host < 40; host++) flood.push(await postFrom(gateway.url, `127.0.0.${host}`));
    expect(flood.filter((status) => status === 200).length).toBeLessThan(10);
    expect(flood).toContain(429);
    // An address counted before the flood keeps its own bucket.
    expect(await postFrom(gateway.url, "127.0.0.2")).toBe(200);
    const metrics = (await send(new URL("/metrics", gateway.url).toString())).text;
    expect(Number(/copnet_rate_limit_addresses\{[^}]*\} (\d+)/.exec(metrics)![1])).toBeLessThanOrEqual(3);
  });

  it("should limit the download and admin routes that share the gateway's HTTP server", async () => {
    const gateway = await gatewayWith({ anonymous: 1 });
    const calendar = new URL("/societies/hoecop/events.ics", gateway.url).toString();
    const downloads = await Promise.all(Array.from({ length: 10 }, () => send(calendar)));
    expect(downloads.filter((response) => response.status === 200).length).toBeGreaterThan(0);
    expectRateLimited(downloads.find((response) => response.status === 429)!, "anonymous", 1);

    const admin = new URL("/admin/subgraphs", (await gatewayWith({ anonymous: 1 })).url).toString();
    const unauthenticated = await Promise.all(Array.from({ length: 10 }, () => send(admin)));
    expect(unauthenticated.filter((response) => response.status === 401).length).toBeGreaterThan(0);
    expectRateLimited(unauthenticated.find((response) => response.status === 429)!, "anonymous", 1);
  });

  it("should count each client behind a trusted proxy by the address it forwarded, and ignore the header from anyone else", async () => {
    // 127.0.0.2 plays the ingress; 127.0.0.3 is a client reaching the gateway directly.
    const gateway = await network.addGateway({ rateLimits: { anonymous: 1 }, trustedProxies: TrustedProxies.parse("127.0.0.2") });
    const viaIngress = (client: string, spoofed = "203.0.113.99") => postFrom(gateway.url, "127.0.0.2", { "x-forwarded-for": `${spoofed}, ${client}` });
    // Client A spends its rate and burst (1 + 2), though it names a new left-most address every time.
    const spent: number[] = [];
    for (let attempt = 0; attempt < 6; attempt++) spent.push(await viaIngress("198.51.100.1", `203.0.113.${attempt}`));
    expect(spent).toContain(429);
    // Client B, behind the same ingress, keeps its own bucket.
    expect(await viaIngress("198.51.100.2")).toBe(200);
    // A direct client cannot buy fresh buckets with a forged header: its socket address is counted.
    const direct: number[] = [];
    for (let attempt = 0; attempt < 6; attempt++) direct.push(await postFrom(gateway.url, "127.0.0.3", { "x-forwarded-for": `198.51.100.${10 + attempt}` }));
    expect(direct).toContain(429);
  });
});
