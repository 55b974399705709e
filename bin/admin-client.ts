import { existsSync, readFileSync } from "node:fs";
import { isUuid } from "../lib/validators.js";

export const ADMIN_CLIENT_HELP = `  Every command below talks to the gateway's admin API: --gateway <url> (or COPNET_GATEWAY_URL, default
  http://localhost:4000) with --key <admin key> (or COPNET_API_KEY, else the admin key of \`npm start\`).`;

/** The parseArgs options every admin command accepts. */
export const ADMIN_CLIENT_OPTIONS = { gateway: { type: "string" }, key: { type: "string" } } as const;

export interface AdminAnswer {
  error?: { code: string; message: string };
  errors?: { message: string }[];
  summary?: string;
  [key: string]: unknown;
}

/** The gateway's admin API (/admin/…, JSON), called with an API key: what every operator command goes through. */
export class AdminClient {
  readonly gateway: string;
  private readonly key: string;

  constructor(options: { gateway?: string; key?: string }) {
    this.gateway = options.gateway ?? process.env.COPNET_GATEWAY_URL ?? "http://localhost:4000";
    this.key = options.key ?? process.env.COPNET_API_KEY ?? devAdminKey();
  }

  /** Answers with the JSON body; an HTTP error (`errors`) throws, a registry refusal (`error`) is returned for the report. */
  async call<T = AdminAnswer>(method: "GET" | "POST", path: string, body?: unknown): Promise<T & AdminAnswer> {
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
    const answer = (await response.json()) as T & AdminAnswer;
    if (answer.errors) throw new Error(`${response.status}: ${answer.errors.map((error) => error.message).join("; ")}`);
    return answer;
  }

  /** A society's id from its slug, asked of the directory through the gateway (any key may ask). */
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

/** The development admin key `npm start` keeps in <state dir>/dev-state.json. */
function devAdminKey(): string {
  const file = `${process.env.COPNET_STATE_DIR ?? ".copnet"}/dev-state.json`;
  if (!existsSync(file)) throw new Error("no API key: pass --key or set COPNET_API_KEY (an admin key; `copnet admin bootstrap` creates the first one)");
  return (JSON.parse(readFileSync(file, "utf8")) as { keys: Record<string, string> }).keys.admin!;
}

/** A society as listings show it: its slug and name, never a bare id. */
export function societyLabel(society: { slug: string | null; name: string | null; id?: string } | null): string {
  if (!society) return "-";
  return society.slug ? `${society.slug} (${society.name})` : `unknown society ${society.id}`;
}

export function stamp(value: string | Date | null): string {
  return value ? new Date(value).toISOString().slice(0, 19).replace("T", " ") : "-";
}

export function required(value: string | undefined, flag: string): string {
  if (!value) throw new Error(`${flag} is required`);
  return value;
}

/** Prints rows as aligned columns under a header. */
export function table(header: string[], rows: string[][]): void {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  for (const row of [header, ...rows]) console.log(row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!))).join("  "));
}
