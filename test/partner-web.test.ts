import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse, print, visit } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../lib/database.js";
import { createApiKey } from "../gateway/api-key/api-keys.js";
import { gatewayDatabase } from "../gateway/database.js";
import { sha256 } from "../gateway/partner-web/partner-web.js";
import { DEMO_SOCIETIES } from "../seed/demo-network.js";
import { adminRequest, runCopnet } from "./support/admin.js";
import { TEST_KEY_RATE, postGraphQL, send, startTestNetwork, type TestNetwork } from "./support/network.js";

const HOECOP = DEMO_SOCIETIES.find((society) => society.slug === "hoecop")!.id;
const SITE = "https://www.hoecop.example.org";
const OTHER_SITE = "https://evil.example.net";
const SEARCH = "query Search($q: String!) { members(first: 3, filter: { q: $q }) { totalCount edges { node { displayName } } } }";
const SOCIETIES = "query Societies { societies { slug name } }";
const EVENTS = "query Venues { events(first: 2) { edges { node { title venue } } } }";

describe("partner websites calling copnet from the browser", () => {
  let network: TestNetwork;
  let publishable: string;
  /** A second publishable key of the same society, on its role's default rate. */
  let defaultRated: string;
  let graphql: string;
  const fromSite = (body: unknown, origin = SITE, key = publishable) => postGraphQL(graphql, body, { origin, authorization: `Bearer ${key}` });

  beforeAll(async () => {
    network = await startTestNetwork();
    graphql = network.gatewayUrl;
    const orm = await openDatabase({ url: network.databaseUrl("gateway"), ...gatewayDatabase });
    publishable = (await createApiKey(orm.em.fork(), { role: "public", societyId: HOECOP, label: "hoecop website", rate: TEST_KEY_RATE })).key;
    await orm.close();
    // As `copnet key create --role public --society hoecop` makes it; a publishable key belongs to a society.
    expect((await adminRequest(network, "keys", { role: "public", label: "no society" })).status).toBe(400);
    defaultRated = ((await adminRequest(network, "keys", { role: "public", society: "hoecop", label: "hoecop campaign site" })).json as unknown as { key: string }).key;
  });
  afterAll(async () => {
    await network?.stop();
  });

  it("should let only an admin register a society's web origins, and refuse what is not an origin", async () => {
    expect((await adminRequest(network, "societies/origins", { society: HOECOP, origins: [SITE] }, network.keys.hoecop)).status).toBe(403);
    const bad = await adminRequest(network, "societies/origins", { society: HOECOP, origins: [`${SITE}/directory`] });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain("must be an origin");
    const saved = await adminRequest(network, "societies/origins", { society: "hoecop", origins: [SITE] });
    expect(saved.status).toBe(200);
    expect((await adminRequest(network, "societies/origins")).json).toMatchObject({ societies: [{ society: { id: HOECOP, slug: "hoecop" }, origins: [SITE] }] });
  });

  it("should answer CORS preflights and requests for registered origins only", async () => {
    const preflight = (origin?: string) =>
      send(graphql, { method: "OPTIONS", headers: { ...(origin ? { origin } : {}), "access-control-request-method": "POST", "access-control-request-headers": "authorization, content-type" } });
    const registered = await preflight(SITE);
    expect(registered.status).toBe(204);
    expect(registered.headers.get("access-control-allow-origin")).toBe(SITE);
    expect(registered.headers.get("access-control-allow-headers")).toContain("authorization");
    expect(registered.headers.get("access-control-allow-credentials")).toBeNull();
    for (const origin of [OTHER_SITE, undefined]) expect((await preflight(origin)).headers.get("access-control-allow-origin")).toBeNull();

    const simple = (origin?: string) => postGraphQL(graphql, { query: SOCIETIES }, origin ? { origin } : {});
    expect((await simple(SITE)).headers.get("access-control-allow-origin")).toBe(SITE);
    expect((await simple(SITE)).headers.get("vary")).toContain("Origin");
    expect((await simple(OTHER_SITE)).headers.get("access-control-allow-origin")).toBeNull();
    expect((await simple()).headers.get("access-control-allow-origin")).toBeNull();
    // The admin API is never for pages.
    expect((await send(new URL("/admin/subgraphs", graphql).toString(), { headers: { origin: SITE } })).headers.get("access-control-allow-origin")).toBeNull();
  });

  it("should show every gateway a new origin within its registry poll", async () => {
    const second = await network.addGateway();
    const newSite = "https://join.hoecop.example.org";
    await adminRequest(network, "societies/origins", { society: HOECOP, origins: [SITE, newSite] });
    await expect.poll(async () => (await postGraphQL(second.url, { query: SOCIETIES }, { origin: newSite })).headers.get("access-control-allow-origin"), { timeout: 10_000 }).toBe(newSite);
    await second.close();
  });

  it("should let a publishable key read what anonymous callers read, from its society's origins only", async () => {
    const anonymous = await postGraphQL(graphql, { query: SEARCH, variables: { q: "muller" } });
    const site = await fromSite({ query: SEARCH, variables: { q: "muller" } });
    expect(site.status).toBe(200);
    expect(site.json.data).toEqual(anonymous.json.data);
    expect(site.headers.get("access-control-allow-origin")).toBe(SITE);

    for (const origin of [OTHER_SITE, "null"]) {
      const refused = await fromSite({ query: SEARCH, variables: { q: "muller" } }, origin);
      expect(refused.status).toBe(403);
      expect(refused.json.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
      expect(refused.json.data).toBeUndefined();
    }
    const serverSide = await postGraphQL(graphql, { query: SOCIETIES }, { authorization: `Bearer ${publishable}` });
    expect(serverSide.status).toBe(403);
    expect(serverSide.json.errors?.[0]?.message).toContain("registered web origins");
  });

  it("should limit a publishable key per key and each visitor per address", async () => {
    const burst = async (url: string) => {
      const answers = await Promise.all(Array.from({ length: 12 }, () => postGraphQL(url, { query: SOCIETIES }, { origin: SITE, authorization: `Bearer ${defaultRated}` })));
      return answers.find((answer) => answer.status === 429);
    };
    // Allowances of 2 per second plus a 4-request burst: 12 requests at once overflow either.
    const perKey = await network.addGateway({ rateLimits: { public: 2, anonymous: 1000 } });
    const keyRefusal = await burst(perKey.url);
    expect(keyRefusal?.headers.get("ratelimit-policy")).toBe('"key";q=2;w=1');
    expect(keyRefusal?.headers.get("access-control-allow-origin")).toBe(SITE);
    const perAddress = await network.addGateway({ rateLimits: { public: 1000, anonymous: 2 } });
    const addressRefusal = await burst(perAddress.url);
    expect(addressRefusal?.headers.get("ratelimit-policy")).toBe('"address";q=2;w=1');
    expect(addressRefusal?.json.errors?.[0]?.extensions?.code).toBe("RATE_LIMITED");
    await perKey.close();
    await perAddress.close();
  });

  it("should refuse writes with a publishable key and change nothing", async () => {
    const create = `mutation { createMember(input: { givenName: "Pub", familyName: "Lishable", country: "GB", languages: ["en"], timezone: "Europe/London", careerStage: TRAINEE, professions: [NURSE] }) { id } }`;
    const refused = await fromSite({ query: create });
    expect(refused.json.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect(refused.json.errors?.[0]?.message).toContain("read-only");
    const search = await network.query(SEARCH, { q: "Lishable" }, network.keys.hoecop);
    expect(search.data?.members.totalCount).toBe(0);
  });

  it("should refuse a secret key sent from another site's page, but not from the gateway's own pages", async () => {
    const refused = await postGraphQL(graphql, { query: SOCIETIES }, { origin: SITE, authorization: `Bearer ${network.keys.hoecop}` });
    expect(refused.status).toBe(403);
    expect(refused.json.errors?.[0]?.message).toContain("publishable key");
    const explorer = await postGraphQL(graphql, { query: SOCIETIES }, { origin: network.gatewayOrigin, authorization: `Bearer ${network.keys.researcher}` });
    expect(explorer.status).toBe(200);
    expect(explorer.json.data?.societies.length).toBeGreaterThan(0);
  });

  it("should not let a publishable key register or run automatic persisted queries", async () => {
    const query = "query NotPublished { societies { slug } }";
    const persistedQuery = { version: 1, sha256Hash: sha256(query) };
    const registering = await fromSite({ query, extensions: { persistedQuery } });
    expect(registering.json.data?.societies.length).toBeGreaterThan(0);
    // Had it been registered, the hash alone would now run.
    const byHash = await postGraphQL(graphql, { extensions: { persistedQuery } });
    expect(byHash.json.errors?.[0]?.extensions?.code).toBe("PERSISTED_QUERY_NOT_FOUND");
    const hashOnly = await fromSite({ extensions: { persistedQuery } });
    expect(hashOnly.json.errors?.[0]?.extensions?.code).toBe("PERSISTED_QUERY_NOT_FOUND");
  });

  describe("trusted documents", () => {
    const manifest = Object.fromEntries([SEARCH, SOCIETIES, EVENTS].map((document) => [`sha256:${sha256(document)}`, document]));

    it("should refuse manifests that do not hash, do not run, or come from another society's key", async () => {
      const forged = await adminRequest(network, "documents/publish", { society: HOECOP, manifest: { [`sha256:${sha256("query { x }")}`]: SOCIETIES } });
      expect(forged.status).toBe(400);
      expect(forged.text).toContain("does not hash to its id");
      const broken = "query Broken { nope }";
      const invalid = await adminRequest(network, "documents/publish", { society: HOECOP, manifest: { [sha256(broken)]: broken } });
      expect(invalid.status).toBe(400);
      expect(invalid.text).toContain(`sha256:${sha256(broken)} does not run`);
      expect((await adminRequest(network, "documents/publish", { society: HOECOP, manifest }, network.keys.htcn)).status).toBe(403);
      expect((await adminRequest(network, `documents?society=${HOECOP}`)).json).toMatchObject({ documents: [] });
    });

    it("should run a society's published documents by documentId and by persisted-query hash, and under enforcement nothing else", async () => {
      const published = await adminRequest(network, "documents/publish", { society: "hoecop", manifest, enforce: true }, network.keys.hoecop);
      expect(published.json).toMatchObject({ published: 3, total: 3, enforce: true });
      const byId = await fromSite({ documentId: `sha256:${sha256(SEARCH)}`, variables: { q: "muller" } });
      expect(byId.json.data?.members.totalCount).toBeGreaterThan(0);
      // urql's Accept lists text/event-stream after JSON on every request: a query, not a subscription.
      const urqlAccept = "application/graphql-response+json, application/graphql+json, application/json, text/event-stream, multipart/mixed";
      const asUrql = await postGraphQL(graphql, { documentId: `sha256:${sha256(SEARCH)}`, variables: { q: "muller" } }, { origin: SITE, authorization: `Bearer ${publishable}`, accept: urqlAccept });
      expect(asUrql.json.data?.members.totalCount).toBe(byId.json.data?.members.totalCount);
      const byHash = await fromSite({ extensions: { persistedQuery: { version: 1, sha256Hash: sha256(SOCIETIES) } } });
      expect(byHash.json.data?.societies.length).toBeGreaterThan(0);

      const text = await fromSite({ query: "{ societies { slug } }" });
      expect(text.status).toBe(403);
      expect(text.json.errors?.[0]?.message).toContain(`sha256:${sha256("{ societies { slug } }")}`);
      const unknown = `sha256:${"0".repeat(64)}`;
      const notPublished = await fromSite({ documentId: unknown });
      expect(notPublished.json.errors?.[0]).toMatchObject({ extensions: { code: "PERSISTED_QUERY_NOT_FOUND" } });
      expect(notPublished.json.errors?.[0]?.message).toContain(unknown);
      // Anonymous callers and secret keys are not bound by a society's enforcement; they may use the ids too.
      expect((await postGraphQL(graphql, { documentId: `sha256:${sha256(SOCIETIES)}` })).json.data?.societies.length).toBeGreaterThan(0);
      expect((await postGraphQL(graphql, { query: "{ societies { slug } }" })).json.data?.societies.length).toBeGreaterThan(0);
    });

    it("should accept Apollo's persisted-query manifest, list and remove documents", async () => {
      const body = "query EventTitles { events(first: 1) { edges { node { title } } } }";
      const apollo = { format: "apollo-persisted-query-manifest", version: 1, operations: [{ id: sha256(body), name: "EventTitles", type: "query", body }] };
      expect((await adminRequest(network, "documents/publish", { society: HOECOP, manifest: apollo, enforce: true })).json).toMatchObject({ published: 1, total: 4 });
      const listed = (await adminRequest(network, `documents?society=${HOECOP}`)).json as unknown as { documents: { id: string; name: string }[] };
      expect(listed.documents.map((document) => document.name)).toEqual(["EventTitles", "Search", "Societies", "Venues"]);
      expect((await adminRequest(network, "documents/remove", { society: HOECOP, ids: [`sha256:${sha256(body)}`] })).json).toMatchObject({ removed: 1 });
      expect((await fromSite({ documentId: `sha256:${sha256(body)}` })).json.errors?.[0]?.extensions?.code).toBe("PERSISTED_QUERY_NOT_FOUND");
    });

    it("should be managed with the copnet command, through the admin API", async () => {
      const dir = await mkdtemp(join(tmpdir(), "copnet-documents-"));
      const file = join(dir, "persisted-documents.json");
      const body = "query SocietyNames { societies { name } }";
      await writeFile(file, JSON.stringify({ [`sha256:${sha256(body)}`]: body }));
      const copnet = (...args: string[]) => runCopnet(args, { COPNET_GATEWAY_URL: network.gatewayOrigin, COPNET_API_KEY: network.keys.admin! });
      try {
        // Each command starts a Node process that loads the whole CLI (seconds): two, side by side.
        const [society, documents] = await Promise.all([
          copnet("society", "update", "hoecop", "--origin", SITE, "--origin", "https://hoecop.example.org"),
          copnet("documents", "publish", "--society", "hoecop", "--manifest", file, "--enforce"),
        ]);
        expect(society.stdout).toContain(`hoecop calls copnet from: ${SITE}, https://hoecop.example.org`);
        expect(documents.stdout).toContain("published 1 new document(s)");
        expect((await fromSite({ documentId: `sha256:${sha256(body)}` })).json.data?.societies.length).toBeGreaterThan(0);
        expect((await adminRequest(network, "documents/remove", { society: HOECOP, ids: [`sha256:${sha256(body)}`] })).json).toMatchObject({ removed: 1 });
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });

    it("should refuse a subgraph publish that would break a trusted document, naming it", async () => {
      const events = network.subgraphs.find((subgraph) => subgraph.name === "events")!;
      // The events subgraph without Event.venue, which the trusted document Venues reads.
      const sdl = print(visit(parse(await readFile("schema/events.graphql", "utf8")), {
        FieldDefinition: (field, _key, _parent, _path, ancestors) => (field.name.value === "venue" && (ancestors.at(-1) as { name?: { value: string } }).name?.value === "Event" ? null : undefined),
      }));
      expect(sdl).not.toMatch(/type Event [^}]*\n\s*venue:/);
      const refused = await adminRequest(network, "subgraphs/publish", { name: "events", url: events.url, sdl });
      expect(refused.status).toBe(422);
      expect(refused.json).toMatchObject({ error: { code: "BREAKING_CHANGES" } });
      expect(refused.text).toContain(`trusted document sha256:${sha256(EVENTS)} (Venues) of society ${HOECOP}`);
    });
  });
});
