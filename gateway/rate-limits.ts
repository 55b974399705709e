import type { IncomingMessage, ServerResponse } from "node:http";
import { BlockList, isIP } from "node:net";
import { Gauge, type Registry } from "prom-client";
import { z } from "zod";
import { BurstyRateLimiter, RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import { envPositiveInt } from "../lib/config.js";
import { HttpError } from "../lib/http.js";
import { COMMUNITY_ACCESS_PATH, EVENT_ACCESS_PATH, MEMBER_ACCESS_PATH, MEMBER_PROFILE_PATH, SOCIETY_ACCESS_PATH, WORK_ACCESS_PATH } from "../lib/member-access.js";
import type { Caller, Role } from "../lib/identity.js";
import { UnknownApiKey, type KeyHolder } from "./api-key/api-keys.js";

/**
 * Requests per second: anonymous callers per address, each key on its own (a key's `rate` overrides its
 * role's default). Kept per gateway process, in memory: N gateways allow N× these rates. Sharing them
 * through PostgreSQL would add a write to every request of a gateway whose bottleneck is already its
 * database-bound pages; a per-process bound is exact enough to stop abuse.
 */
export interface RateLimits {
  anonymous: number;
  /** A publishable key, shared by every visitor of its society's site; each visitor's address is also held to `anonymous`. */
  public: number;
  society: number;
  researcher: number;
  admin: number;
  /** Requests with an unknown or malformed key, per address: each may cost a database lookup. */
  unknownKey: number;
  /** Addresses counted at once (clients choose their addresses); beyond it new ones share one bucket. */
  maxAddresses: number;
}

export const DEFAULT_RATE_LIMITS: RateLimits = { anonymous: 50, public: 500, society: 200, researcher: 20, admin: 50, unknownKey: 5, maxAddresses: 10_000 };

/** The defaults as environment variables (README's configuration table). */
export const rateLimitsEnv = {
  COPNET_RATE_ANONYMOUS: envPositiveInt(DEFAULT_RATE_LIMITS.anonymous),
  COPNET_RATE_PUBLIC: envPositiveInt(DEFAULT_RATE_LIMITS.public),
  COPNET_RATE_SOCIETY: envPositiveInt(DEFAULT_RATE_LIMITS.society),
  COPNET_RATE_RESEARCHER: envPositiveInt(DEFAULT_RATE_LIMITS.researcher),
  COPNET_RATE_ADMIN: envPositiveInt(DEFAULT_RATE_LIMITS.admin),
  COPNET_RATE_UNKNOWN_KEY: envPositiveInt(DEFAULT_RATE_LIMITS.unknownKey),
  COPNET_RATE_MAX_ADDRESSES: envPositiveInt(DEFAULT_RATE_LIMITS.maxAddresses),
};

/**
 * Token bucket as rate-limiter-flexible builds it (BurstyRateLimiter): the rate per second, plus a burst
 * allowance of BURST_SECONDS seconds' worth of requests refilled every BURST_WINDOW_SECONDS.
 */
const BURST_SECONDS = 2;
const BURST_WINDOW_SECONDS = 10;

/** The orchestrator's probes and Prometheus are never refused: a flood must not make a healthy gateway look dead. */
const PROBES = new Set(["/healthz", "/readyz", "/metrics"]);

/**
 * Subgraphs asking what their caller may know about members, communities, works, societies and events: authenticated by the service token the gateway
 * signed for that caller (not an API key), and only as many as the callers' own, already limited, requests.
 */
const SUBGRAPH_CALLS = new Set([MEMBER_ACCESS_PATH, MEMBER_PROFILE_PATH, COMMUNITY_ACCESS_PATH, WORK_ACCESS_PATH, SOCIETY_ACCESS_PATH, EVENT_ACCESS_PATH]);

export class RequestRateLimiter {
  /** One bucket set per distinct rate: role defaults plus rates operators set on keys, so few. */
  private readonly byRate = new Map<number, BurstyRateLimiter>();
  private readonly unknownKeys: RateLimiterMemory;
  private readonly addresses: AddressBook;

  constructor(
    private readonly limits: RateLimits,
    /** The address a request is counted by: addressOf, with the deployment's trusted proxies. */
    private readonly clientAddress: (req: IncomingMessage) => string = addressOf,
  ) {
    this.unknownKeys = new RateLimiterMemory({ keyPrefix: "unknown-key", points: limits.unknownKey, duration: 1 });
    this.addresses = new AddressBook(limits.maxAddresses, BURST_WINDOW_SECONDS * 1000);
  }

  /**
   * Counts a request against its caller's bucket and sets the `RateLimit-Policy` / `RateLimit` fields
   * (draft-ietf-httpapi-ratelimit-headers); over the limit it throws 429 with `Retry-After`. A request
   * with a key is counted against that key; if the key is unknown or malformed, against its address, and
   * an address that has used up that allowance is refused before its key is looked up in the database —
   * unless the gateway already remembers the key, so a partner behind the same address as an abuser (a
   * shared NAT) keeps its service.
   */
  async admit(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    authenticate: (req: IncomingMessage) => Promise<Caller | KeyHolder>,
    remembered: (req: IncomingMessage) => boolean,
  ): Promise<void> {
    if (PROBES.has(url.pathname) || SUBGRAPH_CALLS.has(url.pathname)) return;
    const address = this.addresses.bucketOf(this.clientAddress(req));
    if (!req.headers.authorization) return this.take(res, "anonymous", this.limits.anonymous, `address ${address}`);
    const spent = await this.unknownKeys.get(address);
    if (spent && spent.consumedPoints >= this.limits.unknownKey && !remembered(req)) refuse(res, "unknown-key", this.limits.unknownKey, spent);
    let caller: Caller | KeyHolder;
    try {
      caller = await authenticate(req);
    } catch (error) {
      if (!(error instanceof UnknownApiKey)) throw error;
      // Counted, then answered 401 by the usual path (which reuses this authentication's outcome).
      await this.unknownKeys.consume(address).catch((rejection: unknown) => {
        if (rejection instanceof RateLimiterRes) refuse(res, "unknown-key", this.limits.unknownKey, rejection);
        throw rejection;
      });
      return;
    }
    if (!("rate" in caller)) return;
    await this.take(res, "key", caller.rate ?? this.limits[caller.role as Exclude<Role, "anonymous">], `key ${caller.keyId}`);
    // A publishable key is in every visitor's hands: one visitor must not spend the whole site's allowance.
    if (caller.role === "public") await this.take(res, "address", this.limits.anonymous, `address ${address}`);
  }

  /** Addresses being counted now, for /metrics: at most `maxAddresses`. */
  watch(registry: Registry): void {
    const addresses = this.addresses;
    new Gauge({
      name: "copnet_rate_limit_addresses",
      help: "Client addresses the rate limiter is counting (bounded by COPNET_RATE_MAX_ADDRESSES)",
      registers: [registry],
      collect() {
        this.set(addresses.size);
      },
    });
  }

  private async take(res: ServerResponse, policy: string, perSecond: number, bucket: string): Promise<void> {
    let outcome: RateLimiterRes;
    try {
      outcome = await this.bucketsFor(perSecond).consume(bucket);
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) refuse(res, policy, perSecond, rejection);
      throw rejection;
    }
    announce(res, policy, perSecond, outcome);
  }

  private bucketsFor(perSecond: number): BurstyRateLimiter {
    let buckets = this.byRate.get(perSecond);
    if (!buckets) {
      buckets = new BurstyRateLimiter(
        new RateLimiterMemory({ keyPrefix: `rate ${perSecond}`, points: perSecond, duration: 1 }),
        new RateLimiterMemory({ keyPrefix: `burst ${perSecond}`, points: perSecond * BURST_SECONDS, duration: BURST_WINDOW_SECONDS }),
      );
      this.byRate.set(perSecond, buckets);
    }
    return buckets;
  }
}

function announce(res: ServerResponse, policy: string, perSecond: number, outcome: RateLimiterRes): void {
  res.setHeader("RateLimit-Policy", `"${policy}";q=${perSecond};w=1`);
  res.setHeader("RateLimit", `"${policy}";r=${outcome.remainingPoints};t=${Math.max(1, Math.ceil(outcome.msBeforeNext / 1000))}`);
}

function refuse(res: ServerResponse, policy: string, perSecond: number, outcome: RateLimiterRes): never {
  announce(res, policy, perSecond, outcome);
  const seconds = Math.max(1, Math.ceil(outcome.msBeforeNext / 1000));
  res.setHeader("Retry-After", String(seconds));
  throw new HttpError(429, `Rate limit exceeded (${perSecond} requests per second for this ${policy === "key" ? "key" : "address"}); retry after ${seconds} s`);
}

/**
 * Proxies whose `X-Forwarded-For` the gateway believes (`COPNET_TRUSTED_PROXIES`): addresses and CIDR ranges.
 * Behind an ingress every client connects from the ingress's address; counting the socket alone would put
 * them all in one bucket, and one abuser would spend everyone's allowance. None by default: a gateway
 * reached directly must not let clients name their own address.
 */
export class TrustedProxies {
  static readonly NONE = new TrustedProxies([]);
  private readonly ranges = new BlockList();
  readonly empty: boolean;

  /** Throws, naming the entry, for anything but an IPv4/IPv6 address or CIDR range. */
  constructor(entries: readonly string[]) {
    this.empty = entries.length === 0;
    for (const entry of entries) {
      const [address = "", prefix, ...rest] = entry.split("/");
      const family = isIP(address);
      const bits = prefix === undefined ? null : /^\d{1,3}$/.test(prefix) ? Number(prefix) : NaN;
      if (!family || rest.length || (bits !== null && !(bits <= (family === 4 ? 32 : 128)))) {
        throw new Error(`"${entry}" is not an IP address or CIDR range`);
      }
      const type = family === 4 ? "ipv4" : "ipv6";
      if (bits === null) this.ranges.addAddress(address, type);
      else this.ranges.addSubnet(address, bits, type);
    }
  }

  /** Parses a comma-separated list, as the environment variable holds it. */
  static parse(list: string): TrustedProxies {
    return new TrustedProxies(list.split(",").map((entry) => entry.trim()).filter(Boolean));
  }

  has(address: string): boolean {
    const family = isIP(address);
    // BlockList matches an IPv4-mapped IPv6 address against IPv4 ranges too.
    return family !== 0 && this.ranges.check(address, family === 4 ? "ipv4" : "ipv6");
  }
}

/** `COPNET_TRUSTED_PROXIES`, checked at start: a typo must not silently count every client as the ingress. */
export const trustedProxiesEnv = {
  COPNET_TRUSTED_PROXIES: z
    .string()
    .default("")
    .transform((list, ctx) => {
      try {
        return TrustedProxies.parse(list);
      } catch (error) {
        ctx.addIssue({ code: "custom", message: `${(error as Error).message} (expected comma-separated addresses or CIDR ranges)` });
        return z.NEVER;
      }
    }),
};

/**
 * The client's address, as every per-address limit counts it (rate limits, unknown keys, subscriptions). From a
 * trusted proxy, the right-most `X-Forwarded-For` entry that is not itself a trusted proxy: each proxy appends the
 * address it was connected from, so that entry was written by our own proxies, while entries left of it are
 * whatever the client sent. An IPv6 client is counted by its /64, which one subscriber usually holds whole.
 */
export function addressOf(req: IncomingMessage, trustedProxies: TrustedProxies = TrustedProxies.NONE): string {
  let address = req.socket.remoteAddress ?? "";
  const forwardedFor = req.headers["x-forwarded-for"];
  if (!trustedProxies.empty && forwardedFor && trustedProxies.has(address)) {
    // Node joins repeated X-Forwarded-For headers with ", " in arrival order.
    const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : forwardedFor).split(",").map((hop) => hop.trim());
    for (let index = hops.length - 1; index >= 0; index--) {
      const hop = hops[index]!;
      // Not an address: not appended by a proxy of ours; the last trusted hop is the best we know.
      if (!isIP(hop)) break;
      address = hop;
      if (!trustedProxies.has(hop)) break;
    }
  }
  return countedAddress(address);
}

/** IPv4 as is (also IPv4-mapped), IPv6 as its /64. */
function countedAddress(address: string): string {
  if (address.startsWith("::ffff:") && address.includes(".")) return address.slice("::ffff:".length);
  if (!address.includes(":")) return address;
  const [head = "", tail] = address.split("::");
  const leading = head ? head.split(":") : [];
  const trailing = tail ? tail.split(":") : [];
  const groups = tail === undefined ? leading : [...leading, ...Array<string>(8 - leading.length - trailing.length).fill("0"), ...trailing];
  return `${groups.slice(0, 4).map((group) => group.toLowerCase().replace(/^0+(?=.)/, "")).join(":")}::/64`;
}

/**
 * The addresses being counted, oldest first, each for one burst window after it was first seen. While
 * `max` are counted, further addresses share one bucket: a flood from many addresses is limited as one
 * caller, and the limiter's memory stays bounded.
 */
class AddressBook {
  private readonly until = new Map<string, number>();

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
  ) {}

  get size(): number {
    return this.until.size;
  }

  bucketOf(address: string, now = Date.now()): string {
    for (const [oldest, until] of this.until) {
      if (until > now) break;
      this.until.delete(oldest);
    }
    if (this.until.has(address)) return address;
    if (this.until.size >= this.max) return "(more addresses)";
    this.until.set(address, now + this.windowMs);
    return address;
  }
}
