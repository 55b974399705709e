import { describe, expect, it } from "vitest";
import { chart, summarise, summaryLine, table, type Round } from "../../bench/report.js";

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
});
