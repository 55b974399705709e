import ICAL from "ical.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { publishChangedShippedSubgraphs } from "../bin/start.js";
import { gatewayDatabase } from "../gateway/database.js";
import { bootstrapRegistry, currentVersion } from "../gateway/registry/registry.js";
import { readSupergraphConfig, shippedSubgraphs } from "../gateway/supergraph.js";
import { dropDatabase, ensureDatabase, migrate, openDatabase } from "../lib/database.js";
import { buildDemoNetwork, DEMO_SOCIETIES } from "../seed/demo-network.js";
import { startTestNetwork, type TestNetwork } from "./support/network.js";
import { countRows } from "./support/rows.js";

let network: TestNetwork;
beforeAll(async () => {
  network = await startTestNetwork();
});
afterAll(() => network?.stop());

const demo = buildDemoNetwork();
const [HOECOP, HTCN, , AHEA] = DEMO_SOCIETIES;
const membersOf = (society: { id: string }) => demo.members.filter((member) => member.societyId === society.id);
const listed = (society: { id: string }) => membersOf(society).filter((member) => member.listed);
const unlisted = (society: { id: string }) => membersOf(society).filter((member) => !member.listed);
const FORGED = "00000000-0000-4000-8000-000000000000";

const COMMUNITY = `query ($slug: String) { community(slug: $slug) {
  id slug name stage topics memberCount societies { slug } leads { id society { slug } }
  stageHistory { stage since }
  members(first: 100) { totalCount edges { node { role joinedAt member { id country society { slug } } } } }
} }`;
const CREATE = `mutation ($input: CreateCommunityInput!) { createCommunity(input: $input) { id slug name stage stageHistory { stage } societies { slug } } }`;
const UPDATE = `mutation ($id: ID!, $input: UpdateCommunityInput!) { updateCommunity(id: $id, input: $input) { id name stage stageHistory { stage since } } }`;
const JOIN = `mutation ($community: ID!, $member: ID!, $role: CommunityRole) { joinCommunity(communityId: $community, memberId: $member, role: $role) { id memberCount societies { slug } } }`;
const LEAVE = `mutation ($community: ID!, $member: ID!) { leaveCommunity(communityId: $community, memberId: $member) { id memberCount } }`;
const MEMBER_COMMUNITIES = `query ($id: ID!) { member(id: $id) { id communities { slug } } }`;

const rows = () => countRows(network.databaseUrl("communities"), "community_membership");

describe("seeded communities", () => {
  it("should show a community across two societies with members of both, its leads and its stage history", async () => {
    const { data, errors } = await network.query(COMMUNITY, { slug: "haematology-education-across-borders" }, network.keys.hoecop);
    expect(errors).toBeUndefined();
    const community = data!.community;
    expect(community.societies.map((society: { slug: string }) => society.slug)).toEqual(["hoecop", "htcn"]);
    expect(community.memberCount).toBe(20);
    const homes = new Set(community.members.edges.map((edge: any) => edge.node.member.society.slug));
    expect(homes).toEqual(new Set(["hoecop", "htcn"]));
    expect(community.leads.map((lead: any) => lead.society.slug).sort()).toEqual(["hoecop", "htcn"]);
    expect(community.stageHistory).toEqual([{ stage: "ESTABLISH", since: expect.any(String) }]);
  });

  it("should seed the international research mentoring group: 63 members in 14 countries, through three stages", async () => {
    const { data, errors } = await network.query(COMMUNITY, { slug: "international-research-mentoring-group" }, network.keys.vicrmg);
    expect(errors).toBeUndefined();
    const community = data!.community;
    expect(community.memberCount).toBe(63);
    // The research group's own key sees all of its members, listed or not.
    expect(community.members.totalCount).toBe(63);
    expect(new Set(community.members.edges.map((edge: any) => edge.node.member.country)).size).toBe(14);
    expect(community.stageHistory.map((change: { stage: string }) => change.stage)).toEqual(["ESTABLISH", "GROW", "SUSTAIN"]);
    expect(community.stage).toBe("SUSTAIN");
  });

  it("should count an unlisted member but list them only to their home society", async () => {
    const slug = "allied-health-physiotherapy-special-interest-group";
    const seeded = demo.communities.find((community) => community.slug === slug)!;
    const inside = demo.communityMemberships.filter((membership) => membership.communityId === seeded.id).map((membership) => demo.members.find((member) => member.id === membership.memberId)!);
    const hiddenFrom = (society: string | null) => inside.filter((member) => !member.listed && member.societyId !== society);
    expect(hiddenFrom(null).length).toBeGreaterThan(0);
    for (const [key, society] of [[undefined, null], [network.keys.ahea, AHEA.id], [network.keys.hoecop, HOECOP.id], [network.keys.researcher, null]] as const) {
      const community = (await network.query(COMMUNITY, { slug }, key)).data!.community;
      const hidden = new Set(hiddenFrom(society).map((member) => member.id));
      expect(community.memberCount).toBe(inside.length);
      expect(community.members.totalCount).toBe(inside.length - hidden.size);
      expect(community.members.edges.map((edge: any) => edge.node.member.id).filter((id: string) => hidden.has(id))).toEqual([]);
      expect(community.leads.filter((lead: { id: string }) => hidden.has(lead.id))).toEqual([]);
    }
  });

  it("should list the communities a member takes part in, and nothing of a member the caller may not see", async () => {
    const member = listed(AHEA)[0]!;
    const { data } = await network.query(MEMBER_COMMUNITIES, { id: member.id });
    expect(data!.member.communities.map((community: { slug: string }) => community.slug)).toContain("allied-health-physiotherapy-special-interest-group");
    const hidden = unlisted(AHEA)[0]!;
    expect((await network.query(MEMBER_COMMUNITIES, { id: hidden.id })).data!.member).toBeNull();
    expect((await network.query(MEMBER_COMMUNITIES, { id: hidden.id }, network.keys.ahea)).data!.member.communities).toEqual([
      { slug: "allied-health-physiotherapy-special-interest-group" },
    ]);
  });
});

describe("searching communities", () => {
  const SEARCH = `query ($filter: CommunityFilter, $first: Int, $after: String) { communities(filter: $filter, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { slug } } } }`;
  const slugs = async (filter: Record<string, unknown>) => {
    const { data, errors } = await network.query(SEARCH, { filter, first: 50 });
    expect(errors).toBeUndefined();
    return data!.communities.edges.map((edge: any) => edge.node.slug);
  };

  it("should find communities by accent-insensitive text, topic, society and stage", async () => {
    expect(await slugs({ q: "PHYSIOTHÉRAPY" })).toEqual(["allied-health-physiotherapy-special-interest-group"]);
    expect(await slugs({ topic: "Research methods" })).toEqual(["international-research-mentoring-group"]);
    expect(await slugs({ society: HTCN.id })).toEqual(["haematology-education-across-borders"]);
    expect((await slugs({ stage: "GROW" })).length).toBe(3);
  });

  it("should page through every community with stable cursors and refuse a forged cursor", async () => {
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page: any = (await network.query(SEARCH, { first: 2, after })).data!.communities;
      seen.push(...page.edges.map((edge: any) => edge.node.slug));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toEqual(await slugs({}));
    const forged = await network.query(SEARCH, { first: 2, after: Buffer.from(JSON.stringify(["x'; drop table community; --", "nope"])).toString("base64url") });
    expect(forged.errors![0]!.extensions!.code).toBe("BAD_USER_INPUT");
  });

  it("should run the same number of SQL statements for a page of 2 communities as for a page of 5, events and resources included", async () => {
    const PAGE = `query ($first: Int) { communities(first: $first) { edges { node { slug memberCount stageHistory { stage } leads { id }
      members(first: 5) { totalCount edges { node { role member { id } } } }
      events(first: 3) { totalCount edges { node { title } } } resources(first: 3) { totalCount edges { node { title } } } } } } }`;
    const statements = async (first: number) => {
      network.sql.reset();
      const { data, errors } = await network.query(PAGE, { first }, network.keys.researcher);
      expect(errors).toBeUndefined();
      expect(data!.communities.edges).toHaveLength(first);
      return network.sql.count;
    };
    const small = await statements(2);
    expect(await statements(5)).toBe(small);
  });
});

describe("creating and joining communities", () => {
  let communityId: string;

  it("should let a society create a community, starting at ESTABLISH, and refuse anonymous callers and bad input, writing nothing", async () => {
    const before = await countRows(network.databaseUrl("communities"), "community");
    const anonymous = await network.query(CREATE, { input: { name: "Simulation Educators", purpose: "x", topics: [] } });
    expect(anonymous.errors![0]!.extensions!.code).toBe("UNAUTHENTICATED");
    const researcher = await network.query(CREATE, { input: { name: "Simulation Educators", purpose: "x", topics: [] } }, network.keys.researcher);
    expect(researcher.errors![0]!.extensions!.code).toBe("FORBIDDEN");
    for (const input of [
      { name: "", purpose: "x", topics: [] },
      { name: "x".repeat(121), purpose: "x", topics: [] },
      { name: "Simulation Educators", purpose: "x".repeat(2001), topics: [] },
      { name: "Simulation Educators", purpose: "x", topics: Array.from({ length: 21 }, (_, index) => `topic ${index}`) },
      { name: "!!!", purpose: "x", topics: [] },
    ]) {
      const { errors } = await network.query(CREATE, { input }, network.keys.ahea);
      expect(errors![0]!.extensions!.code).toBe("BAD_USER_INPUT");
    }
    expect(await countRows(network.databaseUrl("communities"), "community")).toBe(before);

    const { data, errors } = await network.query(CREATE, { input: { name: "Simulation Educators São Paulo", purpose: "Simulation across professions.", topics: ["Simulation-based learning"] } }, network.keys.ahea);
    expect(errors).toBeUndefined();
    expect(data!.createCommunity).toMatchObject({ slug: "simulation-educators-sao-paulo", stage: "ESTABLISH", stageHistory: [{ stage: "ESTABLISH" }], societies: [{ slug: "ahea" }] });
    communityId = data!.createCommunity.id;
    const again = await network.query(CREATE, { input: { name: "Simulation educators sao paulo", purpose: "Again.", topics: [] } }, network.keys.hoecop);
    expect(again.errors![0]!.extensions!.code).toBe("CONFLICT");
  });

  it("should let members join through their home society only, spanning societies, and verify every id", async () => {
    const ahea = listed(AHEA)[1]!.id as string;
    const hoecop = listed(HOECOP)[1]!.id as string;
    const before = await rows();
    const cases: [string, Record<string, unknown>, string | undefined, string][] = [
      ["another society's member", { community: communityId, member: hoecop }, network.keys.ahea, "FORBIDDEN"],
      ["an anonymous caller", { community: communityId, member: ahea }, undefined, "UNAUTHENTICATED"],
      ["a forged member id", { community: communityId, member: FORGED }, network.keys.ahea, "NOT_FOUND"],
      ["a forged community id", { community: FORGED, member: ahea }, network.keys.ahea, "NOT_FOUND"],
      ["a malformed community id", { community: "1 or 1=1", member: ahea }, network.keys.ahea, "BAD_USER_INPUT"],
      ["a lead named by a society that does not edit the community", { community: communityId, member: hoecop, role: "LEAD" }, network.keys.hoecop, "FORBIDDEN"],
      ["a member of a society the editors have not admitted", { community: communityId, member: hoecop }, network.keys.hoecop, "FORBIDDEN"],
    ];
    for (const [what, variables, key, code] of cases) {
      const { errors } = await network.query(JOIN, variables, key);
      expect(errors?.[0]?.extensions?.code, what).toBe(code);
    }
    expect(await rows()).toBe(before);

    // Only the community's editors admit a society, and only one the directory knows.
    const ADMIT = `mutation ($community: ID!, $society: ID!) { admitSocietyToCommunity(communityId: $community, societyId: $society) { societies { slug } } }`;
    expect((await network.query(ADMIT, { community: communityId, society: HOECOP.id }, network.keys.hoecop)).errors![0]!.extensions!.code).toBe("FORBIDDEN");
    expect((await network.query(ADMIT, { community: communityId, society: FORGED }, network.keys.ahea)).errors![0]!.extensions!.code).toBe("NOT_FOUND");
    const taking = await network.query(`query ($id: ID!) { community(id: $id) { societies { slug } } }`, { id: communityId });
    expect(taking.data!.community.societies).toEqual([{ slug: "ahea" }]);
    expect((await network.query(ADMIT, { community: communityId, society: HOECOP.id }, network.keys.ahea)).data!.admitSocietyToCommunity.societies).toEqual([{ slug: "ahea" }, { slug: "hoecop" }]);

    expect((await network.query(JOIN, { community: communityId, member: ahea, role: "LEAD" }, network.keys.ahea)).errors).toBeUndefined();
    const { data, errors } = await network.query(JOIN, { community: communityId, member: hoecop }, network.keys.hoecop);
    expect(errors).toBeUndefined();
    expect(data!.joinCommunity).toMatchObject({ memberCount: 2, societies: [{ slug: "ahea" }, { slug: "hoecop" }] });
    const twice = await network.query(JOIN, { community: communityId, member: hoecop }, network.keys.hoecop);
    expect(twice.errors![0]!.extensions!.code).toBe("CONFLICT");
    const communities = (await network.query(MEMBER_COMMUNITIES, { id: hoecop })).data!.member.communities;
    expect(communities.map((community: { slug: string }) => community.slug)).toContain("simulation-educators-sao-paulo");
  });

  it("should let the creating society and a lead's society edit, record each new stage, and refuse anyone else", async () => {
    const refused = await network.query(UPDATE, { id: communityId, input: { stage: "GROW" } }, network.keys.hoecop);
    expect(refused.errors![0]!.extensions!.code).toBe("FORBIDDEN");
    const grown = await network.query(UPDATE, { id: communityId, input: { stage: "GROW", name: "Simulation Educators (São Paulo)" } }, network.keys.ahea);
    expect(grown.errors).toBeUndefined();
    expect(grown.data!.updateCommunity.stageHistory.map((change: { stage: string }) => change.stage)).toEqual(["ESTABLISH", "GROW"]);
    const sustained = await network.query(UPDATE, { id: communityId, input: { stage: "SUSTAIN" } }, network.keys.ahea);
    expect(sustained.data!.updateCommunity.stageHistory.map((change: { stage: string }) => change.stage)).toEqual(["ESTABLISH", "GROW", "SUSTAIN"]);
    const { data } = await network.query(`query ($id: ID) { community(id: $id) { name stage } }`, { id: communityId });
    expect(data!.community).toEqual({ name: "Simulation Educators (São Paulo)", stage: "SUSTAIN" });
    // The seeded cross-society group belongs to HOECOP; HTCN edits it through its lead, VICRMG (no lead there) may not.
    const seeded = (await network.query(COMMUNITY, { slug: "haematology-education-across-borders" })).data!.community.id;
    expect((await network.query(UPDATE, { id: seeded, input: { purpose: "Trainees and consultants teach haematology together." } }, network.keys.htcn)).errors).toBeUndefined();
    expect((await network.query(UPDATE, { id: seeded, input: { purpose: "Taken over." } }, network.keys.vicrmg)).errors![0]!.extensions!.code).toBe("FORBIDDEN");
  });

  it("should let a member leave through their home society only", async () => {
    const hoecop = listed(HOECOP)[1]!.id as string;
    expect((await network.query(LEAVE, { community: communityId, member: hoecop }, network.keys.ahea)).errors![0]!.extensions!.code).toBe("FORBIDDEN");
    const { data, errors } = await network.query(LEAVE, { community: communityId, member: hoecop }, network.keys.hoecop);
    expect(errors).toBeUndefined();
    expect(data!.leaveCommunity.memberCount).toBe(1);
    expect((await network.query(LEAVE, { community: communityId, member: hoecop }, network.keys.hoecop)).errors![0]!.extensions!.code).toBe("NOT_FOUND");
  });
});

describe("a community's events and resources", () => {
  const communityOf = (slug: string) => demo.communities.find((community) => community.slug === slug)!;

  it("should show a community across two societies with its members, events and resources in one query", async () => {
    const seeded = communityOf("haematology-education-across-borders");
    const { data, errors } = await network.query(
      `query ($slug: String) { community(slug: $slug) { societies { slug } members(first: 100) { totalCount }
        events(first: 50) { totalCount edges { node { title community { slug } } } }
        resources(first: 50) { totalCount edges { node { title licence community { slug } } } } } }`,
      { slug: seeded.slug },
    );
    expect(errors).toBeUndefined();
    const community = data!.community;
    expect(community.societies).toEqual([{ slug: "hoecop" }, { slug: "htcn" }]);
    const events = demo.events.filter((event) => event.communityId === seeded.id).map((event) => event.title).sort();
    expect(events.length).toBeGreaterThan(0);
    expect(community.events.edges.map((edge: any) => edge.node.title).sort()).toEqual(events);
    expect(community.events.edges.every((edge: any) => edge.node.community.slug === seeded.slug)).toBe(true);
    const works = demo.works.filter((work) => work.communityId === seeded.id).map((work) => work.title).sort();
    expect(community.resources.totalCount).toBe(works.length);
    expect(community.resources.edges.map((edge: any) => edge.node.title).sort()).toEqual(works);
  });

  it("should attach a new event or work only to a community the caller's society takes part in", async () => {
    const physiotherapy = communityOf("allied-health-physiotherapy-special-interest-group").id as string;
    const research = communityOf("international-research-mentoring-group").id as string;
    const event = (communityId: string) => ({
      title: "Journal club on gait retraining", kind: "JOURNAL_CLUB", startsAt: new Date(Date.now() + 10 * 86_400_000).toISOString(),
      endsAt: new Date(Date.now() + 10 * 86_400_000 + 3_600_000).toISOString(), timezone: "Australia/Sydney", online: true, capacity: 20, cpdCredits: 1, communityId,
    });
    const CREATE_EVENT = `mutation ($input: CreateEventInput!) { createEvent(input: $input) { id community { slug } } }`;
    const before = await countRows(network.databaseUrl("events"), "event");
    for (const communityId of [research, FORGED]) {
      const { errors } = await network.query(CREATE_EVENT, { input: event(communityId) }, network.keys.ahea);
      expect(errors![0]!.extensions).toMatchObject({ code: "NOT_FOUND", field: "communityId" });
    }
    expect(await countRows(network.databaseUrl("events"), "event")).toBe(before);
    const created = await network.query(CREATE_EVENT, { input: event(physiotherapy) }, network.keys.ahea);
    expect(created.data!.createEvent.community).toEqual({ slug: "allied-health-physiotherapy-special-interest-group" });

    const ADD_WORK = `mutation ($input: AddWorkInput!) { addWork(input: $input) { id licence access url topics audience { professions careerStages } community { slug } } }`;
    const work = (overrides: Record<string, unknown>) => ({
      title: "Toolkit: teaching gait analysis", kind: "TOOLKIT", url: "https://ahea.example.org/library/gait", contributions: [], topics: ["Physiotherapy", "Gait"],
      audience: { professions: ["ALLIED_HEALTH"], careerStages: ["TRAINEE"] }, licence: "CC-BY-4.0", access: "MEMBERS", communityId: physiotherapy, ...overrides,
    });
    const works = await countRows(network.databaseUrl("scholarship"), "work");
    for (const [overrides, field, code] of [
      [{ licence: "CC-BY-5.0-MADE-UP" }, "licence", "BAD_USER_INPUT"],
      [{ licence: "MIT AND" }, "licence", "BAD_USER_INPUT"],
      [{ topics: ["x".repeat(61)] }, "topics", "BAD_USER_INPUT"],
      [{ communityId: research }, "communityId", "NOT_FOUND"],
    ] as const) {
      const { errors } = await network.query(ADD_WORK, { input: work(overrides) }, network.keys.ahea);
      expect(errors![0]!.extensions, field).toMatchObject({ code, field });
    }
    expect(await countRows(network.databaseUrl("scholarship"), "work")).toBe(works);
    const added = await network.query(ADD_WORK, { input: work({ licence: "(MIT OR Apache-2.0)" }) }, network.keys.ahea);
    expect(added.errors).toBeUndefined();
    expect(added.data!.addWork).toMatchObject({ licence: "(MIT OR Apache-2.0)", access: "MEMBERS", url: "https://ahea.example.org/library/gait", community: { slug: "allied-health-physiotherapy-special-interest-group" } });
    // A MEMBERS resource's link is for callers with a society key only.
    const anonymous = await network.query(`query ($id: ID!) { work(id: $id) { url access } }`, { id: added.data!.addWork.id });
    expect(anonymous.data!.work).toEqual({ url: null, access: "MEMBERS" });
  });

  it("should count the resource library's facets per topic and kind over everything the filter matches", async () => {
    const RESOURCES = `query ($filter: ResourceFilter) { resources(filter: $filter, first: 2) { totalCount edges { node { title } }
      facets { topics { value count } kinds { value count } } } }`;
    const { data, errors } = await network.query(RESOURCES, { filter: { topic: "Medical education", audience: { profession: "ALLIED_HEALTH" } } });
    expect(errors).toBeUndefined();
    // Every seeded resource about medical education comes from the academy's groups, all for allied health educators.
    const matching = demo.works.filter((work) => (work.topics as string[] | undefined)?.includes("Medical education"));
    expect(data!.resources.totalCount).toBe(matching.length);
    expect(data!.resources.edges).toHaveLength(2);
    const tally = (values: string[]) => Object.entries(values.reduce<Record<string, number>>((counts, value) => ({ ...counts, [value]: (counts[value] ?? 0) + 1 }), {}));
    const byCount = (facets: { value: string; count: number }[]) => [...facets].sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
    expect(data!.resources.facets.kinds).toEqual(byCount(tally(matching.map((work) => work.kind as string)).map(([value, count]) => ({ value, count }))));
    expect(data!.resources.facets.topics).toEqual(byCount(tally(matching.flatMap((work) => work.topics as string[])).map(([value, count]) => ({ value, count }))));
    const toolkits = (await network.query(RESOURCES, { filter: { topic: "Medical education", kind: "TOOLKIT", licence: "CC-BY-SA-4.0" } })).data!.resources;
    expect(toolkits.facets.kinds).toEqual([{ value: "TOOLKIT", count: toolkits.totalCount }]);
    expect((await network.query(RESOURCES, { filter: { topic: "Medical education", audience: { profession: "PHYSICIAN" } } })).data!.resources.totalCount).toBe(0);
  });
});

describe("webinar series", () => {
  const SERIES = `query ($id: ID!) { eventSeries(id: $id) { id title recurrence timezone icsUrl community { slug }
    occurrences(first: 100) { totalCount edges { node { startsAt endsAt title community { slug } } } } } }`;
  const CREATE_SERIES = `mutation ($input: CreateEventSeriesInput!) { createEventSeries(input: $input) { id recurrence icsUrl
    occurrences(first: 100) { totalCount edges { node { id startsAt } } } } }`;
  const localHour = (instant: string, zone: string) => new Intl.DateTimeFormat("en-GB", { timeZone: zone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(new Date(instant));

  it("should keep the seeded monthly webinar at 18:00 in Sydney on both sides of daylight saving, a year ahead", async () => {
    const seeded = demo.eventSeries[0]!;
    const { data, errors } = await network.query(SERIES, { id: seeded.id });
    expect(errors).toBeUndefined();
    const series = data!.eventSeries;
    expect(series.community.slug).toBe("allied-health-physiotherapy-special-interest-group");
    const starts: string[] = series.occurrences.edges.map((edge: any) => edge.node.startsAt);
    expect(starts.every((start) => localHour(start, "Australia/Sydney") === "18:00")).toBe(true);
    // AEDT (UTC+11) in summer, AEST (UTC+10) in winter: two different UTC hours, one local time.
    expect(new Set(starts.map((start) => new Date(start).getUTCHours()))).toEqual(new Set([7, 8]));
    // Read today, the series reaches about a year ahead of now, not of its first occurrence (extended as time passes).
    expect(new Date(starts.at(-1)!).getTime()).toBeGreaterThan(Date.now() + 330 * 86_400_000);
  });

  it("should refuse rules that are not RRULEs, are finer than daily or carry their own DTSTART, writing nothing", async () => {
    const before = await countRows(network.databaseUrl("events"), "event_series");
    for (const recurrence of ["every Tuesday", "FREQ=HOURLY", "FREQ=BOGUS", "FREQ=WEEKLY;DTSTART=20270101T000000Z", "FREQ=WEEKLY\nX-EVIL:1", `FREQ=DAILY;${"BYHOUR=1;".repeat(40)}`]) {
      const { errors } = await network.query(CREATE_SERIES, { input: londonSeries({ recurrence }) }, network.keys.hoecop);
      expect(errors?.[0]?.extensions, recurrence).toMatchObject({ code: "BAD_USER_INPUT", field: "recurrence" });
    }
    expect((await network.query(CREATE_SERIES, { input: londonSeries({ recurrence: "FREQ=WEEKLY" }) })).errors![0]!.extensions!.code).toBe("UNAUTHENTICATED");
    expect(await countRows(network.databaseUrl("events"), "event_series")).toBe(before);
  });

  it("should place each occurrence at local time across a daylight-saving change, as an independent iCal parser expands the feed", async () => {
    const { data, errors } = await network.query(CREATE_SERIES, { input: londonSeries({ recurrence: "FREQ=WEEKLY;BYDAY=TU;COUNT=6" }) }, network.keys.hoecop);
    expect(errors).toBeUndefined();
    const created = data!.createEventSeries;
    const starts: string[] = created.occurrences.edges.map((edge: any) => edge.node.startsAt);
    // London moves to BST on 28 March 2027: 18:00 local is 18:00 UTC before, 17:00 UTC after.
    expect(starts).toEqual(["2027-03-09", "2027-03-16", "2027-03-23"].map((day) => `${day}T18:00:00.000Z`).concat(["2027-03-30", "2027-04-06", "2027-04-13"].map((day) => `${day}T17:00:00.000Z`)));

    const feed = await fetch(new URL(created.icsUrl, network.gatewayUrl));
    expect(feed.status).toBe(200);
    const text = await feed.text();
    expect(text).toMatch(/BEGIN:VTIMEZONE[\s\S]*TZID:Europe\/London[\s\S]*BEGIN:DAYLIGHT/);
    expect(text).toMatch(/DTSTART;TZID=Europe\/London:20270309T180000/);
    expect(text).toMatch(/RRULE:FREQ=WEEKLY;BYDAY=TU;COUNT=6/);
    const calendar = new ICAL.Component(ICAL.parse(text));
    for (const zone of calendar.getAllSubcomponents("vtimezone")) ICAL.TimezoneService.register(zone);
    const iterator = new ICAL.Event(calendar.getFirstSubcomponent("vevent")!).iterator();
    const expanded: string[] = [];
    for (let next = iterator.next(); next; next = iterator.next()) expanded.push(next.toJSDate().toISOString());
    expect(expanded).toEqual(starts);
    expect((await fetch(new URL(`/series/${FORGED}.ics`, network.gatewayUrl))).status).toBe(404);

    // The first session's recording: a WEBINAR_RECORDING work in scholarship, linked by the organiser only.
    const ADD_WORK = `mutation ($input: AddWorkInput!) { addWork(input: $input) { id } }`;
    const work = async (kind: string) => (await network.query(ADD_WORK, { input: { title: `Recording of rounds (${kind})`, kind, contributions: [] } }, network.keys.hoecop)).data!.addWork.id;
    const [recording, toolkit] = [await work("WEBINAR_RECORDING"), await work("TOOLKIT")];
    const LINK = `mutation ($event: ID!, $work: ID!) { linkRecording(eventId: $event, workId: $work) { id recording { id title kind } } }`;
    const session = created.occurrences.edges[0].node.id;
    for (const [variables, key, code] of [
      [{ event: session, work: recording }, network.keys.ahea, "FORBIDDEN"],
      [{ event: session, work: FORGED }, network.keys.hoecop, "NOT_FOUND"],
      [{ event: session, work: toolkit }, network.keys.hoecop, "BAD_USER_INPUT"],
    ] as const) {
      expect((await network.query(LINK, variables, key)).errors![0]!.extensions!.code).toBe(code);
    }
    const linked = await network.query(LINK, { event: session, work: recording }, network.keys.hoecop);
    expect(linked.errors).toBeUndefined();
    expect(linked.data!.linkRecording.recording).toEqual({ id: recording, title: "Recording of rounds (WEBINAR_RECORDING)", kind: "WEBINAR_RECORDING" });
  });
});

function londonSeries(overrides: Record<string, unknown>) {
  return {
    title: "Haemostasis teaching rounds", kind: "WEBINAR", timezone: "Europe/London", firstStartsAt: "2027-03-09T18:00:00Z",
    durationMinutes: 60, online: true, capacity: 50, cpdCredits: 1, ...overrides,
  };
}

describe("federating the communities subgraph", () => {
  it("should publish a newly shipped subgraph through the registry's checks when npm start finds it missing", async () => {
    const url = network.databaseUrl("gateway_newcomer");
    await ensureDatabase(url);
    const orm = await openDatabase({ url, ...gatewayDatabase });
    try {
      await migrate(orm);
      // A registry bootstrapped before communities shipped: the four others only.
      const shipped = await shippedSubgraphs(await readSupergraphConfig());
      await bootstrapRegistry(orm.em.fork(), shipped.filter((subgraph) => subgraph.name !== "communities"));
      await publishChangedShippedSubgraphs(url);
      const current = (await currentVersion(orm.em.fork()))!;
      expect(current.version).toBe(2);
      expect(current.subgraphs.map((subgraph) => subgraph.name).sort()).toEqual(shipped.map((subgraph) => subgraph.name).sort());
      expect(current).toMatchObject({ action: "PUBLISH", subject: "communities", publishedBy: "copnet start" });
    } finally {
      await orm.close();
      await dropDatabase(url);
    }
  });
});
