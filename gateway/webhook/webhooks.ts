import { randomBytes, randomUUID } from "node:crypto";
import https from "node:https";
import { isIP } from "node:net";
import type { MikroORM } from "@mikro-orm/postgresql";
import { Webhook } from "standardwebhooks";
import { z } from "zod";
import type { EntityManager } from "../../lib/database.js";
import { HttpError } from "../../lib/http.js";
import type { Caller } from "../../lib/identity.js";
import type { Logger } from "../../lib/log.js";
import { Periodic } from "../../lib/periodic.js";
import { CHANGE_TOPICS } from "../../lib/outbox.js";
import { parseBody, type AdminActions } from "../admin/actions.js";
import { isPublicAddress, publicOnlyLookup } from "./public-address.js";
import { WebhookDelivery, WebhookEndpoint } from "./webhook.entity.js";

/** A society's endpoints at once; deliveries listed per request. */
const MAX_ENDPOINTS_PER_SOCIETY = 20;
const MAX_LISTED_DELIVERIES = 200;
/** How long finished deliveries stay in the log a society reads. */
const DELIVERY_LOG_DAYS = 30;
/** Deliveries one gateway sends at once. */
const DELIVERY_BATCH = 20;

export interface WebhookSettings {
  /** First retry after this long, doubling with each attempt (Standard Webhooks' exponential backoff). */
  retryBaseMs: number;
  /** Longest wait between attempts. */
  retryMaxMs: number;
  /** A delivery still failing this long after the change is marked FAILED. */
  retryWindowMs: number;
  /** How often this gateway looks for due deliveries. */
  pollMs: number;
  /** A receiver has this long to answer with its status line and headers (only the status matters). */
  timeoutMs: number;
  /** Certificate authorities trusted besides the system's (a partner network with its own CA), PEM. */
  ca?: string;
}

export const DEFAULT_WEBHOOK_SETTINGS: WebhookSettings = { retryBaseMs: 30_000, retryMaxMs: 3 * 60 * 60_000, retryWindowMs: 24 * 60 * 60_000, pollMs: 1000, timeoutMs: 10_000 };

const endpointInput = z.object({
  url: z.url({ protocol: /^https$/, error: "must be an https URL" }).max(2048),
  events: z.array(z.enum(CHANGE_TOPICS)).min(1),
  /** Admins only: the society the endpoint is for (a society key adds endpoints for itself). */
  society: z.uuid().optional(),
  /** Admins only: let the endpoint resolve to a private or loopback address. */
  allowPrivate: z.boolean().optional(),
});

/**
 * The webhooks part of the admin API (`copnet webhook …`):
 *   GET  /admin/webhooks                        the caller society's endpoints (admin: all)
 *   POST /admin/webhooks                        add one; answers its secret, shown this once
 *   POST /admin/webhooks/remove                 { id }
 *   GET  /admin/webhooks/deliveries?endpoint=   the endpoint's latest deliveries: status, attempts, last error
 * A society key manages its own society's endpoints; an admin key any, and only an admin allows a private address.
 */
export function webhookActions(orm: MikroORM): AdminActions {
  return {
    "GET webhooks": async (caller) => {
      const societyId = ownSociety(caller);
      const endpoints = await orm.em.fork().find(WebhookEndpoint, { removedAt: null, ...(societyId ? { societyId } : {}) }, { orderBy: { createdAt: "asc" } });
      return { webhooks: endpoints.map(({ secret: _secret, ...endpoint }) => endpoint) };
    },
    "POST webhooks": async (caller, body) => {
      const input = parseBody(endpointInput, body);
      if (caller.role !== "admin" && (input.society || input.allowPrivate)) throw new HttpError(403, "Only an admin key may add a webhook for another society or allow a private address");
      const societyId = caller.role === "admin" ? input.society : ownSociety(caller);
      if (!societyId) throw new HttpError(400, "Invalid request — society: an admin names the society the webhook is for");
      const em = orm.em.fork();
      if ((await em.count(WebhookEndpoint, { societyId, removedAt: null })) >= MAX_ENDPOINTS_PER_SOCIETY) throw new HttpError(400, `A society has at most ${MAX_ENDPOINTS_PER_SOCIETY} webhooks`);
      const endpoint = em.create(WebhookEndpoint, {
        id: randomUUID(),
        societyId,
        url: input.url,
        events: [...new Set(input.events)],
        secret: `whsec_${randomBytes(32).toString("base64")}`,
        allowPrivate: input.allowPrivate ?? false,
        createdAt: new Date(),
        removedAt: null,
      });
      await em.flush();
      return { webhook: { id: endpoint.id, societyId, url: endpoint.url, events: endpoint.events, allowPrivate: endpoint.allowPrivate }, secret: endpoint.secret };
    },
    "POST webhooks/remove": async (caller, body) => {
      const { id } = parseBody(z.object({ id: z.uuid() }), body);
      const em = orm.em.fork();
      const endpoint = await ownedEndpoint(em, caller, id);
      endpoint.removedAt = new Date();
      await em.flush();
      return { removed: id };
    },
    "GET webhooks/deliveries": async (caller, _body, _res, url) => {
      const { endpoint: id, limit } = parseBody(z.object({ endpoint: z.uuid(), limit: z.coerce.number().int().min(1).max(MAX_LISTED_DELIVERIES).default(50) }), Object.fromEntries(url.searchParams));
      const em = orm.em.fork();
      await ownedEndpoint(em, caller, id, true);
      const deliveries = await em.find(WebhookDelivery, { endpointId: id }, { orderBy: { createdAt: "desc", id: "asc" }, limit });
      return {
        deliveries: deliveries.map((delivery) => ({
          id: delivery.id,
          changeId: String(delivery.changeEventId),
          topic: delivery.topic,
          status: delivery.status,
          attempts: delivery.attempts,
          lastStatusCode: delivery.lastStatusCode,
          lastError: delivery.lastError,
          createdAt: delivery.createdAt,
          nextAttemptAt: delivery.status === "PENDING" ? delivery.nextAttemptAt : null,
          deliveredAt: delivery.deliveredAt,
        })),
      };
    },
  };
}

/** The society a society key acts for; null for an admin (all societies); anyone else is refused. */
function ownSociety(caller: Caller): string | null {
  if (caller.role === "admin") return null;
  if (caller.role !== "society" || !caller.societyId) throw new HttpError(403, "Only a society key (its own webhooks) or an admin key may manage webhooks");
  return caller.societyId;
}

/** Another society's endpoint is answered as missing, like an unknown one. */
async function ownedEndpoint(em: EntityManager, caller: Caller, id: string, includeRemoved = false): Promise<WebhookEndpoint> {
  const societyId = ownSociety(caller);
  const endpoint = await em.findOne(WebhookEndpoint, { id, ...(includeRemoved ? {} : { removedAt: null }), ...(societyId ? { societyId } : {}) });
  if (!endpoint) throw new HttpError(404, `No webhook ${id}`);
  return endpoint;
}

interface DueDelivery {
  id: string;
  payload: Record<string, unknown>;
  attempts: number;
  created_at: Date;
  url: string;
  secret: string;
  allow_private: boolean;
  removed: boolean;
}

/**
 * Sends due deliveries, from any gateway: each claims a batch with FOR UPDATE SKIP LOCKED and leases it
 * (next attempt pushed past the delivery timeout) before sending, so gateways never send one twice at once
 * and a gateway that dies mid-send leaves it to be retried. Signed per Standard Webhooks
 * (`webhook-id`, `webhook-timestamp`, `webhook-signature`); a 2xx answer within the timeout is success,
 * anything else (redirects included) is retried with exponential backoff until the retry window closes.
 */
export class WebhookDispatcher {
  private readonly loop: Periodic;
  private readonly agent: https.Agent;

  constructor(
    private readonly orm: MikroORM,
    private readonly settings: WebhookSettings,
    log: Logger,
  ) {
    this.agent = new https.Agent({ keepAlive: false, ...(settings.ca ? { ca: settings.ca } : {}) });
    this.loop = new Periodic(settings.pollMs, () => this.sendDue(), log, "sending webhooks failed; retrying");
  }

  start(): void {
    this.loop.start();
  }

  async stop(): Promise<void> {
    await this.loop.stop();
    this.agent.destroy();
  }

  /** One batch of due deliveries; returns how many were attempted. */
  async sendDue(): Promise<number> {
    const em = this.orm.em.fork();
    const due = await em.execute<DueDelivery[]>(
      `update webhook_delivery d set attempts = d.attempts + 1, next_attempt_at = now() + make_interval(secs => ?)
         from webhook_endpoint w
        where w.id = d.endpoint_id and d.id in (
          select id from webhook_delivery where status = 'PENDING' and next_attempt_at <= now() order by next_attempt_at limit ? for update skip locked)
        returning d.id, d.payload, d.attempts, d.created_at, w.url, w.secret, w.allow_private, w.removed_at is not null as removed`,
      [(this.settings.timeoutMs * 2) / 1000, DELIVERY_BATCH],
    );
    await Promise.all(due.map((delivery) => this.attempt(em, delivery)));
    // The delivery log keeps finished deliveries for DELIVERY_LOG_DAYS, dropped a few at a time.
    await em.execute(`delete from webhook_delivery where id in (select id from webhook_delivery where status <> 'PENDING' and created_at < now() - make_interval(days => ?) limit 100)`, [DELIVERY_LOG_DAYS]);
    return due.length;
  }

  private async attempt(em: EntityManager, delivery: DueDelivery): Promise<void> {
    const outcome = delivery.removed ? { ok: false, status: null, error: "the webhook was removed" } : await this.send(delivery);
    if (outcome.ok) {
      await em.execute(`update webhook_delivery set status = 'SUCCEEDED', delivered_at = now(), last_status_code = ?, last_error = null where id = ?`, [outcome.status, delivery.id]);
      return;
    }
    const wait = Math.min(this.settings.retryBaseMs * 2 ** (delivery.attempts - 1), this.settings.retryMaxMs);
    const givesUp = delivery.removed || Date.now() + wait > new Date(delivery.created_at).getTime() + this.settings.retryWindowMs;
    await em.execute(
      `update webhook_delivery set status = ?, next_attempt_at = now() + make_interval(secs => ?), last_status_code = ?, last_error = ? where id = ?`,
      [givesUp ? "FAILED" : "PENDING", wait / 1000, outcome.status, outcome.error.slice(0, 500), delivery.id],
    );
  }

  private send(delivery: DueDelivery): Promise<{ ok: true; status: number } | { ok: false; status: number | null; error: string }> {
    const body = JSON.stringify(delivery.payload);
    const timestamp = new Date();
    const url = new URL(delivery.url);
    const host = url.hostname.replace(/^\[|\]$/g, "");
    // An address written as such is never looked up, so the lookup's check would not see it.
    if (!delivery.allow_private && isIP(host) && !isPublicAddress(host)) return Promise.resolve({ ok: false, status: null, error: `${host} is a private address` });
    return new Promise((resolve) => {
      const request = https.request(
        url,
        {
          method: "POST",
          agent: this.agent,
          timeout: this.settings.timeoutMs,
          ...(delivery.allow_private ? {} : { lookup: publicOnlyLookup }),
          headers: {
            "content-type": "application/json",
            "user-agent": "copnet-webhooks",
            "webhook-id": delivery.id,
            "webhook-timestamp": String(Math.floor(timestamp.getTime() / 1000)),
            "webhook-signature": new Webhook(delivery.secret).sign(delivery.id, timestamp, body),
          },
        },
        (response) => {
          clearTimeout(deadline);
          const status = response.statusCode ?? 0;
          // The status is all a delivery needs: a receiver streaming a body without end must not hold the socket.
          response.destroy();
          resolve(status >= 200 && status < 300 ? { ok: true, status } : { ok: false, status, error: status >= 300 && status < 400 ? `redirect (HTTP ${status}) not followed` : `HTTP ${status}` });
        },
      );
      // `timeout` only fires on an idle socket: a receiver trickling its headers a byte at a time would hold the batch forever.
      const unanswered = () => request.destroy(new Error(`no answer within ${this.settings.timeoutMs} ms`));
      const deadline = setTimeout(unanswered, this.settings.timeoutMs);
      request.on("timeout", unanswered);
      request.on("error", (error) => {
        clearTimeout(deadline);
        resolve({ ok: false, status: null, error: error.message });
      });
      request.end(body);
    });
  }
}
