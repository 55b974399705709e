import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildDemoNetwork, DEMO_SOCIETIES } from "../seed/demo-network.js";
import { startTestNetwork, type TestNetwork } from "./support/network.js";
import { countRows } from "./support/rows.js";

let network: TestNetwork;
beforeAll(async () => {
  network = await startTestNetwork();
});
afterAll(() => network?.stop());

const demo = buildDemoNetwork();
const VICRMG = DEMO_SOCIETIES[2];
const withOrcid = demo.members.filter((member) => member.listed && member.orcid && member.societyId === VICRMG.id);
const ADD = `mutation ($input: AddWorkInput!) { addWork(input: $input) { id doi title kind publishedOn society { slug }
  contributions { position roles orcid member { id displayName } } } }`;
const works = () => countRows(network.databaseUrl("scholarship"), "work");
const contributions = () => countRows(network.databaseUrl("scholarship"), "contribution");

const paper = (overrides: Record<string, unknown> = {}) => ({
  doi: "https://doi.org/10.1186/S12909-026-0001-X",
  title: "Virtual mentoring of early-career haematologists across 14 countries",
  kind: "ARTICLE",
  publishedOn: "2026-03-15",
  venue: "BMC Medical Education",
  contributions: [
    { member: withOrcid[0]!.id, roles: ["CONCEPTUALIZATION", "WRITING_ORIGINAL_DRAFT"], position: 1 },
    { orcid: `https://orcid.org/${withOrcid[1]!.orcid}`, roles: ["FORMAL_ANALYSIS"], position: 2 },
    { orcid: "0000-0002-1694-233X", roles: ["SUPERVISION", "WRITING_REVIEW_EDITING"], position: 3 },
  ],
  ...overrides,
});

describe("recording works", () => {
  it("should normalise the DOI, link contributors by id or ORCID iD, and keep CRediT roles and positions", async () => {
    const { data, errors } = await network.query(ADD, { input: paper() }, network.keys.vicrmg);
    expect(errors).toBeUndefined();
    const work = data!.addWork;
    expect(work).toMatchObject({ doi: "10.1186/s12909-026-0001-x", society: { slug: "vicrmg" }, publishedOn: "2026-03-15" });
    expect(work.contributions).toEqual([
      { position: 1, roles: ["CONCEPTUALIZATION", "WRITING_ORIGINAL_DRAFT"], orcid: null, member: { id: withOrcid[0]!.id, displayName: withOrcid[0]!.displayName } },
      { position: 2, roles: ["FORMAL_ANALYSIS"], orcid: withOrcid[1]!.orcid, member: null },
      { position: 3, roles: ["SUPERVISION", "WRITING_REVIEW_EDITING"], orcid: "0000-0002-1694-233X", member: null },
    ]);
    // The member named by ORCID iD only finds the work among their own works.
    const byOrcid = await network.query(`query ($id: ID!) { member(id: $id) { works(first: 50) { edges { node { doi } } } } }`, { id: withOrcid[1]!.id });
    expect(byOrcid.data!.member.works.edges.map((edge: any) => edge.node.doi)).toContain("10.1186/s12909-026-0001-x");
  });

  it("should refuse the same DOI again, in any form, with CONFLICT naming the work already recorded", async () => {
    const [before, beforeContributions] = [await works(), await contributions()];
    const existing = (await network.query(`{ works(first: 1, filter: { q: "virtual mentoring of early-career" }) { edges { node { id } } } }`)).data!.works.edges[0].node.id;
    for (const doi of ["doi:10.1186/s12909-026-0001-x", "10.1186/S12909-026-0001-X"]) {
      const { errors } = await network.query(ADD, { input: paper({ doi, title: "A copy" }) }, network.keys.ahea);
      expect(errors![0]!.extensions).toMatchObject({ code: "CONFLICT", field: "doi", existingWorkId: existing });
      expect(errors![0]!.message).toContain("Virtual mentoring of early-career haematologists");
    }
    expect([await works(), await contributions()]).toEqual([before, beforeContributions]);
  });

  it("should refuse a bad DOI, a bad ORCID check digit, gaps in author positions and ambiguous contributors, writing nothing", async () => {
    const before = await works();
    const cases: [Record<string, unknown>, string][] = [
      [{ doi: "10.12/too-short-prefix" }, "doi"],
      [{ doi: "10.1000/ok-1", contributions: [{ orcid: "0000-0002-1825-0098", roles: ["SOFTWARE"], position: 1 }] }, "contributions.0.orcid"],
      [{ doi: "10.1000/ok-2", contributions: [{ member: withOrcid[0]!.id, roles: ["SOFTWARE"], position: 2 }] }, "contributions"],
      [{ doi: "10.1000/ok-3", contributions: [{ member: withOrcid[0]!.id, orcid: withOrcid[0]!.orcid, roles: ["SOFTWARE"], position: 1 }] }, "contributions.0"],
      [{ doi: "10.1000/ok-4", contributions: [{ member: withOrcid[0]!.id, roles: [], position: 1 }] }, "contributions.0.roles"],
      [{ doi: "10.1000/ok-5", title: "  " }, "title"],
    ];
    for (const [overrides, field] of cases) {
      const { errors } = await network.query(ADD, { input: paper(overrides) }, network.keys.vicrmg);
      expect(errors![0]!.extensions!.code).toBe("BAD_USER_INPUT");
      expect(errors![0]!.extensions!.problems.map((problem: any) => problem.field)).toContain(field);
    }
    const anonymous = await network.query(ADD, { input: paper({ doi: "10.1000/ok-6" }) });
    expect(anonymous.errors![0]!.extensions!.code).toBe("UNAUTHENTICATED");
    expect(await works()).toBe(before);
  });
});

describe("finding works and resources", () => {
  it("should search free text accent- and case-insensitively and filter by kind, society, member and year", async () => {
    await network.query(ADD, { input: paper({ doi: null, title: "Boîte à outils: éducation interprofessionnelle", kind: "TOOLKIT", publishedOn: "2025-06-01", contributions: [{ member: withOrcid[2]!.id, roles: ["RESOURCES"], position: 1 }] }) }, network.keys.ahea);
    const q = async (filter: Record<string, unknown>) => (await network.query(`query ($filter: WorkFilter) { works(first: 100, filter: $filter) { totalCount edges { node { title kind publishedOn society { slug } } } } }`, { filter })).data!.works;
    expect((await q({ q: "BOITE A OUTILS" })).edges.map((edge: any) => edge.node.title)).toEqual(["Boîte à outils: éducation interprofessionnelle"]);
    expect((await q({ kind: "TOOLKIT" })).edges.every((edge: any) => edge.node.kind === "TOOLKIT")).toBe(true);
    expect((await q({ society: DEMO_SOCIETIES[3].id, kind: "TOOLKIT" })).edges.map((edge: any) => edge.node.society.slug)).toContain("ahea");
    expect((await q({ member: withOrcid[2]!.id, year: 2025 })).edges.map((edge: any) => edge.node.title)).toContain("Boîte à outils: éducation interprofessionnelle");
    expect((await q({ year: 2020 })).edges.every((edge: any) => edge.node.publishedOn.startsWith("2020"))).toBe(true);
  });

  it("should search through the trigram index, not a scan of every title", async () => {
    const client = new pg.Client({ connectionString: network.databaseUrl("scholarship") });
    await client.connect();
    try {
      await client.query("set enable_seqscan = off"); // the demo table is small enough that PostgreSQL would rather scan
      const plan = await client.query(`explain select * from work w where w.search_text like '%' || copnet_escape_like(copnet_fold('mentoring')) || '%'`);
      expect(plan.rows.map((row) => row["QUERY PLAN"]).join("\n")).toContain("work_search_text_trgm_index");
    } finally {
      await client.end();
    }
  });
});

describe("awards and opportunities", () => {
  it("should record a prize from the caller's society and show it on the member", async () => {
    const member = withOrcid[3]!;
    const { data } = await network.query(`mutation ($input: AddAwardInput!) { addAward(input: $input) { name year society { slug } member { id } } }`, { input: { name: "Best Abstract Prize", year: 2026, member: member.id } }, network.keys.hoecop);
    expect(data!.addAward).toEqual({ name: "Best Abstract Prize", year: 2026, society: { slug: "hoecop" }, member: { id: member.id } });
    const awards = await network.query(`query ($id: ID!) { member(id: $id) { awards { name year society { slug } } } }`, { id: member.id });
    expect(awards.data!.member.awards).toContainEqual({ name: "Best Abstract Prize", year: 2026, society: { slug: "hoecop" } });
    const invalid = await network.query(`mutation { addAward(input: { name: "Prize", year: 1492, member: "${member.id}" }) { name } }`, {}, network.keys.hoecop);
    expect(invalid.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "year" });
  });

  it("should list only open opportunities, soonest deadline first, and refuse a deadline in the past", async () => {
    const soon = new Date(Date.now() + 2 * 24 * 3600_000).toISOString();
    const created = await network.query(`mutation ($input: CreateOpportunityInput!) { createOpportunity(input: $input) { id deadline society { slug } } }`, { input: { kind: "FELLOWSHIP", title: "International faculty-development fellowship 2027", deadline: soon, eligibility: "Faculty of any member society" } }, network.keys.vicrmg);
    expect(created.errors).toBeUndefined();
    const { data } = await network.query(`{ opportunities(open: true) { title deadline } }`);
    const deadlines = data!.opportunities.map((opportunity: any) => Date.parse(opportunity.deadline));
    expect(deadlines.every((deadline: number) => deadline >= Date.now())).toBe(true);
    expect(deadlines).toEqual([...deadlines].sort((a, b) => a - b));
    expect(data!.opportunities[0].title).toBe("International faculty-development fellowship 2027");
    expect(data!.opportunities.map((opportunity: any) => opportunity.title)).not.toContain("Seed grants for cross-country projects (closed)");
    const past = await network.query(`mutation { createOpportunity(input: { kind: GRANT, title: "Late", deadline: "2020-01-01T00:00:00Z", eligibility: "All" }) { id } }`, {}, network.keys.vicrmg);
    expect(past.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "deadline" });
  });
});

describe("scholarly output", () => {
  it("should give a research group's figures: papers by kind and year, prizes, co-authors and their countries", async () => {
    const { data, errors } = await network.query(`{ society(slug: "vicrmg") { memberCount countryCount scholarlyOutput { works prizes byKind { kind works } byYear { year works } coAuthors { size countryCount countries { country members } } } } }`);
    expect(errors).toBeUndefined();
    const output = data!.society.scholarlyOutput;
    expect(output.works).toBeGreaterThanOrEqual(110);
    expect(output.prizes).toBe(13);
    expect(output.byKind.reduce((sum: number, entry: any) => sum + entry.works, 0)).toBe(output.works);
    expect(output.byYear[0].year).toBeGreaterThan(output.byYear.at(-1).year);
    expect(output.coAuthors.countryCount).toBeGreaterThanOrEqual(10);
    expect(output.coAuthors.countries.reduce((sum: number, entry: any) => sum + entry.members, 0)).toBe(output.coAuthors.size);
  });

  it("should give a member's own output, counting works recorded by ORCID iD", async () => {
    const member = withOrcid[1]!;
    const { data } = await network.query(`query ($id: ID!) { member(id: $id) { works(first: 100) { totalCount } scholarlyOutput { works byKind { kind works } coAuthors { size } } } }`, { id: member.id });
    expect(data!.member.scholarlyOutput.works).toBe(data!.member.works.totalCount);
    expect(data!.member.scholarlyOutput.coAuthors.size).toBeGreaterThanOrEqual(1);
  });
});
