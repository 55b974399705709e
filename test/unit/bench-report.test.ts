import { describe, expect, it } from "vitest";
import { chart, cpuTable, perVisitorLine, scalingTable, summarise, summaryLine, table, type Round } from "../../bench/report.js";

const round = (gateway: Round["gateway"], n: number, rps: number, p99: number): Round => ({
  scenario: "directory",
  title: "directory page",
  gateway,
  round: n,
  requests: rps * 10,
  rps,
  p50: p99 / 2,
  p99,
  errors: 0,
  peakRssMb: 200 + n,
  sqlPerRequest: 0.5,
  cpuMsPerRequest: { gateway: 1, postgres: 2 },
});

const rounds = [round("copnet", 1, 1200, 14), round("stock", 1, 400, 40), round("hive", 1, 800, 20), round("copnet", 2, 1268, 10), round("stock", 2, 400, 40), round("hive", 2, 800, 20)];

describe("benchmark report", () => {
  it("should average each gateway's rounds and keep every round's RPS to show the noise", () => {
    const copnet = summarise(rounds).find((summary) => summary.gateway === "copnet")!;
    expect(copnet).toMatchObject({ rps: 1234, roundsRps: [1200, 1268], p99: 12, peakRssMb: 202 });
  });

  it("should end with the one-line summary partners and the issue ask for", () => {
    expect(summaryLine(summarise(rounds), "directory")).toBe(
      "directory page: copnet 1234 rps p99 12 ms | stock 400 rps p99 40 ms | hive 800 rps p99 20 ms | copnet/stock 3.08x copnet/hive 1.54x",
    );
  });

  it("should print a Markdown table with the ratio against each other gateway", () => {
    const lines = table(summarise(rounds)).split("\n");
    expect(lines).toHaveLength(5);
    expect(lines[3]).toContain("| directory page | stock | 400 (400 / 400) | 20 | 40 | 0 | 202 | 0.50 | 3.08× |");
  });

  it("should draw a bar per gateway and scenario in both panels of the chart", () => {
    const svg = chart(summarise(rounds), "test <run>");
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg.match(/<rect x="[\d.]+" y="[\d.]+" width/g)).toHaveLength(6 + 3); // 2 panels × 3 bars + 3 legend keys
    expect(svg).toContain("test &#60;run&#62;");
  });

  describe("per-visitor pages", () => {
    /** One round of a per-visitor page: CPU ms per request by process as measured from /proc. */
    const page = (scenario: string, title: string, gateway: Round["gateway"], n: number, rps: number, cpuMsPerRequest: Record<string, number>, errors = 0): Round => ({
      ...round(gateway, n, rps, 800),
      scenario,
      title,
      errors,
      cpuMsPerRequest,
    });
    const pages = [
      page("member", "member detail", "copnet", 1, 150, { gateway: 2, members: 1.5, postgres: 1 }),
      page("member", "member detail", "copnet", 2, 160, { gateway: 2.2, members: 1.3, postgres: 1.2 }),
      page("member", "member detail", "stock", 1, 100, { gateway: 5, members: 1.5, postgres: 1 }),
      page("search", "directory search", "copnet", 1, 300, { gateway: 1, members: 1, postgres: 1.7 }),
      page("search", "directory search", "stock", 1, 200, { gateway: 2, members: 1, postgres: 1.7 }),
      page("search", "directory search", "hive", 1, 250, { gateway: 1.5, members: 1, postgres: 1.7 }),
      page("matches", "mentor matches", "copnet", 1, 90, { gateway: 1, mentorship: 4, postgres: 3.5 }, 1),
      page("matches", "mentor matches", "copnet", 2, 90, { gateway: 1, mentorship: 4, postgres: 3.5 }, 2),
    ];

    it("should end with the per-visitor line: copnet's CPU per request, its RPS over stock, and the matches' p99 and errors", () => {
      expect(perVisitorLine(summarise(pages))).toBe(
        "per-visitor: member detail 4.6 ms/req copnet/stock 1.55x | directory search 3.7 ms/req copnet/stock 1.50x | mentor matches 8.5 ms/req p99 800 ms errors 3",
      );
    });

    it("should say a page was not measured instead of inventing a figure", () => {
      expect(perVisitorLine(summarise(pages.filter((round) => round.scenario !== "member" && round.gateway !== "stock")))).toBe(
        "per-visitor: member detail – ms/req copnet/stock –x | directory search 3.7 ms/req copnet/stock –x | mentor matches 8.5 ms/req p99 800 ms errors 3",
      );
    });

    it("should show CPU per request by process, averaged over the rounds, with a dash where a process had no share", () => {
      const lines = cpuTable(summarise(pages)).split("\n");
      expect(lines[0]).toBe("| scenario | gateway | gateway | members | postgres | mentorship | total |");
      expect(lines[2]).toBe("| member detail | copnet | 2.1 | 1.4 | 1.1 | – | 4.6 |");
      expect(lines.at(-1)).toBe("| mentor matches | copnet | 1.0 | – | 3.5 | 4.0 | 8.5 |");
    });
  });

  it("should give each page's latency at every directory size over the same page's at the smallest", () => {
    const at = (members: number, scenario: string, title: string, p50: number) => ({ members, scenario, title, p50, p99: p50 * 2, rps: 1000 / p50, errors: 0 });
    const lines = scalingTable([at(100_000, "member", "member detail", 30), at(10_000, "member", "member detail", 20), at(10_000, "search", "directory search", 10)]).split("\n");
    expect(lines.slice(2)).toEqual([
      "| member detail | 10000 | 20 | 40 | 0 | 1.00× | 1.00× |",
      "| member detail | 100000 | 30 | 60 | 0 | 1.50× | 1.50× |",
      "| directory search | 10000 | 10 | 20 | 0 | 1.00× | 1.00× |",
    ]);
  });
});
