import { execFile } from "node:child_process";
import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { promisify } from "node:util";
import { SignJWT, calculateJwkThumbprint, decodeJwt, decodeProtectedHeader, exportJWK, exportSPKI, generateKeyPair, importJWK, type JWK } from "jose";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { databaseUrlOn } from "../../lib/config.js";
import { dropDatabase, ensureDatabase, migrate, openDatabase } from "../../lib/database.js";
import { InvalidServiceToken, REGISTRY_AUDIENCE, signServiceToken, type Caller, type SigningKey } from "../../lib/identity.js";
import { gatewayDatabase } from "../../gateway/database.js";
import { GatewaySigningKey } from "../../gateway/signing-key/signing-key.entity.js";
import { SigningKeyRing, ensureSigningKeys } from "../../gateway/signing-key/signing-keys.js";
import { createLogger } from "../../lib/log.js";
import { DEMO_SOCIETIES } from "../../seed/demo-network.js";
import { startSubgraph } from "../../lib/subgraph.js";
import { SUBGRAPHS } from "../../subgraphs/index.js";
import { postGraphQL, send, startTestNetwork, type TestNetwork } from "../support/network.js";
import { freePort } from "../support/ports.js";

let network: TestNetwork;
let members: string;
let signingKey: SigningKey;
beforeAll(async () => {
  network = await startTestNetwork();
  members = network.subgraphs.find((subgraph) => subgraph.name === "members")!.url;
  signingKey = await network.activeSigningKey();
});
afterAll(() => network?.stop());

const HOECOP = DEMO_SOCIETIES[0].id;
const SDL = { query: "{ _service { sdl } }" };
const ENTITIES = (id: string) => ({
  query: `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Member { id displayName email } } }`,
  variables: { representations: [{ __typename: "Member", id }] },
});
const ANONYMOUS: Caller = { role: "anonymous", societyId: null, keyId: null };
const HOECOP_CALLER: Caller = { role: "society", societyId: HOECOP, keyId: "0b6f2c8e-0000-4000-8000-00000000a11c" };
const PRIVATE_JWK_FIELDS = ["d", "p", "q", "dp", "dq", "qi", "k"];

function expect401(response: { status: number; text: string; json: { data?: unknown; errors?: { extensions?: Record<string, unknown> }[] } }) {
  expect(response.status).toBe(401);
  expect(response.json.data).toBeUndefined();
  expect(response.json.errors![0]!.extensions!.code).toBe("UNAUTHENTICATED");
  expect(response.text).not.toContain("type Member");
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
const now = () => Math.floor(Date.now() / 1000);

/** A member of hoecop with an e-mail address, found through the gateway with hoecop's own key. */
async function hoecopMember(): Promise<{ id: string; email: string }> {
  const page = await network.query(`query ($society: ID!) { members(first: 1, filter: { society: $society }) { edges { node { id email } } } }`, { society: HOECOP }, network.keys.hoecop);
  return page.data!.members.edges[0].node;
}

async function jwks(origin = network.gatewayOrigin): Promise<{ keys: JWK[] }> {
  const response = await send(`${origin}/.well-known/jwks.json`);
  expect(response.status).toBe(200);
  return JSON.parse(response.text) as { keys: JWK[] };
}

/** The claims the gateway signs, for hand-made tokens. */
const claims = (caller: Caller) => ({ role: caller.role, society: caller.societyId, keyId: caller.keyId });

describe("calling a subgraph around the gateway", () => {
  it("should refuse `_service { sdl }`, `_entities` and ordinary queries without a service token", async () => {
    const { id } = await hoecopMember();
    expect401(await postGraphQL(members, SDL));
    expect401(await postGraphQL(members, ENTITIES(id)));
    expect401(await postGraphQL(members, { query: "{ societies { id } }" }));
  });

  it("should refuse an API key where a service token belongs", async () => {
    expect401(await postGraphQL(members, SDL, bearer(network.keys.admin!)));
  });

  it("should ignore forged identity headers and still ask for a token", async () => {
    const forged = { "x-user": "admin", "x-role": "admin", "x-society": HOECOP, "x-copnet-caller": JSON.stringify(HOECOP_CALLER) };
    expect401(await postGraphQL(members, SDL, forged));
  });

  it("should refuse HMAC tokens, whatever secret they were made with — the public key included", async () => {
    const { keys } = await jwks();
    const published = keys.find((key) => key.kid === signingKey.kid)!;
    const publicKey = await importJWK(published, "EdDSA");
    const secrets = [
      "change-me-to-32-or-more-random-characters-0000", // the old .env.example value
      signingKey.kid,
      JSON.stringify(published), // the public JWK as text
      await exportSPKI(publicKey as never), // the public key as PEM
    ].map((text) => new TextEncoder().encode(text));
    secrets.push(Buffer.from(published.x!, "base64url")); // the raw public key bytes
    for (const secret of secrets) {
      for (const audience of ["members", REGISTRY_AUDIENCE]) {
        const token = await new SignJWT(claims(HOECOP_CALLER))
          .setProtectedHeader({ alg: "HS256", kid: signingKey.kid })
          .setIssuer("copnet-gateway")
          .setAudience(audience)
          .setIssuedAt()
          .setExpirationTime("30s")
          .sign(secret);
        expect401(await postGraphQL(members, SDL, bearer(token)));
      }
    }
  });

  it("should refuse unsigned, tampered, unknown-kid, foreign-key, expired and wrong-audience tokens", async () => {
    const payload = { ...claims(HOECOP_CALLER), iss: "copnet-gateway", aud: "members", iat: now(), exp: now() + 30 };
    const unsigned = [
      `${base64url({ alg: "none" })}.${base64url(payload)}.`,
      `${base64url({ alg: "none", kid: signingKey.kid })}.${base64url(payload)}.`,
    ];
    // An anonymous token whose payload is rewritten to claim a society: the signature no longer matches.
    const [header, anonymousPayload, signature] = (await signServiceToken(ANONYMOUS, "members", signingKey)).split(".");
    const tampered = [header, base64url({ ...JSON.parse(Buffer.from(anonymousPayload!, "base64url").toString()), role: "society", society: HOECOP }), signature].join(".");
    // Another Ed25519 key: under its own kid (unknown to the gateway), and under the gateway's kid.
    const foreign = await generateKeyPair("EdDSA", { crv: "Ed25519" });
    const foreignKid = await calculateJwkThumbprint(await exportJWK(foreign.publicKey));
    const unknownKid = await signServiceToken(HOECOP_CALLER, "members", { kid: foreignKid, privateKey: foreign.privateKey });
    const substituted = await signServiceToken(HOECOP_CALLER, "members", { kid: signingKey.kid, privateKey: foreign.privateKey });
    const expired = await new SignJWT(claims(HOECOP_CALLER))
      .setProtectedHeader({ alg: "EdDSA", kid: signingKey.kid })
      .setIssuer("copnet-gateway")
      .setAudience("members")
      .setIssuedAt(now() - 120)
      .setExpirationTime(now() - 60)
      .sign(signingKey.privateKey);
    const wrongAudience = await signServiceToken(HOECOP_CALLER, "events", signingKey);
    const wrongIssuer = await new SignJWT(claims(HOECOP_CALLER))
      .setProtectedHeader({ alg: "EdDSA", kid: signingKey.kid })
      .setIssuer("someone-else")
      .setAudience("members")
      .setIssuedAt()
      .setExpirationTime("30s")
      .sign(signingKey.privateKey);
    for (const token of [...unsigned, tampered, unknownKid, substituted, expired, wrongAudience, wrongIssuer]) {
      expect401(await postGraphQL(members, SDL, bearer(token)));
    }
  });

  it("should answer a valid token, and give the private e-mail only to the member's own society", async () => {
    const { id, email } = await hoecopMember();
    expect(email).toMatch(/@hoecop\.example\.org$/);
    const own = await postGraphQL(members, ENTITIES(id), bearer(await signServiceToken(HOECOP_CALLER, "members", signingKey)));
    expect(own.json.data!._entities[0]).toMatchObject({ id, email });
    // Forged headers beside an anonymous token change nothing: identity comes from the token alone.
    const anonymous = await postGraphQL(members, ENTITIES(id), { ...bearer(await signServiceToken(ANONYMOUS, "members", signingKey)), "x-society": HOECOP, "x-role": "society" });
    expect(anonymous.json.data!._entities[0]).toMatchObject({ id, email: null });
  });

  it("should answer a registry token the schema and nothing else", async () => {
    const { id } = await hoecopMember();
    const registry = bearer(await signServiceToken(HOECOP_CALLER, REGISTRY_AUDIENCE, signingKey));
    const schema = await postGraphQL(members, SDL, registry);
    expect(schema.status).toBe(200);
    expect(schema.json.data!._service.sdl).toContain("type Member");
    for (const body of [
      ENTITIES(id),
      { query: "{ societies { id } }" },
      { query: "{ _service { sdl } societies { id } }" },
      { query: "{ ... on Query { societies { id } } }" },
      { query: `mutation ($id: ID!) { updateMember(id: $id, input: { givenName: "Mallory" }) { id } }`, variables: { id } },
    ]) {
      const response = await postGraphQL(members, body, registry);
      expect401(response);
      expect(response.text).not.toContain(HOECOP);
    }
  });
});

describe("identity at the gateway", () => {
  it("should ignore client identity headers: an anonymous caller claiming a society sees no private field and cannot write", async () => {
    const { id } = await hoecopMember();
    const forged = { "x-user": "admin", "x-society": HOECOP, "x-copnet-role": "society", "x-forwarded-user": "hoecop" };
    const read = await postGraphQL(network.gatewayUrl, { query: `query ($id: ID!) { member(id: $id) { id email directoryConsent { listed } } }`, variables: { id } }, forged);
    expect(read.json.data!.member).toEqual({ id, email: null, directoryConsent: null });
    const write = await postGraphQL(network.gatewayUrl, { query: `mutation ($id: ID!) { updateMember(id: $id, input: { givenName: "Mallory" }) { id } }`, variables: { id } }, forged);
    expect(write.json.errors![0]!.extensions!.code).toBe("UNAUTHENTICATED");
  });

  it("should refuse an unknown, malformed or revoked key with 401", async () => {
    for (const authorization of ["Bearer copnet_not-a-real-key", "Basic dXNlcjpwYXNz", "Bearer"]) {
      const response = await postGraphQL(network.gatewayUrl, { query: "{ societies { id } }" }, { authorization });
      expect(response.status).toBe(401);
      expect(response.json.errors![0]!.extensions!.code).toBe("UNAUTHENTICATED");
    }
  });
});

describe("the gateway's public keys", () => {
  it("should publish public keys only, with kids and a short cache lifetime, the same from every gateway", async () => {
    const response = await send(`${network.gatewayOrigin}/.well-known/jwks.json`);
    expect(response.headers.get("cache-control")).toMatch(/max-age=\d{1,3}\b/);
    const { keys } = await jwks();
    expect(keys.length).toBeGreaterThanOrEqual(2); // active and next
    expect(keys.map((key) => key.kid)).toContain(signingKey.kid);
    for (const key of keys) {
      expect(key).toMatchObject({ kty: "OKP", crv: "Ed25519", alg: "EdDSA", kid: expect.any(String) });
      for (const field of PRIVATE_JWK_FIELDS) expect(key).not.toHaveProperty(field);
    }
    const other = await network.addGateway();
    expect(await jwks(new URL(other.url).origin)).toEqual({ keys });
  });

  it("should let a subgraph start before the gateway, fetch the keys when first asked, and refetch for unknown kids at most every few seconds", async () => {
    // The gateway's JWKS behind a server that counts fetches and is not listening yet.
    let fetches = 0;
    const keys = JSON.stringify(await jwks());
    const counting = createServer((_req, res) => {
      fetches++;
      res.writeHead(200, { "content-type": "application/json" }).end(keys);
    });
    const port = await freePort();
    const subgraph = await startSubgraph(SUBGRAPHS.members, { databaseUrl: network.databaseUrl("members"), port: 0, gatewayUrl: `http://127.0.0.1:${port}` });
    try {
      const valid = bearer(await signServiceToken(ANONYMOUS, "members", signingKey));
      expect401(await postGraphQL(subgraph.url, SDL, valid)); // no keys to be had yet: refused, not trusted
      await new Promise<void>((resolve) => counting.listen(port, "127.0.0.1", resolve));
      expect((await postGraphQL(subgraph.url, SDL, valid)).json.data!._service.sdl).toContain("type Member");
      expect(fetches).toBe(1);
      const foreign = await generateKeyPair("EdDSA", { crv: "Ed25519" });
      for (let attempt = 0; attempt < 20; attempt++) {
        const unknown = await signServiceToken(ANONYMOUS, "members", { kid: `unknown-${attempt}`, privateKey: foreign.privateKey });
        expect401(await postGraphQL(subgraph.url, SDL, bearer(unknown)));
      }
      expect(fetches).toBeLessThanOrEqual(2);
    } finally {
      await subgraph.close();
      await new Promise((resolve) => counting.close(resolve));
    }
  });

  it("should recognise its own service tokens when a subgraph presents one back, for registered subgraphs only", async () => {
    const orm = await openDatabase({ url: network.databaseUrl("gateway"), ...gatewayDatabase });
    const ring = new SigningKeyRing(orm, 60_000, createLogger("test", { level: "silent" }));
    try {
      await ring.start();
      const subgraphs = network.subgraphs.map((subgraph) => subgraph.name);
      const events = await signServiceToken(HOECOP_CALLER, "events", signingKey);
      expect(await ring.verifyOwnServiceToken(events, subgraphs)).toEqual(HOECOP_CALLER);
      // Remembered once verified, yet refused for a subgraph no longer in the registry, and once expired.
      expect(ring.ownTokens.verified.size).toBe(1);
      await expect(ring.verifyOwnServiceToken(events, subgraphs.filter((name) => name !== "events"))).rejects.toBeInstanceOf(InvalidServiceToken);
      expect(await ring.verifyOwnServiceToken(events, subgraphs)).toEqual(HOECOP_CALLER);
      vi.useFakeTimers({ toFake: ["Date"] });
      vi.setSystemTime(Date.now() + 61_000);
      await expect(ring.verifyOwnServiceToken(events, subgraphs)).rejects.toBeInstanceOf(InvalidServiceToken);
      vi.useRealTimers();
      const foreign = await generateKeyPair("EdDSA", { crv: "Ed25519" });
      for (const token of [
        await signServiceToken(HOECOP_CALLER, REGISTRY_AUDIENCE, signingKey),
        await signServiceToken(HOECOP_CALLER, "journalclub", signingKey),
        await signServiceToken(HOECOP_CALLER, "events", { kid: signingKey.kid, privateKey: foreign.privateKey }),
      ]) {
        await expect(ring.verifyOwnServiceToken(token, subgraphs)).rejects.toBeInstanceOf(InvalidServiceToken);
      }
    } finally {
      vi.useRealTimers();
      ring.stop();
      await orm.close();
    }
  });

  it("should create one active and one next key when several gateways start on an empty database at once", async () => {
    const url = databaseUrlOn(network.databaseUrl("gateway"), `${new URL(network.databaseUrl("gateway")).pathname.slice(1)}_fresh`);
    await ensureDatabase(url);
    const orm = await openDatabase({ url, ...gatewayDatabase });
    try {
      await migrate(orm);
      await Promise.all(Array.from({ length: 4 }, () => ensureSigningKeys(orm.em.fork())));
      const keys = await orm.em.fork().find(GatewaySigningKey, {});
      expect(keys.map((key) => key.state).sort()).toEqual(["active", "next"]);
    } finally {
      await orm.close();
      await dropDatabase(url);
    }
  });
});

describe("rotating the signing key", () => {
  let proxy: Server;
  const kidsSeen: string[] = [];
  const keyIdsSeen: unknown[] = [];
  afterAll(() => new Promise((resolve) => proxy?.close(resolve)));

  it("should switch every gateway to the next key with `copnet token rotate`, failing no request in flight", async () => {
    // A gateway whose members fetches pass through a proxy that notes each service token's kid.
    const target = new URL(members);
    proxy = createServer((req, res) => {
      const token = (req.headers.authorization ?? "").replace(/^Bearer /, "");
      kidsSeen.push(decodeProtectedHeader(token).kid ?? "");
      // The gateway's change-feed polls (/_changes, live updates) carry a token for no API key.
      if (!req.url?.startsWith("/_changes")) keyIdsSeen.push(decodeJwt(token).keyId);
      const upstream = httpRequest({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      req.pipe(upstream);
    });
    await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
    const urls = Object.fromEntries(network.subgraphs.map((subgraph) => [subgraph.name, subgraph.url]));
    const gateway = await network.addGateway({ subgraphUrls: { ...urls, members: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}/graphql` }, coalesceReads: false });
    const before = await jwks();
    const next = before.keys.find((key) => key.kid !== signingKey.kid)!.kid!;

    // Requests keep flowing (3 at a time, through members and events) while the command runs.
    const { id } = await hoecopMember();
    let running = true;
    const outcomes: string[] = [];
    const client = async () => {
      while (running) {
        const response = await postGraphQL(gateway.url, { query: `query ($id: ID!) { member(id: $id) { id email registrations { status } } }`, variables: { id } }, bearer(network.keys.hoecop!));
        outcomes.push(response.status === 200 && !response.json.errors && response.json.data?.member?.email ? "ok" : JSON.stringify(response.json.errors ?? response.status));
      }
    };
    const clients = Array.from({ length: 3 }, client);
    try {
      const { stdout } = await promisify(execFile)(process.execPath, ["bin/copnet.js", "token", "rotate", "--gateway", network.gatewayUrl, "--key", network.keys.admin!], {
        env: { PATH: process.env.PATH ?? "", LOG_LEVEL: "silent" },
        timeout: 90_000, // the command loads the whole code base, on two busy cores
      });
      expect(stdout).toContain(`signing with ${next}`);
      // The gateways poll every 200 ms here; wait until the proxy sees the new kid, then a little longer.
      const deadline = Date.now() + 10_000;
      while (!kidsSeen.includes(next) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      const switchedAt = outcomes.length;
      while (outcomes.length < switchedAt + 20) await new Promise((resolve) => setTimeout(resolve, 20));
    } finally {
      running = false;
      await Promise.all(clients);
    }

    expect(outcomes.filter((outcome) => outcome !== "ok")).toEqual([]);
    expect(kidsSeen).toContain(signingKey.kid);
    expect(kidsSeen.at(-1)).toBe(next);
    // Every token names the API key that called (hoecop's), for auditing.
    expect(new Set(keyIdsSeen).size).toBe(1);
    expect(keyIdsSeen[0]).toMatch(/^[0-9a-f-]{36}$/);
    // The retired key stays published (its tokens may still be in flight), beside the new active and next keys.
    const after = await jwks();
    expect(after.keys.map((key) => key.kid)).toEqual(expect.arrayContaining([signingKey.kid, next]));
    expect(after.keys).toHaveLength(3);
    for (const key of after.keys) for (const field of PRIVATE_JWK_FIELDS) expect(key).not.toHaveProperty(field);
    expect(outcomes.length).toBeGreaterThan(40);
    // The retired key can no longer sign: its private half is gone from the database.
    const orm = await openDatabase({ url: network.databaseUrl("gateway"), ...gatewayDatabase });
    try {
      expect(await orm.em.fork().findOneOrFail(GatewaySigningKey, { kid: signingKey.kid })).toMatchObject({ state: "retired", privateJwk: null });
    } finally {
      await orm.close();
    }
  }, 120_000);
});
