import type { MikroORM } from "@mikro-orm/postgresql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../lib/database.js";
import { ANONYMOUS } from "../lib/identity.js";
import { buildDemoNetwork, DEMO_SOCIETIES } from "../seed/demo-network.js";
import { searchDirectory } from "../subgraphs/members/member/member.directory.js";
import { SUBGRAPHS } from "../subgraphs/index.js";
import { startTestNetwork, type TestNetwork } from "./support/network.js";

let network: TestNetwork;
beforeAll(async () => {
  network = await startTestNetwork();
});
afterAll(() => network?.stop());

const MEMBER_ACROSS_ALL_SUBGRAPHS = `query ($id: ID!) {
  member(id: $id) {
    displayName country
    society { slug name memberCount }
    mentorProfile { capacity acceptingMentees activeMentees }
    mentees { status mentee { displayName } }
    works(first: 3) { totalCount edges { node { doi title } } }
    awards { name year }
    registrations { status event { title cpdCredits } }
    cpdCredits
  }
}`;

describe("the directory through the gateway", () => {
  it("should return a member with society, mentor profile, works and registrations from all four subgraphs", async () => {
    // A research-group mentor with works: the first mentor who also has a contribution.
    const mentors = await network.query(`{ members(first: 100, filter: { society: "5d1c0a4e-0000-4000-8000-000000000003", careerStage: SENIOR }) { edges { node { id mentorProfile { capacity } works { totalCount } } } } }`);
    expect(mentors.errors).toBeUndefined();
    const pick = mentors.data!.members.edges.map((edge: any) => edge.node).find((node: any) => node.mentorProfile && node.works.totalCount > 0);
    expect(pick).toBeDefined();

    // The member's own society asks: registrations and CPD credit are its to see.
    const { data, errors } = await network.query(MEMBER_ACROSS_ALL_SUBGRAPHS, { id: pick.id }, network.keys.vicrmg);
    expect(errors).toBeUndefined();
    expect(data!.member.society.slug).toBe("vicrmg");
    expect(data!.member.society.memberCount).toBeGreaterThan(50);
    expect(data!.member.mentorProfile.capacity).toBeGreaterThanOrEqual(1);
    expect(data!.member.works.totalCount).toBe(pick.works.totalCount);
    expect(data!.member.works.edges[0].node.doi).toMatch(/^10\.5555\/vicrmg\./);
    expect(Array.isArray(data!.member.registrations)).toBe(true);
    expect(typeof data!.member.cpdCredits).toBe("number");
  });

  it("should answer each members, mentorship, scholarship and events fetch of a member page with one SQL statement", async () => {
    const page = `query ($id: ID!) { member(id: $id) {
      displayName society { name } memberships { since society { name } }
      mentorProfile { capacity } mentors { status program { name } mentor { displayName } } mentees { status }
      works(first: 10) { totalCount edges { node { title publishedOn } } } awards { name year } scholarlyOutput { works prizes byKind { kind works } }
      registrations { status event { title } } cpdCredits } }`;
    const member = buildDemoNetwork().members.find((candidate) => candidate.societyId === "5d1c0a4e-0000-4000-8000-000000000003" && candidate.listed)!;
    await network.query(page, { id: member.id }, network.keys.vicrmg); // warm-up: first connections run their own checks
    network.sql.reset();
    const { data, errors } = await network.query(page, { id: member.id }, network.keys.vicrmg);
    expect(errors).toBeUndefined();
    expect(data!.member.memberships.length).toBeGreaterThan(0);
    // The member with societies and memberships; the profile with relations and programmes; registrations
    // with events and credits: each read together, never table by table.
    const separate = network.sql.statements.filter((statement) => /from "(membership|mentor_profile|mentorship_relation|mentoring_program|registration|event)"/.test(statement) || /^select r\.member_id, extract/.test(statement));
    expect(separate).toEqual([]);
    // Works, awards and the scholarly output: one statement.
    expect(data!.member.scholarlyOutput.works).toBe(data!.member.works.totalCount);
    expect(network.sql.statements.filter((statement) => /from "?(work|award|contribution)"?\b/.test(statement))).toHaveLength(1);
  });

  it("should page through the whole public directory without gaps or repeats", async () => {
    const listed = buildDemoNetwork().members.filter((member) => member.listed).length;
    const seen: string[] = [];
    let after: string | null = null;
    let total = 0;
    do {
      const page: any = await network.query(`query ($after: String) { members(first: 37, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } }`, { after });
      expect(page.errors).toBeUndefined();
      total = page.data.members.totalCount;
      seen.push(...page.data.members.edges.map((edge: any) => edge.node.id));
      after = page.data.members.pageInfo.hasNextPage ? page.data.members.pageInfo.endCursor : null;
    } while (after);
    expect(total).toBe(listed);
    expect(seen).toHaveLength(listed);
    expect(new Set(seen).size).toBe(listed);
  });

  it("should filter by country, society, career stage and free text, accent- and case-insensitively", async () => {
    const byCountry = await network.query(`{ members(first: 100, filter: { country: "de" }) { totalCount edges { node { country } } } }`);
    expect(byCountry.data!.members.totalCount).toBeGreaterThan(0);
    expect(byCountry.data!.members.edges.every((edge: any) => edge.node.country === "DE")).toBe(true);

    const trainees = await network.query(`{ members(first: 100, filter: { society: "5d1c0a4e-0000-4000-8000-000000000002", careerStage: TRAINEE }) { totalCount edges { node { careerStage memberships { society { slug } } } } } }`);
    expect(trainees.data!.members.totalCount).toBeGreaterThan(0);
    for (const edge of trainees.data!.members.edges) {
      expect(edge.node.careerStage).toBe("TRAINEE");
      expect(edge.node.memberships.map((membership: any) => membership.society.slug)).toContain("htcn");
    }

    for (const [q, expected] of [["muller", "Jürgen Müller"], ["JOSE", "José Álvarez"], ["álvarez", "José Álvarez"]]) {
      const found = await network.query(`query ($q: String) { members(filter: { q: $q }) { edges { node { displayName } } } }`, { q });
      expect(found.data!.members.edges.map((edge: any) => edge.node.displayName)).toContain(expected);
    }
    const none = await network.query(`{ members(filter: { q: "100%_" }) { totalCount } }`);
    expect(none.data!.members.totalCount).toBe(0);
  });

  it("should send no more SQL statements for 50 or 100 members than for 5, whatever the nesting", async () => {
    // The research group: its pages have works, mentors, mentees and registrations to resolve.
    const query = `query ($first: Int) { members(first: $first, filter: { society: "5d1c0a4e-0000-4000-8000-000000000003" }) { edges { node {
      id society { name memberCount countryCount } memberships { since society { slug } }
      mentorProfile { capacity activeMentees } mentors { status mentor { displayName } program { name } } mentees { status }
      works(first: 5) { totalCount edges { node { title contributions { position member { displayName } } } } } awards { name }
      registrations { status event { title registeredCount waitlistCount } } cpdCredits
    } } } }`;
    const statementsFor = async (first: number) => {
      network.sql.reset();
      const result = await network.query(query, { first });
      expect(result.errors).toBeUndefined();
      expect(result.data!.members.edges.length).toBeGreaterThan(0);
      // Statement shapes without their parameter lists: one shape per table or loader query.
      return network.sql.statements.map((statement) => statement.replace(/\((\?, )*\?\)/g, "(…)"));
    };
    await statementsFor(5); // warm-up: first connections run their own checks
    const [five, fifty, all] = [await statementsFor(5), await statementsFor(50), await statementsFor(100)];
    // A page of 5 may skip a loader its members have no data for (no programme, say); never more statements per loader.
    const perShape = (statements: string[]) => statements.reduce((counts, shape) => counts.set(shape, (counts.get(shape) ?? 0) + 1), new Map<string, number>());
    // Member access lookups (one per subgraph request, one more per round of related members: relations,
    // contributions) each read members and their societies by id; a page of 5, with fewer relations and
    // contributions, may need fewer rounds. A page of 100 needs no more than one of 50.
    const byId = (shape: string) =>
      /^select "[ms]0"\.(\*|"id", "m0"\."society_id".*) from "(member|society)" as "[ms]0" where "[ms]0"\."id" in \(…\)$/.test(shape) || /^select m\.\*,[\s\S]* from member m[\s\S]* where m\.id in \(…\)$/.test(shape);
    for (const [shape, count] of perShape(fifty)) expect(count, shape).toBeLessThanOrEqual(Math.max(perShape(five).get(shape) ?? 1, 2) + (byId(shape) ? 3 : 0));
    // Society figures may come from the subgraph's 30 s cache by now, never from more queries.
    expect(all.length).toBeLessThanOrEqual(fifty.length);
    expect(fifty.length).toBeLessThanOrEqual(30);
  });

  it("should refuse a page size over 100 and a forged cursor with BAD_USER_INPUT", async () => {
    const big = await network.query(`{ members(first: 1000) { totalCount } }`);
    expect(big.errors![0]!.extensions!.code).toBe("BAD_USER_INPUT");
    const forged = await network.query(`{ members(after: "bm90LWEtY3Vyc29y") { totalCount } }`);
    expect(forged.errors![0]!.extensions!.code).toBe("BAD_USER_INPUT");
  });

  it("should list societies and find one by slug", async () => {
    const { data } = await network.query(`{ societies { slug memberCount countryCount } society(slug: "vicrmg") { name kind stage } }`);
    expect(data!.societies).toHaveLength(4);
    expect(data!.society).toMatchObject({ kind: "RESEARCH_GROUP", stage: "SUSTAIN" });
    const group = data!.societies.find((society: any) => society.slug === "vicrmg");
    expect(group.countryCount).toBeGreaterThanOrEqual(14);
  });

  it("should count a free-text search exactly below the cap, say when the count stops at it, and count a member hidden a moment ago no more", async () => {
    const SEARCH = `query ($q: String, $after: String) { members(first: 100, after: $after, filter: { q: $q }) { totalCount totalCountCapped pageInfo { hasNextPage endCursor } edges { node { id society { id } } } } }`;
    const search = async (q: string) => {
      const found: { id: string; society: { id: string } }[] = [];
      let page: any;
      let after: string | null = null;
      do {
        page = (await network.query(SEARCH, { q, after })).data!.members;
        found.push(...page.edges.map((edge: any) => edge.node));
        after = page.pageInfo.endCursor;
      } while (page.pageInfo.hasNextPage);
      return { found, totalCount: page.totalCount as number, capped: page.totalCountCapped as boolean };
    };
    const before = await search("haemostasis");
    expect(before.found.length).toBeGreaterThan(5);
    expect(before).toMatchObject({ totalCount: before.found.length, capped: false });

    // Hidden by their society: gone from the very next search, and from its count.
    const hidden = before.found[0]!;
    const key = network.keys[DEMO_SOCIETIES.find((society) => society.id === hidden.society.id)!.slug]!;
    const consent = `mutation ($id: ID!, $listed: Boolean!) { setDirectoryConsent(memberId: $id, input: { listed: $listed, research: false }) { id } }`;
    expect((await network.query(consent, { id: hidden.id, listed: false }, key)).errors).toBeUndefined();
    try {
      const after = await search("haemostasis");
      expect(after).toMatchObject({ totalCount: before.totalCount - 1, capped: false });
      expect(after.found.map((member) => member.id)).not.toContain(hidden.id);
    } finally {
      await network.query(consent, { id: hidden.id, listed: true }, key);
    }

    // The cap itself, lowered to fit the demo directory: exact up to it, the cap and a flag beyond.
    const orm = (await openDatabase({ url: network.databaseUrl("members"), entities: SUBGRAPHS.members.entities, migrations: SUBGRAPHS.members.migrations })) as MikroORM;
    try {
      const counted = async (cap: number) => {
        const page = await searchDirectory(orm.em.fork(), ANONYMOUS, { q: "haemostasis" }, 20, null, cap);
        return { totalCount: await page.totalCount, capped: await page.totalCountCapped };
      };
      expect(await counted(before.totalCount)).toEqual({ totalCount: before.totalCount, capped: false });
      expect(await counted(before.totalCount - 1)).toEqual({ totalCount: before.totalCount - 1, capped: true });
      expect(await counted(3)).toEqual({ totalCount: 3, capped: true });
    } finally {
      await orm.close();
    }
    // Without free text the count stays exact: the whole directory is counted, never capped.
    const all = await network.query(`{ members(first: 1) { totalCount totalCountCapped } }`);
    expect(all.data!.members.totalCountCapped).toBe(false);
  });
});
