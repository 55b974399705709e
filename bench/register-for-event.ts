import "reflect-metadata";
import { z } from "zod";
import { parseEnv } from "../lib/config.js";
import { createLogger } from "../lib/log.js";
import { runMain } from "../lib/main.js";
import { startTestNetwork } from "../test/support/network.js";

/**
 * How long `registerForEvent` takes through the gateway: a whole test network (throwaway databases on
 * DATABASE_URL's server, seeded with the demo network), one society key registering one of its own members
 * for events of its own, one request at a time after a warm-up. Prints p50, p90 and max.
 *   DATABASE_URL=postgres://… node --import tsx bench/register-for-event.ts
 */
runMain(async () => {
  const env = parseEnv({ DATABASE_URL: z.url(), ROUNDS: z.coerce.number().int().min(10).default(300), WARMUP: z.coerce.number().int().min(0).default(30) });
  const network = await startTestNetwork({ serverUrl: env.DATABASE_URL, log: createLogger("bench", { level: "warn" }) });
  const call = async (query: string, variables: Record<string, unknown>) => {
    const response = await network.query(query, variables, network.keys.ahea);
    if (response.errors) throw new Error(JSON.stringify(response.errors));
    return response.data!;
  };
  try {
    const societyId = "5d1c0a4e-0000-4000-8000-000000000004";
    const members = await call(`query ($society: ID!) { members(first: 1, filter: { society: $society }) { edges { node { id } } } }`, { society: societyId });
    const memberId = members.members.edges[0].node.id as string;
    const events: string[] = [];
    for (let index = 0; index < env.WARMUP + env.ROUNDS; index++) {
      const startsAt = new Date(Date.now() + (30 + index) * 24 * 3600_000);
      const created = await call(
        `mutation ($input: CreateEventInput!) { createEvent(input: $input) { id } }`,
        { input: { title: `Benchmark webinar ${index + 1}`, kind: "WEBINAR", startsAt, endsAt: new Date(startsAt.getTime() + 3600_000), timezone: "Australia/Sydney", online: true, capacity: 50, cpdCredits: 1 } },
      );
      events.push(created.createEvent.id);
    }
    const register = `mutation ($event: ID!, $member: ID!) { registerForEvent(eventId: $event, memberId: $member) { id status } }`;
    const times: number[] = [];
    for (const [index, eventId] of events.entries()) {
      const started = performance.now();
      await call(register, { event: eventId, member: memberId });
      if (index >= env.WARMUP) times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(1);
    console.log(`registerForEvent through the gateway, ${times.length} sequential requests: p50 ${at(0.5)} ms, p90 ${at(0.9)} ms, max ${at(1)} ms`);
  } finally {
    await network.stop();
  }
});
