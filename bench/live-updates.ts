import "reflect-metadata";
import { z } from "zod";
import { parseEnv } from "../lib/config.js";
import { createLogger } from "../lib/log.js";
import { runMain } from "../lib/main.js";
import { DEMO_SOCIETIES, buildDemoNetwork } from "../seed/demo-network.js";
import { copyMembers } from "../test/support/members.js";
import { startTestNetwork, type GraphQLResponse } from "../test/support/network.js";
import { until } from "../test/support/poll.js";
import { subscribe, type SseStream } from "../test/support/sse.js";

/**
 * Live updates on a whole test network in this process: latency from a change's commit to its subscriber
 * (one change at a time), and the heap that SUBSCRIPTIONS open subscriptions hold (gateway and client
 * streams together, after a full garbage collection: an upper bound for the gateway).
 *   DATABASE_URL=postgres://… node --expose-gc --import tsx bench/live-updates.ts
 */
runMain(async () => {
  const env = parseEnv({ DATABASE_URL: z.url(), ROUNDS: z.coerce.number().int().min(10).default(100), SUBSCRIPTIONS: z.coerce.number().int().min(1).default(1000) });
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error("run with node --expose-gc");
  const network = await startTestNetwork({ serverUrl: env.DATABASE_URL, log: createLogger("bench", { level: "warn" }), gateway: { liveUpdates: { feedPollMs: 250 } } });
  const streams: SseStream[] = [];
  try {
    const ahea = DEMO_SOCIETIES[3]!;
    const template = buildDemoNetwork().members.find((member) => member.societyId === ahea.id && member.listed)!.id as string;
    const members = await copyMembers(network, template, env.SUBSCRIPTIONS);
    const query = `subscription ($member: ID!) { registrationChanged(memberId: $member) { id status event { title } member { displayName } } }`;
    const start = new Date(Date.now() + 30 * 24 * 3600_000);
    const created = await network.query(`mutation ($input: CreateEventInput!) { createEvent(input: $input) { id } }`, { input: { title: "Bench", kind: "WEBINAR", startsAt: start, endsAt: new Date(start.getTime() + 3600_000), timezone: "UTC", online: true, capacity: 10_000, cpdCredits: 1 } }, network.keys.ahea);
    const event = created.data!.createEvent.id as string;

    // Latency: one subscriber, one registration or cancellation at a time.
    const watcher = await subscribe(network.gatewayUrl, query, { member: members[0] }, { key: network.keys.ahea });
    streams.push(watcher);
    const latencies: number[] = [];
    let registration: string | null = null;
    for (let round = 0; round < env.ROUNDS; round++) {
      const answer: GraphQLResponse = registration
        ? await network.query(`mutation ($id: ID!) { cancelRegistration(id: $id) { id } }`, { id: registration }, network.keys.ahea)
        : await network.query(`mutation ($event: ID!, $member: ID!) { registerForEvent(eventId: $event, memberId: $member) { id } }`, { event, member: members[0] }, network.keys.ahea);
      const committed = performance.now();
      registration = registration ? null : answer.data!.registerForEvent.id;
      await until(() => watcher.events.length === round + 1, "the change");
      latencies.push(watcher.events[round]!.receivedAt - committed);
    }
    latencies.sort((a, b) => a - b);
    const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!.toFixed(0);
    console.log(`commit → subscriber, ${latencies.length} changes one at a time (feed polled every 250 ms): p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${at(1)} ms`);

    // Memory: the heap before and after opening the subscriptions, each after a full collection.
    gc();
    const before = process.memoryUsage();
    for (let index = 1; index < members.length; index += 100) {
      streams.push(...(await Promise.all(members.slice(index, index + 100).map((member) => subscribe(network.gatewayUrl, query, { member }, { key: network.keys.ahea })))));
    }
    await new Promise((resolve) => setTimeout(resolve, 2000));
    gc();
    const after = process.memoryUsage();
    const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
    console.log(`${streams.length} open subscriptions: heap ${mib(before.heapUsed)} → ${mib(after.heapUsed)} MiB (+${((after.heapUsed - before.heapUsed) / streams.length / 1024).toFixed(1)} KiB each, gateway and client together), RSS ${mib(before.rss)} → ${mib(after.rss)} MiB`);
  } finally {
    for (const stream of streams) stream.close();
    await network.stop();
  }
});
