import { SignJWT, jwtVerify, errors as joseErrors } from "jose";

export type Role = "anonymous" | "society" | "researcher" | "admin";

/** Who is calling, as the gateway authenticated them. Subgraphs never read identity from anything else. */
export interface Caller {
  role: Role;
  /** The society a `society` or `researcher` key belongs to; null for anonymous and admin callers. */
  societyId: string | null;
}

export const ANONYMOUS: Caller = { role: "anonymous", societyId: null };

const ISSUER = "copnet-gateway";
/** Service tokens live for seconds: long enough for one subgraph fetch, too short to be worth stealing. */
const TOKEN_LIFETIME_SECONDS = 30;
const encoder = new TextEncoder();

/** Signs the caller into a token for one subgraph (audience = subgraph name). */
export async function signServiceToken(caller: Caller, audience: string, secret: string): Promise<string> {
  return new SignJWT({ role: caller.role, society: caller.societyId })
    .setProtectedHeader({ alg: "HS256" })
    .setIssuer(ISSUER)
    .setAudience(audience)
    .setIssuedAt()
    .setExpirationTime(`${TOKEN_LIFETIME_SECONDS}s`)
    .sign(encoder.encode(secret));
}

export class InvalidServiceToken extends Error {}

/** Verifies a service token against every accepted secret (two during a rotation). */
export async function verifyServiceToken(token: string, audience: string, secrets: string[]): Promise<Caller> {
  for (const secret of secrets) {
    try {
      const { payload } = await jwtVerify(token, encoder.encode(secret), {
        issuer: ISSUER,
        audience,
        algorithms: ["HS256"],
        maxTokenAge: TOKEN_LIFETIME_SECONDS * 2,
      });
      return callerFromClaims(payload.role, payload.society);
    } catch (error) {
      // A signature mismatch may just mean the token was signed with the other secret of a rotation.
      if (error instanceof joseErrors.JWSSignatureVerificationFailed) continue;
      throw new InvalidServiceToken(error instanceof Error ? error.message : "invalid token");
    }
  }
  throw new InvalidServiceToken("signature verification failed");
}

function callerFromClaims(role: unknown, society: unknown): Caller {
  if (role !== "anonymous" && role !== "society" && role !== "researcher" && role !== "admin") {
    throw new InvalidServiceToken("unknown role");
  }
  return { role, societyId: typeof society === "string" ? society : null };
}
