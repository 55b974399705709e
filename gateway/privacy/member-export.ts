import type { IncomingMessage } from "node:http";
import type { ApolloServer } from "@apollo/server";
import { HttpError, type Route } from "../../lib/http.js";
import type { Caller } from "../../lib/identity.js";
import type { GatewayContext } from "../context.js";
import { queryAs } from "../downloads/graphql.js";

const PATH = /^\/members\/([0-9a-f-]{36})\/export\.json$/i;

/** `GET /members/{id}/export.json`: `Query.memberDataExport` as a download, for the member's home society or an admin. */
export function memberExportRoute(apollo: ApolloServer<GatewayContext>, callerOf: (req: IncomingMessage) => Promise<Caller>): Route {
  return async (req, res, url) => {
    const match = PATH.exec(url.pathname);
    if (!match || req.method !== "GET") return false;
    const memberId = match[1]!;
    const caller = await callerOf(req);
    if (caller.role === "anonymous") throw new HttpError(401, "A member's data export needs their society's API key");
    const { memberDataExport } = await queryAs<{ memberDataExport: unknown }>(apollo, res, caller, `query ($id: ID!) { memberDataExport(memberId: $id) }`, { id: memberId });
    const body = JSON.stringify(memberDataExport, null, 2);
    res.writeHead(200, {
      "content-type": "application/json; charset=utf-8",
      "content-disposition": `attachment; filename="member-${memberId}.json"`,
      "cache-control": "no-store",
      "content-length": Buffer.byteLength(body),
    });
    res.end(body);
    return true;
  };
}
