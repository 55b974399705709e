import type { IncomingMessage, ServerResponse } from "node:http";
import type { MikroORM } from "@mikro-orm/postgresql";
import { z } from "zod";
import { HttpError, readCapped, readJsonBody, sendJson, type Route } from "../../lib/http.js";
import { ANONYMOUS, REGISTRY_AUDIENCE, type Caller, type ServiceTokens } from "../../lib/identity.js";
import type { Logger } from "../../lib/log.js";
import { describeReport, type CheckReport } from "./checks.js";
import { diffVersions } from "./version-diff.js";
import type { LiveSupergraph } from "./live-supergraph.js";
import { parseBody, requireAdmin, who, type AdminActions } from "../admin/actions.js";
import type { SocietyName } from "../admin/societies.js";
import {
  RegistryRefusal,
  checkSubgraph,
  listSubgraphs,
  publishSubgraph,
  registeredSubgraph,
  removeSubgraph,
  rollbackSupergraph,
  supergraphHistory,
} from "./registry.js";
import type { RegisteredSubgraph, SubgraphDefinition } from "./registry.entity.js";

const PREFIX = "/admin/";

/** An admin's SDL fetch gives up after this long, or beyond this many bytes of answer. */
const SDL_FETCH_TIMEOUT_MS = 3000;
const MAX_SDL_BYTES = 1024 * 1024;

const subgraphInput = z.object({
  name: z.string(),
  /** Where the gateway will call it; a check of a given SDL may leave it out. */
  url: z.url({ protocol: /^https?$/ }).optional(),
  /** The owning society, by slug or id. */
  society: z.string().nullable().optional(),
  /** SDL given directly (`copnet subgraph check --sdl file`); otherwise fetched from the URL. */
  sdl: z.string().optional(),
  force: z.boolean().optional(),
});

/**
 * The registry's admin API on the gateway, used by `copnet subgraph …` and `copnet supergraph …`:
 *   GET  /admin/subgraphs                 list           (admin)
 *   POST /admin/subgraphs/check           check          (admin; or the owning society's key, by SDL only)
 *   POST /admin/subgraphs/publish         publish        (admin)
 *   POST /admin/subgraphs/remove          remove         (admin)
 *   GET  /admin/supergraph/history        history        (admin)
 *   POST /admin/supergraph/diff           what changed for clients between two versions { from, to } (admin)
 *   POST /admin/supergraph/rollback       rollback       (admin)
 * Answers JSON; a refused change is 422 with the check report and its summary in plain words.
 */
export function adminApi(options: {
  orm: MikroORM;
  live: LiveSupergraph;
  tokens: ServiceTokens;
  log: Logger;
  callerOf: (req: IncomingMessage) => Promise<Caller>;
  /** The rest of the admin API (societies, keys, status), served the same way. */
  more: AdminActions;
  /** Listings name each subgraph's owner by slug and name. */
  societyNames: (res: ServerResponse, caller: Caller) => Promise<Map<string, SocietyName>>;
}): Route {
  const { orm, live } = options;
  const actions: AdminActions = {
    ...options.more,
    "GET subgraphs": async (caller, _body, res) => {
      requireAdmin(caller);
      const societies = await options.societyNames(res, caller);
      const subgraphs = (await listSubgraphs(orm.em.fork())).map((subgraph) => ({ ...subgraph, society: subgraph.societyId ? (societies.get(subgraph.societyId) ?? null) : null }));
      return { subgraphs, version: live.version };
    },
    "POST subgraphs/check": async (caller, body, res) => {
      const input = parseBody(subgraphInput, body);
      const em = orm.em.fork();
      const registered = await registeredSubgraph(em, input.name);
      const society = input.society ? await owner(input.society, res, caller) : null;
      if (caller.role !== "admin") {
        // The gateway calls addresses for admins only: a society's URL would make it a probe into its own network.
        if (input.url || !input.sdl) {
          throw new HttpError(400, "A society key checks by SDL only: send the sdl (copnet subgraph check --sdl <file>) and no url; only an admin's check or publish makes the gateway call a subgraph");
        }
        const ownerId = registered ? registered.societyId : society;
        if (caller.role !== "society" || !ownerId || ownerId !== caller.societyId) {
          throw new HttpError(403, "Only an admin key, or the key of the society that owns the subgraph, may check it");
        }
      }
      const { report } = await checkSubgraph(em, await definition(input, registered, res, caller));
      return reported(report, res, caller);
    },
    "POST subgraphs/publish": async (caller, body, res) => {
      requireAdmin(caller);
      const input = parseBody(subgraphInput, body);
      const em = orm.em.fork();
      const registered = await registeredSubgraph(em, input.name);
      if (!input.url) throw new HttpError(400, "Invalid request — url: a published subgraph needs the URL the gateway will call");
      const { version, report } = await publishSubgraph(em, await definition(input, registered, res, caller), { force: input.force ?? false, by: who(caller) });
      await live.refresh();
      return { version: version.version, ...(await reported(report, res, caller)) };
    },
    "POST subgraphs/remove": async (caller, body, res) => {
      requireAdmin(caller);
      const { name } = parseBody(z.object({ name: z.string() }), body);
      const { version, report } = await removeSubgraph(orm.em.fork(), name, who(caller));
      await live.refresh();
      return { version: version.version, ...(await reported(report, res, caller)) };
    },
    "GET supergraph/history": async (caller) => {
      requireAdmin(caller);
      const versions = await supergraphHistory(orm.em.fork());
      return {
        current: live.version,
        versions: versions.map(({ subgraphs, checks, ...version }) => ({
          ...version,
          subgraphs: subgraphs.map(({ name, url }) => ({ name, url })),
          breakingChanges: checks?.breaking.length ?? 0,
        })),
      };
    },
    "POST supergraph/diff": async (caller, body) => {
      requireAdmin(caller);
      const { from, to } = parseBody(z.object({ from: z.number().int().min(1), to: z.number().int().min(1) }), body);
      return diffVersions(orm.em.fork(), from, to);
    },
    "POST supergraph/rollback": async (caller, body) => {
      requireAdmin(caller);
      const { to } = parseBody(z.object({ to: z.number().int().min(1) }), body);
      const version = await rollbackSupergraph(orm.em.fork(), to, who(caller));
      await live.refresh();
      return { version: version.version, restored: to };
    },
  };

  /**
   * A report with its summary in plain words, naming the societies among the clients a change would break.
   * Who else sends what is for admins: a society checking its own subgraph learns which operations break, not whose.
   */
  async function reported(report: CheckReport, res: ServerResponse, caller: Caller): Promise<{ report: CheckReport; summary: string }> {
    if (caller.role !== "admin") {
      report = { ...report, brokenOperations: report.brokenOperations.map(({ clients: _clients, count: _count, ...operation }) => operation) };
    }
    const societies = report.brokenOperations.flatMap((operation) => operation.clients ?? []).filter((client) => client.societyId);
    if (societies.length > 0) {
      const names = await options.societyNames(res, caller);
      for (const client of societies) {
        const society = names.get(client.societyId!);
        if (society) client.client = `${society.slug} (${society.name})`;
      }
    }
    return { report, summary: describeReport(report) };
  }

  /** The owning society's id from its slug or id, checked against the directory. */
  async function owner(slugOrId: string, res: ServerResponse, caller: Caller): Promise<string> {
    const found = [...(await options.societyNames(res, caller)).values()].find((society) => society.slug === slugOrId || society.id === slugOrId);
    if (!found) throw new HttpError(400, `Invalid request — society: no society "${slugOrId}" in the directory`);
    return found.id;
  }

  /** Resolves the SDL: given in the request, or fetched from the subgraph with a signed `_service` call. */
  async function definition(input: z.infer<typeof subgraphInput>, registered: RegisteredSubgraph | null, res: ServerResponse, caller: Caller): Promise<SubgraphDefinition> {
    const url = input.url ?? registered?.url;
    if (!url && !input.sdl) throw new HttpError(400, "Invalid request — give the subgraph's url, or its sdl");
    const sdl = input.sdl ?? (await fetchSdl(input.name, url!, options.tokens));
    // A check of a given SDL for a subgraph not yet registered calls nothing; the URL only has to be well-formed.
    const societyId = input.society ? await owner(input.society, res, caller) : (registered?.societyId ?? null);
    return { name: input.name, url: url ?? `http://${input.name}.invalid/graphql`, societyId, sdl };
  }

  return async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    if (!url.pathname.startsWith(PREFIX)) return false;
    const action = actions[`${req.method} ${url.pathname.slice(PREFIX.length)}`];
    if (!action) throw new HttpError(404, "Not found");
    const caller = await options.callerOf(req);
    if (caller.role === "anonymous") throw new HttpError(401, "The admin API needs an API key");
    try {
      const body = req.method === "POST" ? await readJsonBody(req, 1024 * 1024) : undefined;
      return sendJson(res, 200, await action(caller, body, res, url));
    } catch (error) {
      if (!(error instanceof RegistryRefusal)) throw error;
      const status = error.code === "NOT_FOUND" ? 404 : error.code === "BAD_REQUEST" ? 400 : 422;
      options.log.info({ code: error.code, path: url.pathname }, error.message);
      return sendJson(res, status, {
        error: { code: error.code, message: error.message },
        ...(error.report ? await reported(error.report, res, caller) : {}),
      });
    }
  };
}

/**
 * Asks a subgraph for its SDL the way the gateway asks for data: with a registry token, which subgraphs answer for `_service` and nothing else.
 * Admins only (see the check above). A redirect is refused rather than followed (it could point anywhere),
 * and the answer must come within SDL_FETCH_TIMEOUT_MS and MAX_SDL_BYTES.
 */
async function fetchSdl(name: string, url: string, tokens: ServiceTokens): Promise<string> {
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${await tokens.get(ANONYMOUS, REGISTRY_AUDIENCE)}` },
      body: JSON.stringify({ query: "{ _service { sdl } }" }),
      redirect: "manual",
      signal: AbortSignal.timeout(SDL_FETCH_TIMEOUT_MS),
    });
    if (response.status >= 300 && response.status < 400) {
      await response.body?.cancel();
      throw new Error(`it answered with a redirect (HTTP ${response.status}), which the gateway does not follow`);
    }
    const body = JSON.parse(await readCapped(response, MAX_SDL_BYTES)) as { data?: { _service?: { sdl?: unknown } } };
    const sdl = body.data?._service?.sdl;
    if (!response.ok || typeof sdl !== "string" || !sdl) throw new Error(`HTTP ${response.status}, no SDL in the answer`);
    return sdl;
  } catch (error) {
    const reason = error instanceof Error && error.name === "TimeoutError" ? `no answer within ${SDL_FETCH_TIMEOUT_MS} ms` : error instanceof Error ? error.message : String(error);
    throw new RegistryRefusal(`could not fetch the SDL of "${name}" from ${url}: ${reason}`, "BAD_REQUEST");
  }
}
