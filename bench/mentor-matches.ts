import "reflect-metadata";
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { SUBGRAPH_NAMES, parseEnv, serviceDatabaseUrl } from "../lib/config.js";
import { createLogger } from "../lib/log.js";
import { runMain } from "../lib/main.js";
import { startSubgraph } from "../lib/subgraph.js";
import { startGateway } from "../gateway/server.js";
import { readSupergraphConfig, shippedSubgraphs } from "../gateway/supergraph.js";
import { SUBGRAPHS } from "../subgraphs/index.js";
import { freePort } from "../test/support/ports.js";

/**
 * How long `mentorMatches(first: 10)` takes through the gateway on a seeded directory (e.g. 100k members,
 * ~15k mentor profiles): seed once with `copnet seed --members 100000` under a COPNET_DATABASE_PREFIX, then
 *   DATABASE_URL=… COPNET_DATABASE_PREFIX=copnet_bench npm run bench:matches
 * Sequential requests, after a warm-up; prints p50, p95 and max.
 */
runMain(async () => {
  const env = parseEnv({ DATABASE_URL: z.url(), ROUNDS: z.coerce.number().int().min(5).default(60) });
  const log = createLogger("bench", { level: "warn" });
  const secret = randomBytes(32).toString("hex");
  const subgraphs = [];
  const gatewayPort = await freePort();
  for (const name of SUBGRAPH_NAMES) subgraphs.push(await startSubgraph(SUBGRAPHS[name], { databaseUrl: serviceDatabaseUrl(name), port: 0, tokenSecrets: [secret], gatewayUrl: `http://127.0.0.1:${gatewayPort}`, log }));
  const urls = Object.fromEntries(subgraphs.map((subgraph) => [subgraph.name, subgraph.url]));
  const gateway = await startGateway({ databaseUrl: serviceDatabaseUrl("gateway"), port: gatewayPort, subgraphs: await shippedSubgraphs(await readSupergraphConfig(), urls), subgraphUrls: urls, tokenSecret: secret, log });
  const query = async (text: string, variables: Record<string, unknown> = {}) => {
    const response = await fetch(gateway.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: text, variables }) });
    const body = (await response.json()) as { data?: any; errors?: unknown[] };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data;
  };
  try {
    const programs = await query(`{ mentoringPrograms(open: true) { id format } }`);
    const program = programs.mentoringPrograms.find((candidate: { format: string }) => candidate.format === "ONE_TO_ONE").id;
    const total = (await query(`{ members(first: 1) { totalCount } }`)).members.totalCount;
    const mentees = (await query(`{ members(first: 100, filter: { careerStage: TRAINEE }) { edges { node { id } } } }`)).members.edges.map((edge: { node: { id: string } }) => edge.node.id);
    const matches = `query ($id: ID!, $program: ID!) { member(id: $id) { mentorMatches(programId: $program, first: 10) { score mentor { id displayName } breakdown { factor value } } } }`;
    for (const id of mentees.slice(0, 5)) await query(matches, { id, program }); // warm-up
    const times: number[] = [];
    for (let round = 0; round < env.ROUNDS; round++) {
      const started = performance.now();
      const data = await query(matches, { id: mentees[round % mentees.length], program });
      times.push(performance.now() - started);
      if (data.member.mentorMatches.length === 0) throw new Error("no matches: is the directory seeded?");
    }
    times.sort((a, b) => a - b);
    const at = (share: number) => times[Math.min(times.length - 1, Math.floor(share * times.length))]!.toFixed(1);
    console.log(`mentorMatches(first: 10) over ${total} listed members, ${env.ROUNDS} requests: p50 ${at(0.5)} ms, p95 ${at(0.95)} ms, max ${times.at(-1)!.toFixed(1)} ms`);
  } finally {
    await gateway.close();
    for (const subgraph of subgraphs) await subgraph.close();
  }
});
