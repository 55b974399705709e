import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXAMPLE_OPERATIONS } from "../gateway/explorer/examples.js";
import { buildDemoNetwork, DEMO_SOCIETIES } from "../seed/demo-network.js";
import { send, startTestNetwork, type TestNetwork } from "./support/network.js";

let network: TestNetwork;
beforeAll(async () => {
  network = await startTestNetwork();
});
afterAll(() => network?.stop());

const demo = buildDemoNetwork();
const STATS = `query ($groupBy: [StatsDimension!]!) { directoryStats(groupBy: $groupBy) { total threshold cells { country society { slug } careerStage profession count suppressed } } }`;
const stats = async (groupBy: string[], key = network.keys.researcher) => (await network.query(STATS, { groupBy }, key)).data!.directoryStats;

describe("directory statistics", () => {
  it("should refuse society keys and anonymous callers with FORBIDDEN", async () => {
    for (const key of [undefined, network.keys.hoecop]) {
      const { errors, data } = await network.query(STATS, { groupBy: ["COUNTRY"] }, key);
      expect(data).toBeNull();
      expect(errors![0]!.extensions!.code).toBe("FORBIDDEN");
    }
  });

  it("should count research-consented members only, and follow a withdrawal on the next request", async () => {
    const consenting = demo.members.filter((member) => member.researchConsent);
    expect((await stats(["COUNTRY"])).total).toBe(consenting.length);
    const member = consenting.find((candidate) => candidate.listed && candidate !== demo.members[0])!;
    const key = network.keys[DEMO_SOCIETIES.find((society) => society.id === member.societyId)!.slug];
    await network.query(`mutation ($id: ID!) { setDirectoryConsent(memberId: $id, input: { listed: true, research: false }) { id } }`, { id: member.id }, key);
    expect((await stats(["COUNTRY"])).total).toBe(consenting.length - 1);
  });

  it("should never show a group under 5, and never leave one suppressed group alone among visible ones in a row or column", async () => {
    for (const groupBy of [["COUNTRY"], ["SOCIETY", "CAREER_STAGE"], ["COUNTRY", "CAREER_STAGE"], ["COUNTRY", "SOCIETY", "PROFESSION"]]) {
      const { cells, threshold } = await stats(groupBy);
      expect(threshold).toBe(5);
      expect(cells.length).toBeGreaterThan(0);
      for (const cell of cells) {
        if (cell.suppressed) expect(cell.count).toBeNull();
        else expect(cell.count).toBeGreaterThanOrEqual(5);
      }
      const keyOf = (cell: any) => groupBy.map((dimension) => (dimension === "SOCIETY" ? cell.society.slug : cell[{ COUNTRY: "country", CAREER_STAGE: "careerStage", PROFESSION: "profession" }[dimension]!]));
      for (let dimension = 0; dimension < groupBy.length; dimension++) {
        const lines = new Map<string, boolean[]>();
        for (const cell of cells) {
          const line = keyOf(cell).filter((_: unknown, index: number) => index !== dimension).join("/");
          lines.set(line, [...(lines.get(line) ?? []), cell.suppressed]);
        }
        // A lone suppressed cell next to visible ones could be worked out from the line's total; a line made of
        // one cell only has a total under 5 itself, suppressed wherever it is published.
        for (const flags of lines.values()) if (flags.length > 1) expect(flags.filter(Boolean).length).not.toBe(1);
      }
    }
    // The demo network has small groups, so suppression is really exercised.
    expect((await stats(["COUNTRY", "CAREER_STAGE"])).cells.some((cell: any) => cell.suppressed)).toBe(true);
  });

  it("should give monthly series of memberships, mentoring relations and attendance, small months suppressed", async () => {
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
      for (const point of series) expect(point.suppressed ? point.count === null : point.count === 0 || point.count >= 5).toBe(true);
    }
    expect(data!.attendanceTimeSeries.some((point: any) => point.count > 0)).toBe(true);
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
    expect(rows).toHaveLength(cells.length);
    expect(rows.filter((row) => row.endsWith(",true")).every((row) => row.endsWith(",,true"))).toBe(true);
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
