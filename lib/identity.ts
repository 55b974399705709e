import { readFileSync } from "node:fs";
import {
  SignJWT,
  createLocalJWKSet,
  createRemoteJWKSet,
  decodeProtectedHeader,
  errors as joseErrors,
  importJWK,
  jwtVerify,
  type CryptoKey,
  type JSONWebKeySet,
  type JWK,
  type JWTVerifyGetKey,
  type JWTHeaderParameters,
} from "jose";
import { BoundedMap } from "./bounded.js";

/** `public`: a publishable key for a society's website; the gateway forwards it to subgraphs as anonymous. */
export type Role = "anonymous" | "public" | "society" | "researcher" | "admin";

/** Who is calling, as the gateway authenticated them. Subgraphs never read identity from anything else. */
export interface Caller {
  role: Role;
  /** The society a `society` or `researcher` key belongs to; null for anonymous and admin callers. */
  societyId: string | null;
  /** The id of the API key that called (for auditing); null for anonymous callers. */
  keyId: string | null;
  /**
   * Set only on the tokens the gateway's data-rights service signs (claim `purpose: privacy`, `member`): they
   * let `_memberData` / `_eraseMemberData` read and erase this one member's records, whichever society owns them.
   */
  privacyFor?: string;
}

export const ANONYMOUS: Caller = { role: "anonymous", societyId: null, keyId: null };

export const SERVICE_TOKEN_ISSUER = "copnet-gateway";
/** Service tokens live for seconds: long enough for one subgraph fetch, too short to be worth stealing. */
export const SERVICE_TOKEN_LIFETIME_SECONDS = 30;
/**
 * The audience of the tokens the registry sends with `{ _service { sdl } }`: a subgraph answers them that
 * query and nothing else, so a token meant for reading a schema can never read data.
 */
export const REGISTRY_AUDIENCE = "copnet-registry";
/** Ed25519: small keys, fast signatures, and no parameters to get wrong. */
export const SERVICE_TOKEN_ALGORITHM = "EdDSA";

/** A private key the gateway signs with, named by the `kid` its public half is published under. */
export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
}

/** A stored private JWK (with its `kid`) back into a key to sign with. */
export async function importSigningKey(jwk: JWK): Promise<SigningKey> {
  if (!jwk.kid || !jwk.d) throw new Error("a signing key needs its kid and private part");
  return { kid: jwk.kid, privateKey: (await importJWK(jwk, SERVICE_TOKEN_ALGORITHM)) as CryptoKey };
}

/** Signs the caller into a token for one audience: a subgraph's name, or REGISTRY_AUDIENCE. */
export function signServiceToken(caller: Caller, audience: string, key: SigningKey): Promise<string> {
  const privacy = caller.privacyFor ? { purpose: "privacy", member: caller.privacyFor } : {};
  return new SignJWT({ role: caller.role, society: caller.societyId, keyId: caller.keyId, ...privacy })
    .setProtectedHeader({ alg: SERVICE_TOKEN_ALGORITHM, kid: key.kid })
    .setIssuer(SERVICE_TOKEN_ISSUER)
    .setAudience(audience)
    .setIssuedAt()
    .setExpirationTime(`${SERVICE_TOKEN_LIFETIME_SECONDS}s`)
    .sign(key.privateKey);
}

/**
 * The gateway's tokens, each reused for a third of its lifetime per caller, audience and signing key:
 * signing one per subgraph fetch was ~7% of the gateway's CPU under load. A rotation changes the signing
 * key, so the next fetch gets a token under the new `kid`.
 */
export class ServiceTokens {
  /** One entry per API key, audience and signing key: as many as the keys in use, least recently used out beyond that. */
  readonly cache = new BoundedMap<string, { token: Promise<string>; renewAt: number }>("service_tokens", { capacity: 10_000 });

  constructor(private readonly signingKey: () => SigningKey) {}

  get(caller: Caller, audience: string): Promise<string> {
    const key = this.signingKey();
    // A privacy token names a member: signed for each call and never kept, so no erased member's id lingers here.
    if (caller.privacyFor) return signServiceToken(caller, audience, key);
    const name = [key.kid, audience, caller.role, caller.societyId ?? "", caller.keyId ?? ""].join("\u0000");
    const now = Date.now();
    const cached = this.cache.get(name);
    if (cached && cached.renewAt > now) return cached.token;
    const token = signServiceToken(caller, audience, key);
    this.cache.set(name, { token, renewAt: now + (SERVICE_TOKEN_LIFETIME_SECONDS * 1000) / 3 });
    return token;
  }
}

export class InvalidServiceToken extends Error {}

/** What a verified service token allows: acting for `caller`, or (registry audience) reading the SDL only. */
export interface VerifiedServiceToken {
  caller: Caller;
  schemaOnly: boolean;
  /** When the token stops being accepted (epoch ms): its expiry, or its issue time plus the oldest age accepted. */
  validUntil: number;
}

/** The oldest service token a subgraph accepts, whatever its expiry says. */
export const MAX_TOKEN_AGE_SECONDS = SERVICE_TOKEN_LIFETIME_SECONDS * 2;

/** Where a subgraph finds the gateway's public keys. */
export type ServiceKeySource = { gatewayUrl: string; jwksFile?: undefined } | { jwksFile: string };

/**
 * The gateway's public keys, for verifying service tokens. From the gateway's `/.well-known/jwks.json`,
 * fetched on first use (a subgraph may start before the gateway), kept for a few minutes and refetched
 * at once for an unknown `kid` — at most every few seconds, so tokens with made-up kids cannot make a
 * subgraph hammer the gateway. Or, on a closed network, from a JWKS file read once at start.
 */
export function serviceKeys(source: ServiceKeySource): JWTVerifyGetKey {
  if (source.jwksFile !== undefined) return createLocalJWKSet(JSON.parse(readFileSync(source.jwksFile, "utf8")) as JSONWebKeySet);
  return createRemoteJWKSet(new URL("/.well-known/jwks.json", source.gatewayUrl), {
    cooldownDuration: 5_000,
    cacheMaxAge: 5 * 60_000,
    timeoutDuration: 5_000,
  });
}

/**
 * Verifies a service token for the subgraph `audience`: signed with one of the gateway's keys (EdDSA only,
 * so neither `alg: none` nor a public key passed off as an HMAC secret gets through), issued by the
 * gateway, unexpired, and meant for this subgraph — or for the registry, which may read only the schema.
 */
export async function verifyServiceToken(token: string, audience: string, keys: JWTVerifyGetKey): Promise<VerifiedServiceToken> {
  try {
    const { payload } = await jwtVerify(token, keys, {
      issuer: SERVICE_TOKEN_ISSUER,
      audience: [audience, REGISTRY_AUDIENCE],
      algorithms: [SERVICE_TOKEN_ALGORITHM],
      maxTokenAge: MAX_TOKEN_AGE_SECONDS,
      requiredClaims: ["exp", "iat"],
    });
    return { caller: callerFromClaims(payload), schemaOnly: payload.aud !== audience, validUntil: Math.min(payload.exp!, payload.iat! + MAX_TOKEN_AGE_SECONDS) * 1000 };
  } catch (error) {
    if (error instanceof InvalidServiceToken) throw error;
    // Not the token's fault but still no proof of identity: the gateway's keys could not be fetched.
    if (!(error instanceof joseErrors.JOSEError) || error instanceof joseErrors.JWKSTimeout) {
      throw new InvalidServiceToken(`could not get the gateway's public keys: ${error instanceof Error ? error.message : String(error)}`);
    }
    throw new InvalidServiceToken(error.message);
  }
}

/**
 * Verified tokens, remembered by the token string until they stop being valid: the gateway reuses a service
 * token for many fetches, and verifying its signature on each (jose, WebCrypto) was 7–9% of a subgraph's CPU and
 * 15% of the gateway's claim lookups. A remembered token is still refused once expired, and once its signing key is
 * no longer among the published keys (as `keys` knows them now), exactly as a fresh verification would refuse it.
 * Privacy tokens name a member and are never kept.
 */
export class RememberedTokens<T extends { caller: Caller; validUntil: number }> {
  readonly verified: BoundedMap<string, { result: T; header: JWTHeaderParameters }>;

  constructor(
    name: string,
    private readonly keys: JWTVerifyGetKey,
    private readonly verifyFresh: (token: string) => Promise<T>,
  ) {
    this.verified = new BoundedMap(name, { capacity: 10_000 });
  }

  async verify(token: string): Promise<T> {
    const known = this.verified.get(token);
    if (known && Date.now() < known.result.validUntil) {
      const [protectedHeader, payload, signature] = token.split(".");
      try {
        await this.keys(known.header, { protected: protectedHeader, payload: payload!, signature: signature! });
        return known.result;
      } catch {
        this.verified.delete(token);
      }
    }
    const result = await this.verifyFresh(token);
    if (!result.caller.privacyFor) this.verified.set(token, { result, header: decodeProtectedHeader(token) as JWTHeaderParameters });
    return result;
  }
}

/** A subgraph's service tokens (`verifyServiceToken` for its own name), remembered. */
export class ServiceTokenVerifier extends RememberedTokens<VerifiedServiceToken> {
  constructor(audience: string, keys: JWTVerifyGetKey) {
    super("verified_service_tokens", keys, (token) => verifyServiceToken(token, audience, keys));
  }
}

/** The fixed claims `{ role, society, keyId }` (and `purpose: privacy` with its `member`) back into a caller; anything else is refused. */
export function callerFromClaims(claims: Record<string, unknown>): Caller {
  const { role, society, keyId, purpose, member } = claims;
  if (role !== "anonymous" && role !== "society" && role !== "researcher" && role !== "admin") {
    throw new InvalidServiceToken("unknown role");
  }
  if ((society !== null && typeof society !== "string") || (keyId !== null && typeof keyId !== "string")) {
    throw new InvalidServiceToken("malformed society or keyId claim");
  }
  if (purpose === undefined && member === undefined) return { role, societyId: society, keyId };
  if (purpose !== "privacy" || typeof member !== "string") throw new InvalidServiceToken("malformed purpose or member claim");
  return { role, societyId: society, keyId, privacyFor: member };
}
