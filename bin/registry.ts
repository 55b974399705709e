import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { ADMIN_CLIENT_OPTIONS, AdminClient, required, societyLabel, stamp, table, type AdminAnswer } from "./admin-client.js";

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
                        the webhook's latest deliveries: status, attempts, last error`;

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
      ...ADMIN_CLIENT_OPTIONS,
      events: { type: "string" },
      "allow-private": { type: "boolean", default: false },
      id: { type: "string" },
      limit: { type: "string" },
    },
  });
  const admin = new AdminClient(values);
  const subgraph = async () => ({
    name: required(values.name, "--name"),
    url: values.url,
    sdl: values.sdl ? await readFile(values.sdl, "utf8") : undefined,
    society: values.society,
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
      const { subgraphs, version } = await admin.call<{ subgraphs: { name: string; status: string; url: string; society: { slug: string; name: string } | null }[]; version: number }>("GET", "subgraphs");
      console.log(`supergraph version ${version}\n`);
      table(["name", "status", "society", "url"], subgraphs.map((row) => [row.name, row.status, societyLabel(row.society), row.url]));
      return;
    }
    case "supergraph history": {
      const { versions, current } = (await admin.call("GET", "supergraph/history")) as { versions: Record<string, unknown>[]; current: number };
      table(
        ["version", "action", "subject", "published", "by", "subgraphs"],
        versions.map((row) => [
          String(row.version),
          String(row.action),
          String(row.subject ?? "-"),
          stamp(row.publishedAt as string),
          String(row.publishedBy).slice(0, 14),
          (row.subgraphs as { name: string }[]).map((subgraph) => subgraph.name).join(", ") + (row.version === current ? " ←" : ""),
        ]),
      );
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
export function report(answer: AdminAnswer): void {
  if (answer.summary) console.log(answer.summary);
  if (answer.error) {
    console.error(`refused: ${answer.error.message}`);
    process.exitCode = 1;
  }
  const checks = answer.report as { composes: boolean; breaking: unknown[]; brokenOperations: unknown[] } | undefined;
  if (checks && (!checks.composes || checks.breaking.length > 0 || checks.brokenOperations.length > 0)) process.exitCode = 1;
}
