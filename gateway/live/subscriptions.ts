import type { IncomingMessage, ServerResponse } from "node:http";
import type { ApolloServer } from "@apollo/server";
import {
  GraphQLError,
  Kind,
  getArgumentValues,
  getOperationAST,
  getVariableValues,
  parse,
  print,
  specifiedRules,
  validate,
  visit,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ValidationRule,
} from "graphql";
import { maskError } from "../../lib/errors.js";
import { HttpError, readJsonBody, type Route } from "../../lib/http.js";
import type { Logger } from "../../lib/log.js";
import type { ChangeTopic } from "../../lib/outbox.js";
import { isUuid } from "../../lib/validators.js";
import type { GatewayContext } from "../context.js";
import type { ChangeHub, LiveChange } from "./change-hub.js";

/** What a gateway allows subscribers (see README, Live updates). */
export interface SubscriptionBounds {
  /** Open subscriptions per API key (anonymous callers: per address). */
  perKey: number;
  /** A subscription that delivered nothing for this long is closed; the client reconnects with Last-Event-ID. */
  idleMs: number;
  /** Changes waiting to be resolved for one subscriber; beyond it the subscriber is too slow and is cut off. */
  maxQueued: number;
  /** Bytes written but not yet taken by a subscriber's socket; beyond it, likewise. */
  maxBufferedBytes: number;
  /** A comment line this often keeps proxies from closing a quiet stream. */
  keepAliveMs: number;
}

export const DEFAULT_SUBSCRIPTION_BOUNDS: SubscriptionBounds = { perKey: 1000, idleMs: 30 * 60_000, maxQueued: 200, maxBufferedBytes: 1024 * 1024, keepAliveMs: 15_000 };

/** Each subscription root field: the change it follows, which of them concern the subscriber, and the query field that reads the entity. */
interface LiveField {
  topic: ChangeTopic;
  /** The Query root field taking the entity's `id`, run with the subscriber's selection and rights. */
  query: string;
  /** An argument that names an entity the subscriber must be able to see, checked at subscription. */
  subject?: { argument: string; query: string };
  /** Anonymous and researcher callers cannot see registrations: refused at once rather than never told anything. */
  societyOnly?: boolean;
  matches(args: Record<string, unknown>, change: LiveChange): boolean;
}

const LIVE_FIELDS: Record<string, LiveField> = {
  registrationChanged: {
    topic: "registration.changed",
    query: "registration",
    subject: { argument: "memberId", query: "member" },
    societyOnly: true,
    matches: (args, change) => change.data.memberId === args.memberId,
  },
  mentorshipChanged: {
    topic: "mentorship.changed",
    query: "mentorshipRelation",
    subject: { argument: "memberId", query: "member" },
    matches: (args, change) => change.data.mentorId === args.memberId || change.data.menteeId === args.memberId,
  },
  eventChanged: {
    topic: "event.changed",
    query: "event",
    subject: { argument: "eventId", query: "event" },
    matches: (args, change) => change.entityId === args.eventId,
  },
  opportunityPublished: {
    topic: "opportunity.published",
    query: "opportunity",
    matches: (args, change) => !Array.isArray(args.kinds) || args.kinds.includes(change.data.kind),
  },
};

/** The change a Subscription root field follows, if it is one the gateway serves: a subgraph declaring the field owns that topic's feed. */
export const topicOfSubscriptionField = (field: string): ChangeTopic | undefined => (Object.hasOwn(LIVE_FIELDS, field) ? LIVE_FIELDS[field]!.topic : undefined);

/** The variable the gateway adds to carry the changed entity's id into the subscriber's selection. */
const CHANGE_ID = "copnetChangeId";

export interface SubscriptionRouteOptions {
  apollo: ApolloServer<GatewayContext>;
  hub: ChangeHub;
  /** The supergraph's client-facing schema now (hot-swapped with it). */
  schema: () => GraphQLSchema | null;
  validationRules: ValidationRule[];
  parseOptions: { maxTokens: number };
  maxDocumentBytes: number;
  /** The request's context as for queries (authenticated, origin checked); 401 for an unknown key. */
  contextOf: (req: IncomingMessage, requestId: string) => Promise<GatewayContext>;
  bounds: SubscriptionBounds;
  /** The address an anonymous subscriber is counted by (rate-limits.ts addressOf, with the trusted proxies). */
  clientAddress: (req: IncomingMessage) => string;
  log: Logger;
}

/** A subscription as the gateway runs it: the subscriber's selection turned into a query on the entity by id. */
interface Plan {
  field: LiveField;
  args: Record<string, unknown>;
  query: string;
  variables: Record<string, unknown>;
  operationName?: string;
  responseKey: string;
}

/**
 * GraphQL over Server-Sent Events, graphql-sse's distinct-connections mode: `POST /graphql` (or GET) with
 * `Accept: text/event-stream` opens one subscription per connection; each change arrives as `event: next`
 * with `id: <change id>`, which a client sends back as `Last-Event-ID` to resume. @apollo/gateway cannot
 * execute subscriptions, so the gateway serves them itself from the replay log (change-hub.ts): for each
 * change that concerns the subscription it runs the subscriber's selection as a query on the entity's root
 * field (`registration(id)`, `mentorshipRelation(id)`, `event(id)`, `opportunity(id)`) through the normal
 * query plan, limits and caller — so a change the subscriber may not see resolves to null and is not sent.
 * (graphql-sse's own handler has no event ids, which resuming needs; its client reads these streams.)
 */
export class Subscriptions {
  private readonly open = new Set<ServerResponse>();
  private readonly perKey = new Map<string, number>();

  constructor(private readonly options: SubscriptionRouteOptions) {}

  get count(): number {
    return this.open.size;
  }

  route(): Route {
    return async (req, res, url) => {
      // Asked for first, as graphql-sse's client does; urql and others list it among others on every query.
      if (url.pathname !== "/graphql" || !(req.headers.accept ?? "").trimStart().startsWith("text/event-stream")) return false;
      if (req.method !== "POST" && req.method !== "GET") throw new HttpError(404, "Not found");
      const params = await this.params(req, url);
      const context = await this.options.contextOf(req, String(res.getHeader("x-request-id") ?? ""));
      const { caller } = context;
      let plan: Plan;
      try {
        // As partner-web.ts readOnly() answers a publishable key's subscription sent as JSON.
        if (context.publishable) throw new GraphQLError("A publishable key is read-only: mutations and subscriptions need a society's secret key, from its server", { extensions: { code: "FORBIDDEN" } });
        plan = await this.plan(params, context);
      } catch (error) {
        if (!(error instanceof GraphQLError)) throw error;
        return this.refuse(res, [error]);
      }
      const holder = caller.keyId ?? `address:${this.options.clientAddress(req)}`;
      const held = this.perKey.get(holder) ?? 0;
      if (held >= this.options.bounds.perKey) {
        return this.refuse(res, [new GraphQLError(`At most ${this.options.bounds.perKey} open subscriptions per key`, { extensions: { code: "RATE_LIMITED" } })]);
      }
      this.perKey.set(holder, held + 1);
      try {
        await this.stream(req, res, plan, context, lastEventId(req));
      } finally {
        const left = (this.perKey.get(holder) ?? 1) - 1;
        if (left > 0) this.perKey.set(holder, left);
        else this.perKey.delete(holder);
      }
      return true;
    };
  }

  /** Ends every open stream (without `complete`, so clients reconnect elsewhere with Last-Event-ID). */
  closeAll(): void {
    for (const res of this.open) res.destroy();
  }

  private async params(req: IncomingMessage, url: URL): Promise<{ query: string; variables: Record<string, unknown>; operationName?: string }> {
    const body = (req.method === "POST" ? await readJsonBody(req, this.options.maxDocumentBytes * 2) : null) as Record<string, unknown> | null;
    const query = body ? body.query : url.searchParams.get("query");
    let variables = body ? body.variables : url.searchParams.get("variables");
    const operationName = (body ? body.operationName : url.searchParams.get("operationName")) ?? undefined;
    if (typeof variables === "string") {
      try {
        variables = JSON.parse(variables);
      } catch {
        throw new HttpError(400, "variables is not valid JSON");
      }
    }
    if (typeof query !== "string" || (variables != null && (typeof variables !== "object" || Array.isArray(variables))) || (operationName !== undefined && typeof operationName !== "string")) {
      throw new HttpError(400, "A subscription needs a query string, and variables as an object");
    }
    if (Buffer.byteLength(query) > this.options.maxDocumentBytes) throw new HttpError(413, `GraphQL document larger than ${this.options.maxDocumentBytes} bytes (comments and whitespace count)`);
    return { query, variables: (variables as Record<string, unknown> | null) ?? {}, operationName };
  }

  /** Parses and validates like a query, checks the arguments and that the subscriber may see what it names. */
  private async plan(params: { query: string; variables: Record<string, unknown>; operationName?: string }, context: GatewayContext): Promise<Plan> {
    const schema = this.options.schema();
    if (!schema) throw new GraphQLError("The gateway has no supergraph yet", { extensions: { code: "SERVICE_UNAVAILABLE" } });
    let document: DocumentNode;
    try {
      document = parse(params.query, this.options.parseOptions);
    } catch (error) {
      throw new GraphQLError((error as Error).message, { extensions: { code: "GRAPHQL_PARSE_FAILED" } });
    }
    const invalid = validate(schema, document, [...specifiedRules, ...this.options.validationRules]);
    if (invalid.length > 0) throw new GraphQLError(invalid[0]!.message, { extensions: { code: "GRAPHQL_VALIDATION_FAILED" } });
    const operation = getOperationAST(document, params.operationName);
    if (!operation) throw badRequest("Name the operation to run (operationName)");
    if (operation.operation !== "subscription") throw badRequest("Only subscriptions are served as server-sent events; send queries and mutations as JSON");
    const [root, ...more] = operation.selectionSet.selections;
    if (!root || more.length > 0 || root.kind !== Kind.FIELD || !LIVE_FIELDS[root.name.value] || root.directives?.length) {
      throw badRequest(`One subscription field per connection, one of ${Object.keys(LIVE_FIELDS).join(", ")}`);
    }
    const field = LIVE_FIELDS[root.name.value]!;
    const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], params.variables);
    if (coerced.errors) throw new GraphQLError(coerced.errors[0]!.message, { extensions: { code: "BAD_USER_INPUT" } });
    const args = getArgumentValues(schema.getSubscriptionType()!.getFields()[root.name.value]!, root, coerced.coerced);
    if (field.societyOnly && context.caller.role !== "society") throw new GraphQLError("Only a society key may follow a member's registrations", { extensions: { code: "FORBIDDEN" } });
    if (field.subject) await this.requireVisible(field.subject, String(args[field.subject.argument]), context);
    const responseKey = root.alias?.value ?? root.name.value;
    return { field, args, responseKey, operationName: operation.name?.value, ...queryFor(document, operation, root, field, params.variables) };
  }

  /** NOT_FOUND alike for an unknown id and one the caller may not see, as queries answer. */
  private async requireVisible(subject: NonNullable<LiveField["subject"]>, id: string, contextValue: GatewayContext): Promise<void> {
    if (!isUuid(id)) throw new GraphQLError(`${subject.argument} must be a UUID`, { extensions: { code: "BAD_USER_INPUT", field: subject.argument } });
    const response = await this.options.apollo.executeOperation({ query: `query ($id: ID!) { found: ${subject.query}(id: $id) { id } }`, variables: { id } }, { contextValue });
    const found = response.body.kind === "single" ? response.body.singleResult.data?.found : null;
    if (!found) throw new GraphQLError(`${subject.query === "member" ? "Member" : "Event"} ${id} does not exist`, { extensions: { code: "NOT_FOUND", field: subject.argument } });
  }

  private refuse(res: ServerResponse, errors: GraphQLError[]): true {
    openStream(res);
    res.end(`event: next\ndata: ${JSON.stringify({ errors: errors.map((error) => maskError(error.toJSON())) })}\n\nevent: complete\ndata:\n\n`);
    return true;
  }

  /** Streams until the client leaves, the subscriber falls too far behind, or it idles out. */
  private async stream(req: IncomingMessage, res: ServerResponse, plan: Plan, context: GatewayContext, resumeAfter: bigint | null): Promise<void> {
    const { hub, bounds, log } = this.options;
    openStream(res);
    this.open.add(res);
    const queue: LiveChange[] = [];
    let draining: Promise<void> | null = null;
    let idle: NodeJS.Timeout;
    const gone = () => res.destroyed || res.writableEnded;
    const resetIdle = () => {
      clearTimeout(idle);
      idle = setTimeout(() => res.end(), bounds.idleMs);
    };
    resetIdle();
    const keepAlive = setInterval(() => gone() || res.write(":\n\n"), bounds.keepAliveMs);
    const cutOff = (reason: string) => {
      log.warn({ requestId: context.requestId, reason }, "closed a slow subscriber; it may resume with Last-Event-ID");
      queue.length = 0;
      res.destroy();
    };
    const drain = async () => {
      while (queue.length > 0 && !gone()) {
        const change = queue.shift()!;
        const message = await this.resolve(plan, change, context);
        if (!message || gone()) continue;
        res.write(message);
        resetIdle();
        if (res.writableLength > bounds.maxBufferedBytes) return cutOff("unread output beyond the bound");
      }
    };
    const pump = () => {
      if (draining || queue.length === 0 || gone()) return;
      draining = drain().finally(() => {
        draining = null;
        pump();
      });
    };
    const concerns = (change: LiveChange) => change.topic === plan.field.topic && plan.field.matches(plan.args, change);
    const enqueue = (change: LiveChange) => {
      if (queue.length >= bounds.maxQueued) return cutOff("too many changes waiting");
      queue.push(change);
      pump();
    };
    // Live changes from now on (all after `position`), held back while the replay fills in what the client missed.
    let replaying = resumeAfter !== null;
    const held: LiveChange[] = [];
    const unsubscribe = hub.subscribe((change) => {
      if (concerns(change)) (replaying ? held.push(change) : enqueue(change));
    });
    const position = hub.position;
    try {
      if (resumeAfter !== null) {
        // The replay is bounded by the replay window, not by maxQueued: a subscriber that missed many changes still catches up.
        queue.push(...(await hub.replay(resumeAfter, position, plan.field.topic)).filter(concerns));
        pump();
        replaying = false;
        held.forEach(enqueue);
      }
      await new Promise<void>((resolve) => {
        res.once("close", resolve);
        req.once("close", resolve);
      });
    } finally {
      unsubscribe();
      clearTimeout(idle!);
      clearInterval(keepAlive);
      this.open.delete(res);
      if (!res.writableEnded) res.destroy();
    }
  }

  /** The subscriber's selection for one change, as an SSE message; null when there is nothing it may see. */
  private async resolve(plan: Plan, change: LiveChange, contextValue: GatewayContext): Promise<string | null> {
    const response = await this.options.apollo.executeOperation(
      { query: plan.query, variables: { ...plan.variables, [CHANGE_ID]: change.entityId }, operationName: plan.operationName },
      { contextValue },
    );
    if (response.body.kind !== "single") return null;
    const { data, errors } = response.body.singleResult;
    if (!data?.[plan.responseKey] && !errors) return null;
    return `id: ${change.id}\nevent: next\ndata: ${JSON.stringify(errors ? { data, errors } : { data })}\n\n`;
  }
}

/** The subscription's root field turned into the query field on the entity by id; the selection is kept as sent. */
function queryFor(document: DocumentNode, operation: OperationDefinitionNode, root: FieldNode, field: LiveField, variables: Record<string, unknown>): { query: string; variables: Record<string, unknown> } {
  if (operation.variableDefinitions?.some((definition) => definition.variable.name.value === CHANGE_ID)) throw badRequest(`$${CHANGE_ID} is reserved`);
  const fragments = document.definitions.filter((definition): definition is FragmentDefinitionNode => definition.kind === Kind.FRAGMENT_DEFINITION);
  const used = new Set<string>();
  const collect = (node: FieldNode | FragmentDefinitionNode) => visit(node.selectionSet!, { Variable: (variable) => void used.add(variable.name.value) });
  if (root.selectionSet) collect(root);
  fragments.forEach(collect);
  const selection: FieldNode = {
    ...root,
    alias: { kind: Kind.NAME, value: root.alias?.value ?? root.name.value },
    name: { kind: Kind.NAME, value: field.query },
    arguments: [{ kind: Kind.ARGUMENT, name: { kind: Kind.NAME, value: "id" }, value: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: CHANGE_ID } } }],
  };
  const query: DocumentNode = {
    kind: Kind.DOCUMENT,
    definitions: [
      {
        ...operation,
        operation: "query" as OperationDefinitionNode["operation"],
        variableDefinitions: [
          ...(operation.variableDefinitions ?? []).filter((definition) => used.has(definition.variable.name.value)),
          { kind: Kind.VARIABLE_DEFINITION, variable: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: CHANGE_ID } }, type: { kind: Kind.NON_NULL_TYPE, type: { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: "ID" } } } },
        ],
        selectionSet: { kind: Kind.SELECTION_SET, selections: [selection] },
      },
      ...fragments,
    ],
  };
  return { query: print(query), variables: Object.fromEntries(Object.entries(variables).filter(([name]) => used.has(name))) };
}

function openStream(res: ServerResponse): void {
  res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache", connection: "keep-alive", "x-accel-buffering": "no" });
  // A subscription outlives the server's idle-socket timeout (lib/http.ts); the keep-alive comments and idleMs bound it instead.
  res.socket?.setTimeout(0);
  res.flushHeaders();
}

/** The `Last-Event-ID` a reconnecting client sends (a change id), or null. */
function lastEventId(req: IncomingMessage): bigint | null {
  const sent = req.headers["last-event-id"];
  return typeof sent === "string" && /^\d{1,19}$/.test(sent) ? BigInt(sent) : null;
}

const badRequest = (message: string) => new GraphQLError(message, { extensions: { code: "BAD_USER_INPUT" } });
