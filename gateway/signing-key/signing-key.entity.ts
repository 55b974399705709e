import { defineEntity, p } from "@mikro-orm/core";
import type { JWK } from "jose";

/**
 * A key pair the gateway signs service tokens with. `next` is published before it signs anything, so
 * subgraphs already know it when a rotation makes it `active`; a `retired` key stays published for a
 * while (tokens it signed are still in flight) and has lost its private half.
 */
export type SigningKeyState = "next" | "active" | "retired";

export class GatewaySigningKey {
  /** RFC 7638 thumbprint of the public key; the `kid` of every token it signs. */
  kid!: string;
  state!: SigningKeyState;
  publicJwk!: JWK;
  /** Null once retired: a retired key can never sign again. */
  privateJwk!: JWK | null;
  createdAt!: Date;
  activatedAt!: Date | null;
  retiredAt!: Date | null;
}

export const GatewaySigningKeySchema = defineEntity({
  class: GatewaySigningKey,
  tableName: "signing_key",
  properties: {
    kid: p.string().length(64).primary(),
    state: p.enum(["next", "active", "retired"] as const).index(),
    publicJwk: p.json<JWK>(),
    privateJwk: p.json<JWK>().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    activatedAt: p.datetime().nullable(),
    retiredAt: p.datetime().nullable(),
  },
});
