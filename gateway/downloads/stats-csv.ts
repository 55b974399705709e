import type { IncomingMessage } from "node:http";
import type { ApolloServer } from "@apollo/server";
import { HttpError, type Route } from "../../lib/http.js";
import type { Caller } from "../../lib/identity.js";
import type { GatewayContext } from "../context.js";
import { csvField } from "./csv.js";
import { queryAs } from "./graphql.js";

const DIMENSIONS = ["COUNTRY", "SOCIETY", "CAREER_STAGE", "PROFESSION"] as const;

interface Stats {
  directoryStats: {
    total: number | null;
    cells: { country: string | null; society: { slug: string } | null; careerStage: string | null; profession: string | null; count: number | null; suppressed: boolean }[];
  };
}

/**
 * `GET /stats/directory.csv?groupBy=COUNTRY,SOCIETY`: any directoryStats result as CSV for a researcher
 * key — the same rounded figures the API gives, so a download tells nothing the API does not.
 */
export function statsCsvRoute(apollo: ApolloServer<GatewayContext>, callerOf: (req: IncomingMessage) => Promise<Caller>): Route {
  return async (req, res, url) => {
    if (url.pathname !== "/stats/directory.csv" || req.method !== "GET") return false;
    const groupBy = (url.searchParams.get("groupBy") ?? "COUNTRY").split(",").map((value) => value.trim().toUpperCase());
    const unknown = groupBy.filter((value) => !(DIMENSIONS as readonly string[]).includes(value));
    if (unknown.length > 0) throw new HttpError(400, `groupBy takes ${DIMENSIONS.join(", ")}; not ${unknown.join(", ")}`);
    const caller = await callerOf(req);
    // Who may see statistics is the members subgraph's rule (its FORBIDDEN becomes 403); no key at all is 401.
    if (caller.role === "anonymous") throw new HttpError(401, "Statistics need a researcher key");
    const { directoryStats } = await queryAs<Stats>(
      apollo,
      res,
      caller,
      `query ($groupBy: [StatsDimension!]!) { directoryStats(groupBy: $groupBy) { total cells { country society { slug } careerStage profession count suppressed } } }`,
      { groupBy },
    );
    const columns = groupBy.map((dimension) => dimension.toLowerCase());
    const lines = [[...columns, "count", "suppressed"].join(",")];
    for (const cell of directoryStats.cells) {
      const values: Record<string, string | null> = { country: cell.country, society: cell.society?.slug ?? null, career_stage: cell.careerStage, profession: cell.profession };
      lines.push([...columns.map((column) => csvField(values[column] ?? "")), cell.count === null ? "" : String(cell.count), String(cell.suppressed)].join(","));
    }
    res.writeHead(200, { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="directory-stats-${columns.join("-")}.csv"` });
    res.end(`${lines.join("\r\n")}\r\n`);
    return true;
  };
}
