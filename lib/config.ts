import { readFileSync } from "node:fs";
import YAML from "yaml";
import { z } from "zod";

/** schema/supergraph.yaml: the subgraphs copnet ships with, their owning societies and default URLs. */
export const SUPERGRAPH_CONFIG_FILE = new URL("../schema/supergraph.yaml", import.meta.url);

export const supergraphConfigSchema = z.object({
  subgraphs: z.record(
    z.string().regex(/^[a-z][a-z0-9]*$/),
    // A subgraph the gateway hosts itself (the data-rights service) has no process, and belongs to no society.
    z.union([z.object({ society: z.uuid(), url: z.url() }), z.object({ society: z.null(), url: z.url(), host: z.literal("gateway") })]),
  ),
});
export type SupergraphConfig = z.infer<typeof supergraphConfigSchema>;

/**
 * Read once, synchronously, at start-up: every list of shipped subgraphs (start, seed, compose, the gateway's
 * URL overrides, the tests) comes from this one file, so shipping a subgraph is an entry there plus its code.
 */
export const SHIPPED_CONFIG: SupergraphConfig = supergraphConfigSchema.parse(YAML.parse(readFileSync(SUPERGRAPH_CONFIG_FILE, "utf8")));

/** Every subgraph the registry records on first start, in the order of schema/supergraph.yaml. */
export const SHIPPED_SUBGRAPHS: readonly string[] = Object.keys(SHIPPED_CONFIG.subgraphs);
/** The shipped subgraphs that run as processes of their own, each with its database (all but the gateway-hosted one). */
export const SUBGRAPH_NAMES: readonly string[] = SHIPPED_SUBGRAPHS.filter((name) => !("host" in SHIPPED_CONFIG.subgraphs[name]!));
export type SubgraphName = string;
/** Every process that owns a database: the subgraphs plus the gateway (API keys, the registry). */
export type ServiceName = string;

/** The gateway on 4000; each shipped subgraph on the port of its URL in schema/supergraph.yaml (4001–4005). */
export const DEFAULT_PORTS: Record<ServiceName, number> = {
  gateway: 4000,
  ...Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, Number(new URL(SHIPPED_CONFIG.subgraphs[name]!.url).port)])),
};

export class ConfigError extends Error {}

/**
 * Parses environment variables with a zod object schema; on failure names every offending variable,
 * so start-up stops with a message an operator can act on.
 */
export function parseEnv<T extends z.ZodRawShape>(shape: T, env: NodeJS.ProcessEnv = process.env) {
  const result = z.object(shape).safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new ConfigError(`invalid configuration — ${problems.join("; ")}`);
  }
  return result.data;
}

/**
 * V8 heap settings the gateway runs with (npm start, docker-compose, the benchmark). Node's default young
 * generation let the gateway grow to ~380 MB resident under load; a 2 MB semi-space and a 256 MB old
 * space keep it near 250 MB at the same throughput (measured with `npm run bench`).
 */
export const GATEWAY_NODE_FLAGS = ["--max-semi-space-size=2", "--max-old-space-size=256"];

/** Where a subgraph reaches the gateway (its public keys at `/.well-known/jwks.json`). */
export const gatewayUrlEnv = z.url({ protocol: /^https?$/ }).default(`http://127.0.0.1:${DEFAULT_PORTS.gateway}`);
/**
 * `statement_timeout` of the subgraphs' runtime database pools: a statement the gateway no longer waits
 * for (its subgraph deadline is 5 s by default) is not worth finishing.
 */
export const DEFAULT_STATEMENT_TIMEOUT_MS = 5000;
export const statementTimeoutEnv = { COPNET_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).default(DEFAULT_STATEMENT_TIMEOUT_MS) };

export const envPort = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

/** `COPNET_METRICS_PORT`: serve `/metrics` on this port only, apart from the public one (Kubernetes); unset: on the main port. */
export const metricsPortEnv = { COPNET_METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional() };

/** A whole number of at least 1 (a limit, a rate, a capacity), with its default. */
export const envPositiveInt = (fallback: number) => z.coerce.number().int().min(1).default(fallback);

/** Database URL of one service: `<SERVICE>_DATABASE_URL`, else DATABASE_URL's server with database `copnet_<service>`. */
export function serviceDatabaseUrl(service: string, env: NodeJS.ProcessEnv = process.env): string {
  const own = env[`${service.toUpperCase()}_DATABASE_URL`];
  if (own) return own;
  const server = env.DATABASE_URL;
  if (!server) throw new ConfigError(`invalid configuration — DATABASE_URL: required (or ${service.toUpperCase()}_DATABASE_URL)`);
  return databaseUrlOn(server, `${env.COPNET_DATABASE_PREFIX ?? "copnet"}_${service}`);
}

export function databaseUrlOn(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}
