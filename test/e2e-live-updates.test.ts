import { execFileSync } from "node:child_process";
import { createHmac } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { createServer as createTlsServer } from "node:tls";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "graphql-sse";
import { Webhook } from "standardwebhooks";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { buildDemoNetwork, DEMO_SOCIETIES } from "../seed/demo-network.js";
import { copyMembers } from "./support/members.js";
import { send, startTestNetwork, type TestNetwork } from "./support/network.js";
import { sqlRows } from "./support/rows.js";
import { until } from "./support/poll.js";
import { subscribe, type SseStream } from "./support/sse.js";

/** A receiver's self-signed certificate for 127.0.0.1, which the gateways trust as a partner network's own CA. */
const tls = (() => {
  const dir = mkdtempSync(join(tmpdir(), "copnet-webhook-"));
  execFileSync("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem"), "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"], { stdio: "ignore" });
  return { key: readFileSync(join(dir, "key.pem"), "utf8"), cert: readFileSync(join(dir, "cert.pem"), "utf8") };
})();

let network: TestNetwork;
const WEBHOOKS = { ca: tls.cert, pollMs: 50, retryBaseMs: 100, retryMaxMs: 400, retryWindowMs: 2500, timeoutMs: 1000 };
beforeAll(async () => {
  network = await startTestNetwork({ gateway: { liveUpdates: { feedPollMs: 100, webhooks: WEBHOOKS } } });
});
afterAll(() => network?.stop());
// Every test closes what it opened: a key's subscriptions are bounded.
afterEach(() => {
  for (const stream of streams.splice(0)) stream.close();
});

const streams: SseStream[] = [];
const open = async (...args: Parameters<typeof subscribe>) => {
  const stream = await subscribe(...args);
  streams.push(stream);
  return stream;
};
const demo = buildDemoNetwork();
const AHEA = DEMO_SOCIETIES[3];
const aheaMembers = demo.members.filter((member) => member.societyId === AHEA!.id);
const listedAhea = aheaMembers.filter((member) => member.listed).map((member) => member.id as string);
const hiddenAhea = aheaMembers.filter((member) => !member.listed).map((member) => member.id as string);
const inDays = (days: number) => new Date(Date.now() + days * 24 * 3600_000).toISOString();
const createEvent = async (capacity: number) => {
  const { data, errors } = await network.query(
    `mutation ($input: CreateEventInput!) { createEvent(input: $input) { id } }`,
    { input: { title: "Journal club: assessment", kind: "JOURNAL_CLUB", startsAt: inDays(5), endsAt: inDays(5.05), timezone: "Australia/Sydney", online: true, capacity, cpdCredits: 1 } },
    network.keys.ahea,
  );
  expect(errors).toBeUndefined();
  return data!.createEvent.id as string;
};
const REGISTER = `mutation ($event: ID!, $member: ID!) { registerForEvent(eventId: $event, memberId: $member) { id status } }`;
const CANCEL = `mutation ($id: ID!) { cancelRegistration(id: $id) { id status } }`;
const REGISTRATIONS = `subscription ($member: ID!) { registrationChanged(memberId: $member) { id status event { title } member { displayName } } }`;
const statuses = (stream: SseStream) => stream.events.filter((event) => event.event === "next").map((event) => event.data.data?.registrationChanged?.status);
/** A refused subscription is one `next` with the errors, then `complete`. */
const codeOf = async (stream: SseStream | Promise<SseStream>) => {
  const ended = await stream;
  await ended.ended;
  return ended.events[0]?.data?.errors?.[0]?.extensions?.code;
};
const openSubscriptions = async (origin: string) => Number(/^copnet_subscriptions\{[^}]*\} (\d+)$/m.exec((await send(new URL("/metrics", origin).toString())).text)?.[1]);
const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))]!;

describe("subscriptions over server-sent events", () => {
  it("should tell a society of its member's registration, resolved across subgraphs, through the graphql-sse client", async () => {
    const event = await createEvent(10);
    const member = listedAhea[0]!;
    const client = createClient({ url: network.gatewayUrl, headers: { authorization: `Bearer ${network.keys.ahea}` }, retryAttempts: 0 });
    const results = client.iterate({ query: REGISTRATIONS, variables: { member } });
    const first = results.next();
    // The stream is open once the gateway counts it.
    await until(async () => (await openSubscriptions(network.gatewayOrigin)) === 1, "the gateway to count the subscription");
    const registered = await network.query(REGISTER, { event, member }, network.keys.ahea);
    const committed = performance.now();
    const value = (await first).value;
    console.log(`[live-updates] one change, commit → graphql-sse client: ${(performance.now() - committed).toFixed(0)} ms`);
    expect(value).toEqual({ data: { registrationChanged: { id: registered.data!.registerForEvent.id, status: "CONFIRMED", event: { title: "Journal club: assessment" }, member: { displayName: expect.any(String) } } } });
    await results.return?.();
    client.dispose();
  });

  it("should refuse anonymous callers, forged and malformed ids, hidden members, queries and several fields, like queries do", async () => {
    const url = network.gatewayUrl;
    expect(await codeOf(open(url, REGISTRATIONS, { member: listedAhea[1] }))).toBe("FORBIDDEN");
    expect(await codeOf(open(url, REGISTRATIONS, { member: crypto.randomUUID() }, { key: network.keys.ahea }))).toBe("NOT_FOUND");
    expect(await codeOf(open(url, REGISTRATIONS, { member: "1 or 1=1" }, { key: network.keys.ahea }))).toBe("BAD_USER_INPUT");
    const mentorships = `subscription ($member: ID!) { mentorshipChanged(memberId: $member) { id status } }`;
    // A member hidden from HOECOP is absent for it here too, and indistinguishable from an unknown one.
    expect(await codeOf(open(url, mentorships, { member: hiddenAhea[0] }, { key: network.keys.hoecop }))).toBe("NOT_FOUND");
    expect(await codeOf(open(url, `{ societies { id } }`, {}, { key: network.keys.ahea }))).toBe("BAD_USER_INPUT");
    expect(await codeOf(open(url, `subscription { a: opportunityPublished { id } b: opportunityPublished { id } }`, {}))).toBe("GRAPHQL_VALIDATION_FAILED");
    expect(await codeOf(open(url, `subscription { opportunityPublished { nope } }`, {}))).toBe("GRAPHQL_VALIDATION_FAILED");
    expect((await open(url, REGISTRATIONS, { member: listedAhea[1] }, { key: "copnet_forged" })).status).toBe(401);
    expect((await open(url, `subscription { opportunityPublished { id ${"title ".repeat(8000)} } }`, {})).status).toBe(413);
  });

  it("should never show another society's member registrations to a subscriber that may not see them", async () => {
    const event = await createEvent(10);
    const member = listedAhea[2]!;
    const owner = await open(network.gatewayUrl, REGISTRATIONS, { member }, { key: network.keys.ahea });
    const other = await open(network.gatewayUrl, REGISTRATIONS, { member }, { key: network.keys.hoecop });
    const researcher = await open(network.gatewayUrl, `subscription ($member: ID!) { mentorshipChanged(memberId: $member) { id } }`, { member }, { key: network.keys.researcher });
    await network.query(REGISTER, { event, member }, network.keys.ahea);
    await until(() => statuses(owner).length === 1, "the owner's event");
    // Changes reach every subscriber of a gateway in the same pass; give the other one's resolution time to finish.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(other.events).toEqual([]);
    expect(researcher.events).toEqual([]);
  });

  it("should show every promoted member CONFIRMED exactly once, and nobody else anything, after 1000 registrations for 100 seats and 50 cancellations", async () => {
    const event = await createEvent(100);
    const members = await copyMembers(network, listedAhea[0]!, 1000);
    // Waves of 25 simultaneous registrations: on two shared cores, 1000 at once queue on the event's row
    // lock for longer than the subgraphs' statement timeout (e2e-events.test.ts covers 1000 at once).
    const answers = [];
    for (let start = 0; start < members.length; start += 25) {
      answers.push(...(await Promise.all(members.slice(start, start + 25).map((member) => network.query(REGISTER, { event, member }, network.keys.ahea)))));
    }
    expect(answers.find((answer) => answer.errors)?.errors).toBeUndefined();
    expect(answers.filter((answer) => answer.data?.registerForEvent.status === "CONFIRMED")).toHaveLength(100);
    const queue = await sqlRows<{ id: string; member_id: string; status: string }>(network.databaseUrl("events"), "select id, member_id, status from registration where event_id = $1 order by sequence", [event]);
    const cancelled = queue.filter((row) => row.status === "CONFIRMED").slice(0, 50);
    const promoted = queue.filter((row) => row.status === "WAITLISTED").slice(0, 50);
    // Subscribers: the 50 to cancel, the 50 to be promoted, and 50 confirmed and 50 waitlisted who must hear nothing.
    const watched = [...cancelled, ...queue.filter((row) => row.status === "CONFIRMED").slice(50, 100), ...queue.filter((row) => row.status === "WAITLISTED").slice(0, 100)].map((row) => row.member_id);
    const subscribers = new Map<string, SseStream>();
    for (let start = 0; start < watched.length; start += 50) {
      const batch = await Promise.all(watched.slice(start, start + 50).map((member) => subscribe(network.gatewayUrl, REGISTRATIONS, { member }, { key: network.keys.ahea })));
      batch.forEach((stream, index) => subscribers.set(watched[start + index]!, stream));
    }
    streams.push(...subscribers.values());
    await until(async () => (await openSubscriptions(network.gatewayOrigin)) === watched.length, "the subscriptions to open");
    const committedAt = new Map<string, number>();
    await Promise.all(cancelled.map(async (row) => {
      const answer = await network.query(CANCEL, { id: row.id }, network.keys.ahea);
      expect(answer.errors).toBeUndefined();
      committedAt.set(row.member_id, performance.now());
    }));
    await until(() => [...cancelled, ...promoted].every((row) => statuses(subscribers.get(row.member_id)!).length >= 1), "100 notifications", 60_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    for (const row of promoted) expect(statuses(subscribers.get(row.member_id)!)).toEqual(["CONFIRMED"]);
    for (const row of cancelled) expect(statuses(subscribers.get(row.member_id)!)).toEqual(["CANCELLED"]);
    const told = new Set([...cancelled, ...promoted].map((row) => row.member_id));
    for (const [member, stream] of subscribers) if (!told.has(member)) expect(stream.events, member).toEqual([]);
    // From the cancellation's answer (just after its commit) to the cancelled member's subscriber.
    const latencies = cancelled.map((row) => subscribers.get(row.member_id)!.events[0]!.receivedAt - committedAt.get(row.member_id)!);
    console.log(`[live-updates] 50 cancellations at once, commit → subscriber: p50 ${percentile(latencies, 50).toFixed(0)} ms, p99 ${percentile(latencies, 99).toFixed(0)} ms`);
    for (const stream of subscribers.values()) stream.close();
    await until(async () => (await openSubscriptions(network.gatewayOrigin)) === 0, "the subscriptions to close");
  }, 180_000);

  it("should resume from Last-Event-ID after the subscriber's gateway restarts, missing nothing and repeating nothing", async () => {
    const member = listedAhea[3]!;
    const [first, later] = [await createEvent(10), await createEvent(10)];
    const gateway = await network.addGateway({ liveUpdates: { feedPollMs: 100 } });
    const before = await open(gateway.url, REGISTRATIONS, { member }, { key: network.keys.ahea });
    const registration = (await network.query(REGISTER, { event: first, member }, network.keys.ahea)).data!.registerForEvent.id;
    await until(() => statuses(before).length === 1, "the first change");
    await gateway.close();
    await before.ended;
    // While the subscriber is away: a cancellation, then a new registration elsewhere.
    await network.query(CANCEL, { id: registration }, network.keys.ahea);
    await network.query(REGISTER, { event: later, member }, network.keys.ahea);
    // Any gateway of the network resumes it: here the first one.
    const resumed = await open(network.gatewayUrl, REGISTRATIONS, { member }, { key: network.keys.ahea, lastEventId: before.events[0]!.id });
    await until(() => statuses(resumed).length === 2, "the two missed changes");
    expect(statuses(resumed)).toEqual(["CANCELLED", "CONFIRMED"]);
    expect(Number(resumed.events[1]!.id)).toBeGreaterThan(Number(resumed.events[0]!.id));
    expect(Number(resumed.events[0]!.id)).toBeGreaterThan(Number(before.events[0]!.id));
    resumed.close();
  });

  it("should bound subscriptions per key, and cut off a subscriber that falls behind", async () => {
    // Another gateway of the network with tight bounds: each gateway serves (and bounds) its own subscribers.
    const second = await network.addGateway({ liveUpdates: { feedPollMs: 100, subscriptions: { perKey: 2, maxQueued: 1 }, webhooks: WEBHOOKS } });
    const opportunities = `subscription { opportunityPublished(kinds: [GRANT]) { id title society { slug } } }`;
    const [a, b] = [await open(second.url, opportunities, {}, { key: network.keys.vicrmg }), await open(second.url, opportunities, {}, { key: network.keys.vicrmg })];
    expect(await codeOf(open(second.url, opportunities, {}, { key: network.keys.vicrmg }))).toBe("RATE_LIMITED");
    b.close();
    await until(async () => (await Promise.race([codeOf(open(second.url, opportunities, {}, { key: network.keys.vicrmg })), new Promise((resolve) => setTimeout(() => resolve("open"), 300))])) === "open", "a freed place", 5000);
    // Ten grants in one request commit within milliseconds: more than one waiting exceeds this gateway's bound of 1.
    const grants = Array.from({ length: 10 }, (_unused, index) => `g${index}: createOpportunity(input: { kind: GRANT, title: "Grant ${index}", deadline: "${inDays(30)}", eligibility: "Anyone" }) { id }`);
    expect((await network.query(`mutation { ${grants.join(" ")} }`, {}, network.keys.hoecop)).errors).toBeUndefined();
    await a.ended;
    expect(a.events.filter((event) => event.event === "next").length).toBeLessThan(10);
    for (const stream of streams.splice(0)) stream.close();
    await second.close();
  });
});

/** An https receiver on 127.0.0.1 answering with the given statuses in turn (the last one repeated). */
async function receiver(statuses: number[]): Promise<{ url: string; requests: { headers: Record<string, string>; body: string }[]; server: Server }> {
  const requests: { headers: Record<string, string>; body: string }[] = [];
  const server = createServer({ key: tls.key, cert: tls.cert }, (req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      requests.push({ headers: req.headers as Record<string, string>, body });
      res.writeHead(statuses[Math.min(requests.length - 1, statuses.length - 1)]!).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `https://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`, requests, server };
}

const admin = (method: string, path: string, key: string, body?: unknown) =>
  send(new URL(`/admin/${path}`, network.gatewayOrigin).toString(), { method, headers: { "content-type": "application/json", authorization: `Bearer ${key}` }, body: body === undefined ? undefined : JSON.stringify(body) });

describe("webhooks", () => {
  it("should retry a failing receiver with backoff and deliver once more, signed per Standard Webhooks, with ids and the change only", async () => {
    const hook = await receiver([500, 503, 500, 204]);
    const added = await admin("POST", "webhooks", network.keys.admin, { url: hook.url, events: ["registration.changed"], society: AHEA!.id, allowPrivate: true });
    expect(added.status).toBe(200);
    const { webhook, secret } = added.json as any;
    expect(secret).toMatch(/^whsec_/);
    const event = await createEvent(10);
    const member = listedAhea[4]!;
    await network.query(REGISTER, { event, member }, network.keys.ahea);
    await until(() => hook.requests.length === 4, "four attempts");
    const last = hook.requests[3]!;
    expect(new Set(hook.requests.map((request) => request.headers["webhook-id"])).size).toBe(1);
    expect(new Webhook(secret).verify(last.body, last.headers)).toMatchObject({ type: "registration.changed", data: { memberId: member, eventId: event, status: "CONFIRMED" } });
    // The same signature by hand: HMAC-SHA256 over "id.timestamp.body" with the base64 secret after "whsec_".
    const signed = `${last.headers["webhook-id"]}.${last.headers["webhook-timestamp"]}.${last.body}`;
    expect(last.headers["webhook-signature"]).toBe(`v1,${createHmac("sha256", Buffer.from(secret.slice(6), "base64")).update(signed).digest("base64")}`);
    expect(Object.keys(JSON.parse(last.body).data).sort()).toEqual(["changeId", "eventId", "memberId", "registrationId", "status"]);
    const log = await admin("GET", `webhooks/deliveries?endpoint=${webhook.id}`, network.keys.ahea);
    await until(async () => ((await admin("GET", `webhooks/deliveries?endpoint=${webhook.id}`, network.keys.ahea)).json as any).deliveries[0].status === "SUCCEEDED", "the delivery to be recorded");
    expect((log.json as any).deliveries).toHaveLength(1);
    const [delivery] = ((await admin("GET", `webhooks/deliveries?endpoint=${webhook.id}`, network.keys.ahea)).json as any).deliveries;
    expect(delivery).toMatchObject({ status: "SUCCEEDED", attempts: 4, lastStatusCode: 204, lastError: null });
    // Another society's key cannot read or remove AHEA's webhook; anonymous callers get nothing.
    expect((await admin("GET", `webhooks/deliveries?endpoint=${webhook.id}`, network.keys.hoecop)).status).toBe(404);
    expect((await admin("POST", "webhooks/remove", network.keys.hoecop, { id: webhook.id })).status).toBe(404);
    expect((await send(new URL(`/admin/webhooks/deliveries?endpoint=${webhook.id}`, network.gatewayOrigin).toString())).status).toBe(401);
    expect((await admin("POST", "webhooks/remove", network.keys.ahea, { id: webhook.id })).status).toBe(200);
    hook.server.close();
  });

  it("should mark a delivery FAILED with its attempts logged when the receiver never succeeds, and never call a private address unless an admin allowed it", async () => {
    const failing = await receiver([500]);
    const added = (await admin("POST", "webhooks", network.keys.admin, { url: failing.url, events: ["mentorship.changed", "event.changed"], society: AHEA!.id, allowPrivate: true })).json as any;
    // A society adds its own webhook, but may not allow a private address: this one is refused at delivery time.
    expect((await admin("POST", "webhooks", network.keys.ahea, { url: failing.url, events: ["event.changed"], allowPrivate: true })).status).toBe(403);
    expect((await admin("POST", "webhooks", network.keys.ahea, { url: failing.url.replace("https", "http"), events: ["event.changed"] })).status).toBe(400);
    expect((await admin("POST", "webhooks", network.keys.ahea, { url: failing.url, events: ["member.erased"] })).status).toBe(400);
    const own = (await admin("POST", "webhooks", network.keys.ahea, { url: failing.url, events: ["event.changed"] })).json as any;
    expect(own.webhook.allowPrivate).toBe(false);
    const event = await createEvent(10);
    await network.query(`mutation ($id: ID!) { updateEvent(id: $id, input: { capacity: 12 }) { id } }`, { id: event }, network.keys.ahea);
    const deliveries = async (id: string) => ((await admin("GET", `webhooks/deliveries?endpoint=${id}`, network.keys.ahea)).json as any).deliveries;
    await until(async () => (await deliveries(added.webhook.id))[0]?.status === "FAILED" && (await deliveries(own.webhook.id))[0]?.status === "FAILED", "both deliveries to fail", 20_000);
    const [failed] = await deliveries(added.webhook.id);
    expect(failed).toMatchObject({ topic: "event.changed", status: "FAILED", lastStatusCode: 500, lastError: "HTTP 500" });
    expect(failed.attempts).toBeGreaterThanOrEqual(3);
    expect(failing.requests.length).toBe(failed.attempts);
    const [refused] = await deliveries(own.webhook.id);
    expect(refused.lastError).toMatch(/private address/);
    const listed = ((await admin("GET", "webhooks", network.keys.ahea)).json as any).webhooks;
    expect(listed.map((endpoint: any) => endpoint.id).sort()).toEqual([added.webhook.id, own.webhook.id].sort());
    expect(listed.every((endpoint: any) => endpoint.secret === undefined)).toBe(true);
    expect(((await admin("GET", "webhooks", network.keys.hoecop)).json as any).webhooks).toEqual([]);
    for (const id of [added.webhook.id, own.webhook.id]) await admin("POST", "webhooks/remove", network.keys.admin, { id });
    failing.server.close();
  });

  it("should give up on a receiver that trickles its answer a byte at a time, and keep delivering to the others", async () => {
    // Each byte resets the socket's idle timer: only a deadline for the whole answer ends such a delivery.
    const trickling = createTlsServer({ key: tls.key, cert: tls.cert }, (socket) => {
      const status = "HTTP/1.1 200 OK\r\n";
      let sent = 0;
      // The status line, then a header name that never ends.
      const timer = setInterval(() => socket.write(sent < status.length ? status[sent++]! : "x"), 300);
      socket.on("error", () => clearInterval(timer)).on("close", () => clearInterval(timer));
    });
    await new Promise<void>((resolve) => trickling.listen(0, "127.0.0.1", resolve));
    const healthy = await receiver([204]);
    const slow = (await admin("POST", "webhooks", network.keys.admin, { url: `https://127.0.0.1:${(trickling.address() as AddressInfo).port}/hooks`, events: ["event.changed"], society: AHEA!.id, allowPrivate: true })).json as any;
    const fine = (await admin("POST", "webhooks", network.keys.admin, { url: healthy.url, events: ["event.changed"], society: AHEA!.id, allowPrivate: true })).json as any;
    const event = await createEvent(10);
    await network.query(`mutation ($id: ID!) { updateEvent(id: $id, input: { capacity: 13 }) { id } }`, { id: event }, network.keys.ahea);
    const deliveries = async (id: string) => ((await admin("GET", `webhooks/deliveries?endpoint=${id}`, network.keys.ahea)).json as any).deliveries;
    await until(async () => (await deliveries(slow.webhook.id))[0]?.lastError === "no answer within 1000 ms", "the trickling receiver to time out", 20_000);
    await until(async () => (await deliveries(fine.webhook.id))[0]?.status === "SUCCEEDED", "the healthy receiver's delivery", 20_000);
    for (const id of [slow.webhook.id, fine.webhook.id]) await admin("POST", "webhooks/remove", network.keys.admin, { id });
    healthy.server.close();
    trickling.close();
  });
});
