import type { IncomingMessage, ServerResponse } from "node:http";
import type { MikroORM } from "@mikro-orm/postgresql";
import {
  calculateJwkThumbprint,
  createLocalJWKSet,
  exportJWK,
  generateKeyPair,
  jwtVerify,
  type JSONWebKeySet,
  type JWTVerifyGetKey,
} from "jose";
import type { EntityManager } from "../../lib/database.js";
import { sendJson, type Route } from "../../lib/http.js";
import {
  InvalidServiceToken,
  MAX_TOKEN_AGE_SECONDS,
  RememberedTokens,
  SERVICE_TOKEN_ALGORITHM,
  SERVICE_TOKEN_ISSUER,
  SERVICE_TOKEN_LIFETIME_SECONDS,
  callerFromClaims,
  importSigningKey,
  type Caller,
  type SigningKey,
  type VerifiedServiceToken,
} from "../../lib/identity.js";
import type { Logger } from "../../lib/log.js";
import { GatewaySigningKey } from "./signing-key.entity.js";

export const JWKS_PATH = "/.well-known/jwks.json";
/**
 * How long a retired key stays published: well over twice a token's lifetime, so tokens it signed just
 * before a rotation — and tokens from a gateway that has not yet heard of the rotation — still verify.
 */
export const RETIRED_KEY_PUBLISHED_MS = Math.max(5 * 60_000, 2 * SERVICE_TOKEN_LIFETIME_SECONDS * 1000);

/** Creating or rotating keys happens under this lock, so two gateways (or a gateway and a rotation) never race. */
async function lockSigningKeys(em: EntityManager): Promise<void> {
  await em.execute("select pg_advisory_xact_lock(hashtext('copnet_signing_keys'))");
}

async function newSigningKey(em: EntityManager, state: "next" | "active"): Promise<GatewaySigningKey> {
  const { publicKey, privateKey } = await generateKeyPair(SERVICE_TOKEN_ALGORITHM, { crv: "Ed25519", extractable: true });
  const publicJwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  return em.create(GatewaySigningKey, {
    kid,
    state,
    publicJwk: { ...publicJwk, kid, alg: SERVICE_TOKEN_ALGORITHM, use: "sig" },
    privateJwk: { ...(await exportJWK(privateKey)), kid, alg: SERVICE_TOKEN_ALGORITHM },
    activatedAt: state === "active" ? new Date() : null,
    retiredAt: null,
  } as GatewaySigningKey);
}

/** A first gateway start creates an active and a next key; later starts (and other gateways) find them. */
export async function ensureSigningKeys(em: EntityManager): Promise<void> {
  await em.transactional(async (tx) => {
    await lockSigningKeys(tx);
    const states = new Set((await tx.find(GatewaySigningKey, { state: { $in: ["active", "next"] } })).map((key) => key.state));
    if (!states.has("active")) await newSigningKey(tx, "active");
    if (!states.has("next")) await newSigningKey(tx, "next");
  });
}

/**
 * `copnet token rotate`: next → active, active → retired (its private half erased, its public half still
 * published for RETIRED_KEY_PUBLISHED_MS), and a new next. Every gateway signs with the new key within
 * one poll; subgraphs already have it, since it was published as `next`.
 */
export async function rotateSigningKeys(em: EntityManager): Promise<{ retired: string | null; active: string; next: string }> {
  await ensureSigningKeys(em);
  return em.transactional(async (tx) => {
    await lockSigningKeys(tx);
    const keys = await tx.find(GatewaySigningKey, { state: { $in: ["active", "next"] } });
    const active = keys.find((key) => key.state === "active");
    const promoted = keys.find((key) => key.state === "next")!;
    const now = new Date();
    if (active) {
      active.state = "retired";
      active.privateJwk = null;
      active.retiredAt = now;
    }
    promoted.state = "active";
    promoted.activatedAt = now;
    const next = await newSigningKey(tx, "next");
    return { retired: active?.kid ?? null, active: promoted.kid, next: next.kid };
  });
}

/**
 * This gateway's view of the signing keys: the active one to sign with and the published set. Read from
 * the database at start and again every `pollMs`, so all gateways sign with the same key and serve the
 * same JWKS, and a rotation reaches each within one poll.
 */
export class SigningKeyRing {
  private active: SigningKey | null = null;
  private published: JSONWebKeySet = { keys: [] };
  private verifier: JWTVerifyGetKey = createLocalJWKSet(this.published);
  private timer: NodeJS.Timeout | null = null;
  private loading = false;

  constructor(
    private readonly orm: MikroORM,
    private readonly pollMs: number,
    private readonly log: Logger,
  ) {}

  async start(): Promise<void> {
    await ensureSigningKeys(this.orm.em.fork());
    await this.load();
    this.timer = setInterval(() => void this.poll(), this.pollMs);
    this.timer.unref();
  }

  /** One reload at a time, so a slow or unreachable database cannot pile them up. */
  private async poll(): Promise<void> {
    if (this.loading) return;
    this.loading = true;
    try {
      await this.load();
    } catch (error) {
      this.log.warn({ err: error }, "could not reload the signing keys; signing with the ones loaded before");
    } finally {
      this.loading = false;
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** The key to sign with now. */
  readonly signingKey = (): SigningKey => {
    if (!this.active) throw new Error("signing keys not loaded: start the key ring first");
    return this.active;
  };

  /**
   * `GET /.well-known/jwks.json`: what subgraphs verify service tokens with — the public keys of the next,
   * active and recently retired keys, never a private part.
   */
  route(): Route {
    return (req: IncomingMessage, res: ServerResponse, url: URL) => {
      if (url.pathname !== JWKS_PATH || req.method !== "GET") return false;
      res.setHeader("cache-control", "public, max-age=60");
      return sendJson(res, 200, this.published);
    };
  }

  /**
   * Checks that this network's gateway signed a token a subgraph presents back to it (a subgraph asking
   * the gateway something on a caller's behalf): any audience among `subgraphs`, the registry's names.
   */
  async verifyOwnServiceToken(token: string, subgraphs: readonly string[]): Promise<Caller> {
    const { caller, audience } = await this.ownTokens.verify(token);
    // Checked on every use, remembered or not: a subgraph removed from the registry loses its tokens at once.
    if (!subgraphs.includes(audience)) throw new InvalidServiceToken("the token is not for a subgraph of this network");
    return caller;
  }

  /** Tokens subgraphs present back, remembered once verified (against the keys published now: see RememberedTokens). */
  readonly ownTokens = new RememberedTokens<VerifiedServiceToken & { audience: string }>(
    "own_service_tokens",
    (header, token) => this.verifier(header, token),
    async (token) => {
      try {
        const { payload } = await jwtVerify(token, this.verifier, {
          issuer: SERVICE_TOKEN_ISSUER,
          algorithms: [SERVICE_TOKEN_ALGORITHM],
          maxTokenAge: MAX_TOKEN_AGE_SECONDS,
          requiredClaims: ["exp", "iat", "aud"],
        });
        if (typeof payload.aud !== "string") throw new InvalidServiceToken("the token names no single audience");
        const validUntil = Math.min(payload.exp!, payload.iat! + MAX_TOKEN_AGE_SECONDS) * 1000;
        return { caller: callerFromClaims(payload), audience: payload.aud, schemaOnly: false, validUntil };
      } catch (error) {
        if (error instanceof InvalidServiceToken) throw error;
        throw new InvalidServiceToken(error instanceof Error ? error.message : "invalid token");
      }
    },
  );

  private async load(): Promise<void> {
    const em = this.orm.em.fork();
    const keys = await em.find(
      GatewaySigningKey,
      { $or: [{ state: { $in: ["active", "next"] } }, { state: "retired", retiredAt: { $gt: new Date(Date.now() - RETIRED_KEY_PUBLISHED_MS) } }] },
      { orderBy: { createdAt: "desc" } },
    );
    const active = keys.find((key) => key.state === "active" && key.privateJwk);
    if (!active) throw new Error("no active signing key in the gateway database");
    if (this.active?.kid !== active.kid) {
      const previous = this.active?.kid;
      this.active = await importSigningKey(active.privateJwk!);
      if (previous) this.log.info({ from: previous, to: active.kid }, "signing with the rotated key");
    }
    // Only the public members are copied, whatever the column holds.
    this.published = { keys: keys.map(({ publicJwk: { kty, crv, x, kid, alg, use } }) => ({ kty, crv, x, kid, alg, use })) };
    this.verifier = createLocalJWKSet(this.published);
  }
}
