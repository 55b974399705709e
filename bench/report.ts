/** Turning measured rounds into the table, the one-line summary and the chart (pure functions). */

export const GATEWAYS = ["copnet", "stock", "hive"] as const;
export type GatewayName = (typeof GATEWAYS)[number];

/** Where a measurement belongs: one scenario through one gateway. */
interface Cell {
  scenario: string;
  title: string;
  gateway: GatewayName;
}

/** What is reported per cell, for one round or summed up over all of them. */
interface Measures {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  peakRssMb: number;
  sqlPerRequest: number;
  /**
   * CPU time per request by process (user + system from /proc): "gateway" (the one measured), "access"
   * (the copnet gateway the subgraphs ask about member access), each subgraph, "postgres" (every backend).
   */
  cpuMsPerRequest: Record<string, number>;
}

export interface Round extends Cell, Measures {
  round: number;
  requests: number;
  firstError?: string | null;
}

/** A gateway left out of a scenario because it could not give copnet's answers. */
export interface Exclusion extends Cell {
  reason: string;
}

export interface Summary extends Cell, Measures {
  /** Each round's RPS, in the order run: their spread is the noise. */
  roundsRps: number[];
}

const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

/** One row per scenario and gateway: mean RPS, median latencies, summed errors, the highest RSS. */
export function summarise(rounds: Round[]): Summary[] {
  const groups = new Map<string, Round[]>();
  for (const round of rounds) {
    const key = `${round.scenario}\u0000${round.gateway}`;
    groups.set(key, [...(groups.get(key) ?? []), round]);
  }
  return [...groups.values()].map((group) => ({
    scenario: group[0]!.scenario,
    title: group[0]!.title,
    gateway: group[0]!.gateway,
    roundsRps: group.map((round) => round.rps),
    rps: mean(group.map((round) => round.rps)),
    p50: median(group.map((round) => round.p50)),
    p99: median(group.map((round) => round.p99)),
    errors: group.reduce((sum, round) => sum + round.errors, 0),
    peakRssMb: Math.max(...group.map((round) => round.peakRssMb)),
    sqlPerRequest: mean(group.map((round) => round.sqlPerRequest)),
    cpuMsPerRequest: Object.fromEntries(
      [...new Set(group.flatMap((round) => Object.keys(round.cpuMsPerRequest)))].map((process) => [process, mean(group.map((round) => round.cpuMsPerRequest[process] ?? 0))]),
    ),
  }));
}

/** A summary's CPU time per request summed over every process. */
export const totalCpuMs = (summary: Pick<Measures, "cpuMsPerRequest">) => Object.values(summary.cpuMsPerRequest).reduce((sum, ms) => sum + ms, 0);

/** copnet's RPS over another gateway's, per scenario (null when that gateway served nothing). */
export function ratio(summaries: Summary[], scenario: string, other: GatewayName): number | null {
  const find = (gateway: GatewayName) => summaries.find((summary) => summary.scenario === scenario && summary.gateway === gateway);
  const copnet = find("copnet");
  const them = find(other);
  return copnet && them && them.rps > 0 ? copnet.rps / them.rps : null;
}

const fixed = (value: number | null, digits: number) => (value === null ? "–" : value.toFixed(digits));

/** The table printed at the end of a run (Markdown, so it can go into the README as is). */
export function table(summaries: Summary[], exclusions: Exclusion[] = []): string {
  const lines = [
    "| scenario | gateway | RPS (each round) | p50 ms | p99 ms | errors | peak RSS MB | SQL/request | copnet/this |",
    "|---|---|---|---|---|---|---|---|---|",
  ];
  for (const summary of summaries) {
    const versus = summary.gateway === "copnet" ? "" : `${fixed(ratio(summaries, summary.scenario, summary.gateway), 2)}×`;
    lines.push(
      `| ${summary.title} | ${summary.gateway} | ${summary.rps.toFixed(0)} (${summary.roundsRps.map((rps) => rps.toFixed(0)).join(" / ")}) | ` +
        `${summary.p50.toFixed(0)} | ${summary.p99.toFixed(0)} | ${summary.errors} | ${summary.peakRssMb.toFixed(0)} | ${summary.sqlPerRequest.toFixed(2)} | ${versus} |`,
    );
  }
  for (const excluded of exclusions) lines.push(`| ${excluded.title} | ${excluded.gateway} | left out: ${excluded.reason.replace(/\|/g, "/").slice(0, 120)} | | | | | | |`);
  return lines.join("\n");
}

/** CPU ms per request by process and in total, one row per scenario and gateway (Markdown). */
export function cpuTable(summaries: Summary[]): string {
  const processes = [...new Set(summaries.flatMap((summary) => Object.keys(summary.cpuMsPerRequest)))];
  const lines = [`| scenario | gateway | ${processes.join(" | ")} | total |`, `|---|---|${processes.map(() => "---|").join("")}---|`];
  for (const summary of summaries) {
    const cells = processes.map((process) => fixed(summary.cpuMsPerRequest[process] ?? null, 1));
    lines.push(`| ${summary.title} | ${summary.gateway} | ${cells.join(" | ")} | ${totalCpuMs(summary).toFixed(1)} |`);
  }
  return lines.join("\n");
}

/**
 * The last line of `--per-visitor`: copnet's CPU per request on each page, its RPS over stock Apollo
 * Gateway's on member detail and search, and the mentor matches' p99 and errors.
 */
export function perVisitorLine(summaries: Summary[]): string {
  const copnet = (scenario: string) => summaries.find((summary) => summary.scenario === scenario && summary.gateway === "copnet");
  const cpu = (scenario: string) => {
    const summary = copnet(scenario);
    return summary ? totalCpuMs(summary).toFixed(1) : "–";
  };
  const matches = copnet("matches");
  return (
    `per-visitor: member detail ${cpu("member")} ms/req copnet/stock ${fixed(ratio(summaries, "member", "stock"), 2)}x | ` +
    `directory search ${cpu("search")} ms/req copnet/stock ${fixed(ratio(summaries, "search", "stock"), 2)}x | ` +
    `mentor matches ${cpu("matches")} ms/req p99 ${matches ? matches.p99.toFixed(0) : "–"} ms errors ${matches ? matches.errors : "–"}`
  );
}

/** `directory page: copnet 1234 rps p99 12 ms | stock … | hive … | copnet/stock 3.08x copnet/hive 1.54x` */
export function summaryLine(summaries: Summary[], scenario: string): string {
  const parts = GATEWAYS.flatMap((gateway) => {
    const summary = summaries.find((candidate) => candidate.scenario === scenario && candidate.gateway === gateway);
    return summary ? [`${gateway} ${summary.rps.toFixed(0)} rps p99 ${summary.p99.toFixed(0)} ms`] : [];
  });
  const title = summaries.find((summary) => summary.scenario === scenario)?.title ?? scenario;
  return `${title}: ${parts.join(" | ")} | copnet/stock ${fixed(ratio(summaries, scenario, "stock"), 2)}x copnet/hive ${fixed(ratio(summaries, scenario, "hive"), 2)}x`;
}

/** One page's latency at one directory size (`--scaling`, one client at a time). */
export interface ScalingResult {
  members: number;
  scenario: string;
  title: string;
  p50: number;
  p99: number;
  rps: number;
  errors: number;
}

/** Each page's latency by directory size, over the same page's at the smallest size measured (Markdown). */
export function scalingTable(results: ScalingResult[]): string {
  const lines = ["| page | members | p50 ms | p99 ms | errors | p50 / smallest | p99 / smallest |", "|---|---|---|---|---|---|---|"];
  for (const scenario of new Set(results.map((result) => result.scenario))) {
    const rows = results.filter((result) => result.scenario === scenario).sort((a, b) => a.members - b.members);
    const base = rows[0]!;
    const over = (value: number, of: number) => (of > 0 ? `${(value / of).toFixed(2)}×` : "–");
    for (const row of rows) {
      lines.push(`| ${row.title} | ${row.members} | ${row.p50} | ${row.p99} | ${row.errors} | ${over(row.p50, base.p50)} | ${over(row.p99, base.p99)} |`);
    }
  }
  return lines.join("\n");
}

const COLOURS: Record<GatewayName, string> = { copnet: "#1b7f5b", stock: "#8a8f98", hive: "#d9a31f" };
const escapeXml = (text: string) => text.replace(/[<>&"]/g, (char) => `&#${char.charCodeAt(0)};`);

/** Grouped bars of RPS (higher is better) and p99 (lower is better) per scenario, one colour per gateway. */
export function chart(summaries: Summary[], caption: string): string {
  const scenarios = [...new Set(summaries.map((summary) => summary.scenario))];
  const titles = new Map(summaries.map((summary) => [summary.scenario, summary.title]));
  const panelWidth = Math.max(360, scenarios.length * 120);
  const height = 300;
  const panel = (x0: number, label: string, value: (summary: Summary) => number, unit: string) => {
    const max = Math.max(1, ...summaries.map(value));
    const plotTop = 50;
    const plotHeight = 190;
    const groupWidth = panelWidth / scenarios.length;
    const barWidth = (groupWidth - 24) / GATEWAYS.length;
    const bars = scenarios.flatMap((scenario, s) =>
      GATEWAYS.flatMap((gateway, g) => {
        const summary = summaries.find((candidate) => candidate.scenario === scenario && candidate.gateway === gateway);
        if (!summary) return [];
        const barHeight = (value(summary) / max) * plotHeight;
        const x = x0 + s * groupWidth + 12 + g * barWidth;
        const y = plotTop + plotHeight - barHeight;
        return [
          `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${(barWidth - 2).toFixed(1)}" height="${barHeight.toFixed(1)}" fill="${COLOURS[gateway]}"/>`,
          `<text x="${(x + barWidth / 2 - 1).toFixed(1)}" y="${(y - 3).toFixed(1)}" font-size="9" text-anchor="middle">${value(summary).toFixed(0)}</text>`,
        ];
      }),
    );
    const labels = scenarios.map(
      (scenario, s) =>
        `<text x="${(x0 + s * groupWidth + groupWidth / 2).toFixed(1)}" y="${plotTop + plotHeight + 16}" font-size="11" text-anchor="middle">${escapeXml(titles.get(scenario)!)}</text>`,
    );
    return [
      `<text x="${x0}" y="36" font-size="13" font-weight="bold">${escapeXml(label)} (${unit})</text>`,
      `<line x1="${x0}" y1="${plotTop + plotHeight}" x2="${x0 + panelWidth}" y2="${plotTop + plotHeight}" stroke="#444"/>`,
      ...bars,
      ...labels,
    ].join("\n");
  };
  const legend = GATEWAYS.map(
    (gateway, g) => `<rect x="${20 + g * 90}" y="${height - 22}" width="12" height="12" fill="${COLOURS[gateway]}"/><text x="${36 + g * 90}" y="${height - 12}" font-size="11">${gateway}</text>`,
  );
  const width = panelWidth * 2 + 60;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" viewBox="0 0 ${width} ${height}">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="20" y="16" font-size="12">${escapeXml(caption)}</text>`,
    panel(20, "Requests per second, higher is better", (summary) => summary.rps, "rps"),
    panel(panelWidth + 40, "p99 latency, lower is better", (summary) => summary.p99, "ms"),
    ...legend,
    `</svg>`,
  ].join("\n");
}
