import { existsSync, readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { isUuid } from "../lib/validators.js";

export const REGISTRY_HELP = `  subgraph check --name <name> (--sdl <file> | --url <url>) [--society <slug or id>]
                        compose a subgraph with the running ones and report errors, hints, breaking
                        changes and the operations they would break; exits 1 if it would be refused.
                        A society key checks its own subgraph by --sdl only; --url (the gateway
                        fetches the SDL) takes an admin key
  subgraph publish --name <name> --url <url> [--sdl <file>] [--society <slug or id>] [--force]
                        check, then make every gateway switch to the new supergraph (admin key);
                        --force publishes breaking (but composing) changes
  subgraph remove --name <name>
  subgraph list
  supergraph history    every published version, newest first
  supergraph rollback --to <version>
                        publish an earlier version's subgraphs again
  webhook add --url https://… --events registration.changed,mentorship.changed[,event.changed,opportunity.published]
              [--society <slug or id>] [--allow-private]
                        a society's webhook (its own key, or an admin key naming --society; only an admin
                        may --allow-private addresses); prints the signing secret, once
  webhook list          the key's society's webhooks (admin: all)
  webhook remove --id <id>
  webhook deliveries --id <id> [--limit N]
                        the webhook's latest deliveries: status, attempts, last error
  These talk to the gateway's admin API: --gateway <url> (or COPNET_GATEWAY_URL, default
  http://localhost:4000) with --key <key> (or COPNET_API_KEY, else the admin key of \`npm start\`).`;

interface AdminAnswer {
  error?: { code: string; message: string };
  errors?: { message: string }[];
  summary?: string;
  [key: string]: unknown;
}

/** `copnet subgraph …` and `copnet supergraph …`: the registry, through the gateway's admin API. */
export async function registryCommand(noun: "subgraph" | "supergraph" | "webhook", args: string[]): Promise<void> {
  const [action, ...rest] = args;
  const { values } = parseArgs({
    args: rest,
    options: {
      name: { type: "string" },
      url: { type: "string" },
      sdl: { type: "string" },
      society: { type: "string" },
      force: { type: "boolean", default: false },
      to: { type: "string" },
      gateway: { type: "string" },
      key: { type: "string" },
      events: { type: "string" },
      "allow-private": { type: "boolean", default: false },
      id: { type: "string" },
      limit: { type: "string" },
    },
  });
  const admin = new AdminClient(values.gateway ?? process.env.COPNET_GATEWAY_URL ?? "http://localhost:4000", values.key ?? process.env.COPNET_API_KEY ?? devAdminKey());
  const subgraph = async () => ({
    name: required(values.name, "--name"),
    url: values.url,
    sdl: values.sdl ? await readFile(values.sdl, "utf8") : undefined,
    society: values.society ? await admin.societyId(values.society) : undefined,
  });

  switch (`${noun} ${action}`) {
    case "subgraph check":
      return report(await admin.call("POST", "subgraphs/check", await subgraph()));
    case "subgraph publish": {
      const answer = await admin.call("POST", "subgraphs/publish", { ...(await subgraph()), url: required(values.url, "--url"), force: values.force });
      report(answer);
      if (!answer.error) console.log(`published: supergraph version ${String(answer.version)} is live`);
      return;
    }
    case "subgraph remove": {
      const answer = await admin.call("POST", "subgraphs/remove", { name: required(values.name, "--name") });
      report(answer);
      if (!answer.error) console.log(`removed: supergraph version ${String(answer.version)} is live`);
      return;
    }
    case "subgraph list": {
      const { subgraphs, version } = (await admin.call("GET", "subgraphs")) as { subgraphs: Record<string, string | null>[]; version: number };
      console.log(`supergraph version ${version}\n`);
      console.log(["name".padEnd(14), "status".padEnd(8), "society".padEnd(36), "url"].join("  "));
      for (const row of subgraphs) console.log([row.name!.padEnd(14), row.status!.padEnd(8), (row.societyId ?? "-").padEnd(36), row.url].join("  "));
      return;
    }
    case "supergraph history": {
      const { versions, current } = (await admin.call("GET", "supergraph/history")) as { versions: Record<string, unknown>[]; current: number };
      console.log(["version".padEnd(8), "action".padEnd(9), "subject".padEnd(14), "published".padEnd(20), "by".padEnd(14), "subgraphs"].join("  "));
      for (const row of versions) {
        const names = (row.subgraphs as { name: string }[]).map((subgraph) => subgraph.name).join(", ");
        const mark = row.version === current ? " ←" : "";
        console.log([String(row.version).padEnd(8), String(row.action).padEnd(9), String(row.subject ?? "-").padEnd(14), String(row.publishedAt).slice(0, 19).replace("T", " ").padEnd(20), String(row.publishedBy).slice(0, 14).padEnd(14), names + mark].join("  "));
      }
      return;
    }
    case "supergraph rollback": {
      const to = Number(required(values.to, "--to"));
      const answer = await admin.call("POST", "supergraph/rollback", { to });
      report(answer);
      if (!answer.error) console.log(`rolled back: version ${String(answer.version)} restores version ${to} and is live`);
      return;
    }
    case "webhook add": {
      const answer = await admin.call("POST", "webhooks", {
        url: required(values.url, "--url"),
        events: required(values.events, "--events").split(",").map((event) => event.trim()),
        ...(values.society ? { society: await admin.societyId(values.society) } : {}),
        ...(values["allow-private"] ? { allowPrivate: true } : {}),
      });
      report(answer);
      if (answer.error) return;
      const { webhook, secret } = answer as { webhook: { id: string; url: string; events: string[] }; secret: string };
      console.log(`webhook ${webhook.id}: ${webhook.url} (${webhook.events.join(", ")})\nsigning secret (shown once; verify with any Standard Webhooks library): ${secret}`);
      return;
    }
    case "webhook list": {
      const { webhooks } = (await admin.call("GET", "webhooks")) as { webhooks: Record<string, unknown>[] };
      console.log(["id".padEnd(36), "society".padEnd(36), "events".padEnd(40), "url"].join("  "));
      for (const row of webhooks) console.log([String(row.id).padEnd(36), String(row.societyId).padEnd(36), (row.events as string[]).join(",").padEnd(40), row.url].join("  "));
      return;
    }
    case "webhook remove": {
      report(await admin.call("POST", "webhooks/remove", { id: required(values.id, "--id") }));
      return;
    }
    case "webhook deliveries": {
      const query = new URLSearchParams({ endpoint: required(values.id, "--id"), ...(values.limit ? { limit: values.limit } : {}) });
      const { deliveries } = (await admin.call("GET", `webhooks/deliveries?${query}`)) as { deliveries: Record<string, unknown>[] };
      console.log(["created".padEnd(20), "topic".padEnd(22), "status".padEnd(10), "attempts".padEnd(8), "last error"].join("  "));
      for (const row of deliveries) console.log([String(row.createdAt).slice(0, 19).replace("T", " ").padEnd(20), String(row.topic).padEnd(22), String(row.status).padEnd(10), String(row.attempts).padEnd(8), row.lastError ?? "-"].join("  "));
      return;
    }
    default:
      throw new Error(`usage:\n${REGISTRY_HELP}`);
  }
}

/** Prints a check report or refusal in plain words; a refusal, error or failing check sets exit code 1. */
function report(answer: AdminAnswer): void {
  if (answer.summary) console.log(answer.summary);
  if (answer.error) {
    console.error(`refused: ${answer.error.message}`);
    process.exitCode = 1;
  }
  const checks = answer.report as { composes: boolean; breaking: unknown[]; brokenOperations: unknown[] } | undefined;
  if (checks && (!checks.composes || checks.breaking.length > 0 || checks.brokenOperations.length > 0)) process.exitCode = 1;
}

class AdminClient {
  constructor(
    private readonly gateway: string,
    private readonly key: string,
  ) {}

  async call(method: "GET" | "POST", path: string, body?: unknown): Promise<AdminAnswer> {
    const base = new URL(this.gateway);
    let response: Response;
    try {
      response = await fetch(new URL(`/admin/${path}`, base), {
        method,
        headers: { authorization: `Bearer ${this.key}`, ...(body ? { "content-type": "application/json" } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
    } catch (error) {
      throw new Error(`cannot reach the gateway at ${base.origin}: ${error instanceof Error ? error.message : String(error)}`);
    }
    const answer = (await response.json()) as AdminAnswer;
    if (answer.errors) throw new Error(`${response.status}: ${answer.errors.map((error) => error.message).join("; ")}`);
    return answer;
  }

  /** A society's id from its slug, asked of the directory through the gateway. */
  async societyId(slugOrId: string): Promise<string> {
    if (isUuid(slugOrId)) return slugOrId;
    const response = await fetch(new URL("/graphql", this.gateway), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "query ($slug: String!) { society(slug: $slug) { id } }", variables: { slug: slugOrId } }),
    });
    const answer = (await response.json()) as { data?: { society?: { id: string } | null } };
    if (!answer.data?.society) throw new Error(`no society "${slugOrId}" in the directory`);
    return answer.data.society.id;
  }
}

function required(value: string | undefined, flag: string): string {
  if (!value) throw new Error(`${flag} is required`);
  return value;
}

/** The development admin key `npm start` keeps in .copnet/dev-state.json. */
function devAdminKey(): string {
  const file = ".copnet/dev-state.json";
  if (!existsSync(file)) throw new Error("no API key: pass --key or set COPNET_API_KEY (an admin key, or a society key for check)");
  return (JSON.parse(readFileSync(file, "utf8")) as { keys: Record<string, string> }).keys.admin!;
}
