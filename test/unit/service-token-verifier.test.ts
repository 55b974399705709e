import { calculateJwkThumbprint, createLocalJWKSet, exportJWK, generateKeyPair } from "jose";
import { afterEach, describe, expect, it, vi } from "vitest";
import { InvalidServiceToken, ServiceTokenVerifier, signServiceToken, type Caller, type SigningKey } from "../../lib/identity.js";

const CALLER: Caller = { role: "society", societyId: "5d1c0a4e-0000-4000-8000-000000000001", keyId: "0b6f2c8e-0000-4000-8000-00000000a11c" };

/** A gateway key pair, and the key set a subgraph reads (which the test can withdraw the key from, as a revocation does). */
async function gatewayKey(): Promise<{ signing: SigningKey; published: () => object }> {
  const pair = await generateKeyPair("EdDSA", { crv: "Ed25519" });
  const publicJwk = await exportJWK(pair.publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  return { signing: { kid, privateKey: pair.privateKey }, published: () => ({ ...publicJwk, kid, alg: "EdDSA", use: "sig" }) };
}

afterEach(() => vi.useRealTimers());

describe("verified service tokens remembered until they expire", () => {
  it("should accept a remembered token again, and refuse it once expired", async () => {
    const key = await gatewayKey();
    const verifier = new ServiceTokenVerifier("members", createLocalJWKSet({ keys: [key.published()] }));
    vi.useFakeTimers({ toFake: ["Date"] });
    const token = await signServiceToken(CALLER, "members", key.signing);
    expect((await verifier.verify(token)).caller).toEqual(CALLER);
    expect((await verifier.verify(token)).caller).toEqual(CALLER);
    expect(verifier.verified.size).toBe(1);
    vi.setSystemTime(Date.now() + 31_000);
    await expect(verifier.verify(token)).rejects.toThrow(InvalidServiceToken);
  });

  it("should refuse a remembered token once its signing key is withdrawn from the gateway's published keys", async () => {
    const [old, next] = [await gatewayKey(), await gatewayKey()];
    let published = createLocalJWKSet({ keys: [old.published(), next.published()] });
    const verifier = new ServiceTokenVerifier("members", (header, token) => published(header, token));
    const token = await signServiceToken(CALLER, "members", old.signing);
    expect((await verifier.verify(token)).caller).toEqual(CALLER);
    published = createLocalJWKSet({ keys: [next.published()] });
    await expect(verifier.verify(token)).rejects.toThrow(InvalidServiceToken);
    expect((await verifier.verify(await signServiceToken(CALLER, "members", next.signing))).caller).toEqual(CALLER);
  });

  it("should remember neither refused tokens nor privacy tokens, which name a member", async () => {
    const key = await gatewayKey();
    const verifier = new ServiceTokenVerifier("members", createLocalJWKSet({ keys: [key.published()] }));
    await expect(verifier.verify(await signServiceToken(CALLER, "events", key.signing))).rejects.toThrow(InvalidServiceToken);
    const privacy = await signServiceToken({ ...CALLER, privacyFor: "00000000-0000-4000-8000-000000000001" }, "members", key.signing);
    expect((await verifier.verify(privacy)).caller.privacyFor).toBe("00000000-0000-4000-8000-000000000001");
    expect(verifier.verified.size).toBe(0);
  });
});
