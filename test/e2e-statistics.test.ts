import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXAMPLE_OPERATIONS } from "../gateway/explorer/examples.js";
import { buildDemoNetwork } from "../seed/demo-network.js";
import { send, startTestNetwork, type TestNetwork } from "./support/network.js";

let network: TestNetwork;
beforeAll(async () => {
  network = await startTestNetwork();
});
afterAll(() => network?.stop());

const demo = buildDemoNetwork();
const STATS = `query ($groupBy: [StatsDimension!]!) { directoryStats(groupBy: $groupBy) { total threshold method cells { country society { slug } careerStage profession count suppressed } } }`;
const stats = async (groupBy: string[], key = network.keys.researcher) => (await network.query(STATS, { groupBy }, key)).data!.directoryStats;
const countOf = (cells: any[], country: string) => cells.find((cell) => cell.country === country)?.count;

describe("directory statistics", () => {
  it("should refuse society keys and anonymous callers with FORBIDDEN", async () => {
    for (const key of [undefined, network.keys.hoecop]) {
      const { errors, data } = await network.query(STATS, { groupBy: ["COUNTRY"] }, key);
      expect(data).toBeNull();
      expect(errors![0]!.extensions!.code).toBe("FORBIDDEN");
    }
  });

  it("should count research-consented members only, and follow a withdrawal on the next request", async () => {
    // Five members alike (one finest cell) in a country the demo network does not have: 5 is published as it is.
    const create = (research: boolean) => network.query(
      `mutation ($input: CreateMemberInput!) { createMember(input: $input) { id } }`,
      { input: { givenName: "Aroha", familyName: "Ngata", country: "NZ", languages: ["en", "mi"], timezone: "Pacific/Auckland", careerStage: "SENIOR", professions: ["NURSE"], directoryConsent: { listed: false, research } } },
      network.keys.hoecop,
    );
    const counted = await Promise.all(Array.from({ length: 5 }, () => create(true)));
    expect(countOf((await stats(["COUNTRY"])).cells, "NZ")).toBe(5);
    // Five more without research consent change nothing.
    await Promise.all(Array.from({ length: 5 }, () => create(false)));
    expect(countOf((await stats(["COUNTRY"])).cells, "NZ")).toBe(5);
    for (const created of counted) {
      await network.query(`mutation ($id: ID!) { setDirectoryConsent(memberId: $id, input: { listed: false, research: false }) { id } }`, { id: created.data!.createMember.id }, network.keys.hoecop);
    }
    expect(countOf((await stats(["COUNTRY"])).cells, "NZ")).toBeUndefined();
  });

  it("should publish only multiples of 5, every grouping adding up from the same rounded cells, the same on every request", async () => {
    const byCountry = await stats(["COUNTRY"]);
    expect(byCountry).toMatchObject({ threshold: 5, method: "cell key random rounding to base 5" });
    expect(byCountry.cells.reduce((sum: number, cell: any) => sum + cell.count, 0)).toBe(byCountry.total);
    const byCountryAndStage = await stats(["COUNTRY", "CAREER_STAGE"]);
    for (const { country, count } of byCountry.cells) {
      expect(byCountryAndStage.cells.filter((cell: any) => cell.country === country).reduce((sum: number, cell: any) => sum + cell.count, 0)).toBe(count);
    }
    for (const groupBy of [["SOCIETY", "CAREER_STAGE"], ["COUNTRY", "SOCIETY", "PROFESSION"], ["COUNTRY", "SOCIETY", "CAREER_STAGE", "PROFESSION"]]) {
      const first = await stats(groupBy);
      expect(first.cells.length).toBeGreaterThan(0);
      for (const cell of first.cells) expect(cell).toMatchObject({ suppressed: false, count: expect.any(Number) });
      for (const cell of first.cells) expect(cell.count % 5 === 0 && cell.count > 0).toBe(true);
      // The same cells always get the same figures: asking again cannot average the rounding away.
      expect(await stats(groupBy)).toEqual(first);
    }
    // The demo network has groups of 1–4 people, so the rounding is really exercised.
    const consenting = demo.members.filter((member) => member.researchConsent);
    const sizes = new Map<string, number>();
    for (const member of consenting) sizes.set(`${member.country}/${member.careerStage}`, (sizes.get(`${member.country}/${member.careerStage}`) ?? 0) + 1);
    expect([...sizes.values()].some((size) => size < 5)).toBe(true);
  });

  it("should give monthly series of memberships, mentoring relations and attendance, each month whole and rounded", async () => {
    const { data, errors } = await network.query(
      `{ membershipTimeSeries(from: "2025-01-01", to: "2026-01-01") { month count suppressed }
         mentoringTimeSeries(from: "2024-01-01", to: "2026-01-01") { month count suppressed }
         attendanceTimeSeries(from: "2025-01-01", to: "2026-01-01") { month count suppressed } }`,
      {},
      network.keys.researcher,
    );
    expect(errors).toBeUndefined();
    expect(data!.membershipTimeSeries.map((point: any) => point.month)).toEqual(Array.from({ length: 12 }, (_, index) => `2025-${String(index + 1).padStart(2, "0")}`));
    expect(data!.mentoringTimeSeries).toHaveLength(24);
    for (const series of Object.values(data!) as any[][]) {
      for (const point of series) expect(point.suppressed === false && point.count % 5 === 0).toBe(true);
    }
    expect(data!.attendanceTimeSeries.some((point: any) => point.count > 0)).toBe(true);
    // Bounds a day apart give the same whole month: nobody can be counted by the day.
    for (const bounds of [`from: "2025-03-10", to: "2025-03-20"`, `from: "2025-03-11", to: "2025-03-21"`]) {
      const narrow = await network.query(`{ membershipTimeSeries(${bounds}) { month count } }`, {}, network.keys.researcher);
      expect(narrow.data!.membershipTimeSeries).toEqual([{ month: "2025-03", count: data!.membershipTimeSeries[2].count }]);
    }
    const anonymous = await network.query(`{ attendanceTimeSeries { month } }`);
    expect(anonymous.errors![0]!.extensions!.code).toBe("FORBIDDEN");
  });

  it("should download any grouping as CSV for a researcher, and refuse other keys", async () => {
    const url = new URL("/stats/directory.csv?groupBy=COUNTRY,CAREER_STAGE", network.gatewayUrl).toString();
    const response = await send(url, { headers: { authorization: `Bearer ${network.keys.researcher}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/csv");
    const [header, ...rows] = response.text.trim().split("\r\n");
    expect(header).toBe("country,career_stage,count,suppressed");
    const { cells } = await stats(["COUNTRY", "CAREER_STAGE"]);
    expect(rows).toEqual(cells.map((cell: any) => `${cell.country},${cell.careerStage},${cell.count},false`));
    expect((await send(url, { headers: { authorization: `Bearer ${network.keys.hoecop}` } })).status).toBe(403);
    expect((await send(url)).status).toBe(401);
  });
});

describe("the explorer page", () => {
  it("should ship example operations that all run for a researcher", async () => {
    for (const operation of EXAMPLE_OPERATIONS) {
      const { data, errors } = await network.query(operation, {}, network.keys.researcher);
      expect(errors).toBeUndefined();
      expect(Object.keys(data!).length).toBeGreaterThan(0);
    }
  });

  it("should serve GraphiQL from the gateway itself, for a browser asking for /graphql or /explorer", async () => {
    for (const path of ["/graphql", "/explorer"]) {
      const page = await send(new URL(path, network.gatewayUrl).toString(), { headers: { accept: "text/html" } });
      expect(page.status).toBe(200);
      expect(page.text).toContain('<script type="module" src="/explorer/app.js">');
      expect(page.text).not.toMatch(/src="https?:|href="https?:/);
    }
    const script = await send(new URL("/explorer/app.js", network.gatewayUrl).toString());
    expect(script.headers.get("content-type")).toContain("javascript");
    expect(script.text.length).toBeGreaterThan(100_000);
    expect((await send(new URL("/explorer/app.css", network.gatewayUrl).toString())).text).toContain(".graphiql-container");
  });
});
