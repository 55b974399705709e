import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ApolloServerPlugin } from "@apollo/server";
import type { MikroORM } from "@mikro-orm/postgresql";
import { GraphQLError } from "graphql";
import { HttpError, type Route } from "../../lib/http.js";
import { ANONYMOUS, type Caller } from "../../lib/identity.js";
import type { Logger } from "../../lib/log.js";
import type { KeyHolder } from "../api-key/api-keys.js";
import type { GatewayContext } from "../context.js";
import { SocietyWeb, TrustedDocument } from "./partner-web.entity.js";

/** Headers a partner page may send and read across origins. */
const ALLOW_HEADERS = "authorization, content-type, accept, x-request-id, apollo-require-preflight, x-apollo-operation-name";
const EXPOSE_HEADERS = "x-request-id, x-copnet-supergraph-version, ratelimit, ratelimit-policy, retry-after";
/** Browsers may reuse a preflight this long (seconds); an origin removed stops working within it. */
const PREFLIGHT_MAX_AGE = 600;
/** Paths a partner page never calls: operators' and subgraphs' routes get no CORS headers. */
const PRIVATE_PATHS = /^\/(admin|internal)\//;

/** A publishable key's society, kept beside the anonymous caller its requests run as. */
export interface Publishable {
  societyId: string;
  keyId: string;
}

/** `sha256:<hex>` as GraphQL over HTTP and Codegen's client preset write a document id. */
export function documentIdOf(hash: string): string {
  return `sha256:${hash}`;
}

export function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/**
 * What the gateway knows about partner websites, read from its database and kept in memory: registered
 * origins (CORS, and where publishable keys are accepted), trusted documents (run by hash), and which
 * societies enforce them. Every gateway re-reads it when `society_web.updated_at` moves, polled as often
 * as the registry, so a change made through any gateway applies everywhere within one poll.
 */
export class PartnerWeb {
  private origins = new Map<string, Set<string>>();
  private everyOrigin = new Set<string>();
  private enforced = new Set<string>();
  /** Documents by hash, whichever society published them: a hash names one text. */
  private documents = new Map<string, string>();
  private documentsOf = new Map<string, Set<string>>();
  private revision = "";
  private timer: NodeJS.Timeout | null = null;
  private readonly devOrigins: RegExp[];

  constructor(
    private readonly orm: MikroORM,
    private readonly pollMs: number,
    private readonly log: Logger,
    /** Origins answered without registration (development), `*` standing for any port: `http://localhost:*`. */
    devOrigins: string[] = [],
  ) {
    this.devOrigins = devOrigins.map((pattern) => new RegExp(`^${pattern.replace(/[.?+^$()[\]{}|\\]/g, "\\$&").replace(/\*/g, "\\d+")}$`));
  }

  async start(): Promise<void> {
    await this.refresh();
    this.timer = setInterval(() => void this.refresh(), this.pollMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Re-reads everything when any society's website or documents changed; a failed read keeps what is known. */
  async refresh(): Promise<void> {
    try {
      const em = this.orm.em.fork();
      const [row] = await em.execute<{ revision: string | null }[]>("select max(updated_at)::text || ':' || count(*) as revision from society_web");
      if ((row?.revision ?? "") === this.revision) return;
      const [webs, documents] = await Promise.all([em.find(SocietyWeb, {}), em.find(TrustedDocument, {})]);
      this.origins = new Map(webs.map((web) => [web.societyId, new Set(web.origins)]));
      this.everyOrigin = new Set(webs.flatMap((web) => web.origins));
      this.enforced = new Set(webs.filter((web) => web.enforceDocuments).map((web) => web.societyId));
      this.documents = new Map(documents.map((document) => [document.hash, document.document]));
      this.documentsOf = new Map();
      for (const document of documents) {
        const hashes = this.documentsOf.get(document.societyId) ?? new Set<string>();
        hashes.add(document.hash);
        this.documentsOf.set(document.societyId, hashes);
      }
      this.revision = row?.revision ?? "";
    } catch (error) {
      this.log.warn({ err: error }, "could not read partner websites; keeping the last known ones");
    }
  }

  /**
   * CORS: a registered origin (or a development one) gets `Access-Control-Allow-Origin` naming it, and its
   * preflights are answered here; any other origin gets no CORS headers, so its pages cannot read answers.
   * No credentials are allowed: keys travel in `Authorization`, never in cookies.
   */
  cors(req: IncomingMessage, res: ServerResponse, url: URL): void {
    const origin = req.headers.origin;
    res.setHeader("Vary", "Origin");
    if (!origin || PRIVATE_PATHS.test(url.pathname) || !this.allows(origin)) return;
    res.setHeader("Access-Control-Allow-Origin", origin);
    res.setHeader("Access-Control-Expose-Headers", EXPOSE_HEADERS);
    if (isPreflight(req)) {
      res.setHeader("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
      res.setHeader("Access-Control-Allow-Headers", ALLOW_HEADERS);
      res.setHeader("Access-Control-Max-Age", String(PREFLIGHT_MAX_AGE));
    }
  }

  /** Answers preflights with the headers `cors` set (none for an origin it does not know: the browser then refuses). */
  preflights(): Route {
    return (req, res) => {
      if (!isPreflight(req)) return false;
      res.writeHead(204).end();
      return true;
    };
  }

  private allows(origin: string): boolean {
    return this.everyOrigin.has(origin) || this.devOrigins.some((pattern) => pattern.test(origin));
  }

  /**
   * Where a key may be used from. A publishable key only from its society's registered origins (a browser
   * always sends `Origin` across sites, and a server that forges one still gets only what anonymous callers
   * get); a secret key never from another site's page, where it would be readable by anyone.
   */
  admitOrigin(req: IncomingMessage, caller: Caller | KeyHolder): void {
    const origin = req.headers.origin;
    if (caller.role === "public") {
      if (!origin || !caller.societyId || !this.origins.get(caller.societyId)?.has(origin)) {
        throw new HttpError(403, `This publishable key is accepted only from its society's registered web origins${origin ? `, and ${origin} is not one of them` : " (the request has no Origin)"}: register it with copnet society update <slug> --origin ${origin ?? "<origin>"}`);
      }
      return;
    }
    // Servers send no Origin; any page but the gateway's own does, sandboxed and file:// pages as "null".
    if (caller.role !== "anonymous" && origin && !isOwnOrigin(origin, req)) {
      throw new HttpError(403, `A secret API key was sent from the web page ${origin}, where anyone can read it: revoke it, and use a publishable key in browser code (copnet key create --role public --society <slug>)`);
    }
  }

  /** The request's context: a publishable key runs as an anonymous caller, remembered for the checks below. */
  context(requestId: string, caller: Caller | KeyHolder): GatewayContext {
    const publishable = caller.role === "public" ? { societyId: caller.societyId!, keyId: (caller as KeyHolder).keyId } : null;
    return { requestId, caller: forwarded(caller), publishable };
  }

  /**
   * Resolves a trusted document named by `documentId` (`sha256:<hex>`) or `extensions.persistedQuery.sha256Hash`
   * into the request's `query`. For a publishable key: only its society's documents, automatic persisted
   * queries never register or run (the extension is dropped), and under enforcement nothing else runs.
   */
  resolve(method: string, body: unknown, context: GatewayContext): unknown {
    const publishable = context.publishable;
    if (method !== "POST" || typeof body !== "object" || body === null || Array.isArray(body)) {
      if (publishable) throw new HttpError(400, "A publishable key sends one operation per request, with POST");
      return body;
    }
    const { documentId, extensions, ...request } = body as { documentId?: unknown; query?: unknown; extensions?: Record<string, unknown> };
    const persisted = extensions?.persistedQuery as { sha256Hash?: unknown } | undefined;
    const { persistedQuery: _dropped, ...otherExtensions } = extensions ?? {};
    const hash = typeof documentId === "string" ? /^sha256:([0-9a-f]{64})$/.exec(documentId)?.[1] : typeof persisted?.sha256Hash === "string" ? /^[0-9a-f]{64}$/.exec(persisted.sha256Hash)?.[0] : undefined;
    if (documentId !== undefined && hash === undefined) throw new HttpError(400, `documentId must be "sha256:<64 lower-case hex digits>"`);
    const named = hash !== undefined && (publishable ? this.documentsOf.get(publishable.societyId)?.has(hash) : this.documents.has(hash));
    if (named) return { ...request, query: this.documents.get(hash!), extensions: otherExtensions };
    if (publishable && hash !== undefined && (typeof documentId === "string" || request.query === undefined)) {
      throw new HttpError(400, `Unknown document ${documentIdOf(hash)}: it is not among this society's trusted documents (copnet documents publish)`, "PERSISTED_QUERY_NOT_FOUND");
    }
    if (typeof documentId === "string") throw new HttpError(400, `Unknown document ${documentId}: no society has published it`, "PERSISTED_QUERY_NOT_FOUND");
    if (!publishable) return body;
    if (this.enforced.has(publishable.societyId)) {
      const text = typeof request.query === "string" ? request.query : "";
      throw new HttpError(403, `This site runs its society's trusted documents only, and ${documentIdOf(sha256(text))} is not one of them: publish it (copnet documents publish) or send its documentId`);
    }
    return { ...request, extensions: otherExtensions };
  }

  /** Publishable keys are read-only, whatever the operation's fields would allow an anonymous caller. */
  readOnly(): ApolloServerPlugin<GatewayContext> {
    return {
      async requestDidStart({ contextValue }) {
        if (!contextValue.publishable) return;
        return {
          async didResolveOperation({ operation }) {
            if (operation?.operation !== "query") {
              throw new GraphQLError("A publishable key is read-only: mutations and subscriptions need a society's secret key, from its server", { extensions: { code: "FORBIDDEN" } });
            }
          },
        };
      },
    };
  }
}

/** The caller subgraphs hear of: a publishable key has exactly an anonymous caller's rights. */
export function forwarded(caller: Caller): Caller {
  return caller.role === "public" ? ANONYMOUS : caller;
}

function isPreflight(req: IncomingMessage): boolean {
  return req.method === "OPTIONS" && req.headers["access-control-request-method"] !== undefined;
}

/** The gateway's own pages (explorer, console) call it from the origin they were served from. */
function isOwnOrigin(origin: string, req: IncomingMessage): boolean {
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}
