import type { ServerResponse } from "node:http";
import type { ApolloServer } from "@apollo/server";
import { HttpError } from "../../lib/http.js";
import type { Caller } from "../../lib/identity.js";
import type { GatewayContext } from "../context.js";
import { forwarded } from "../partner-web/partner-web.js";

/** Refusals from the subgraphs, as the HTTP status a download answers with. */
const STATUS_OF: Record<string, number> = { BAD_USER_INPUT: 400, UNAUTHENTICATED: 401, FORBIDDEN: 403, NOT_FOUND: 404, CONFLICT: 409 };

/**
 * Runs an operation on the gateway's own supergraph for a download (a calendar, a certificate, a CSV) or the admin API:
 * the data comes from the subgraphs exactly as a partner frontend would get it, with the caller's rights,
 * under the request id the response already carries.
 */
export async function queryAs<T>(apollo: ApolloServer<GatewayContext>, res: ServerResponse, caller: Caller, query: string, variables: Record<string, unknown>): Promise<T> {
  const contextValue: GatewayContext = { requestId: String(res.getHeader("x-request-id")), caller: forwarded(caller), publishable: null };
  const response = await apollo.executeOperation({ query, variables }, { contextValue });
  if (response.body.kind !== "single") throw new Error("unexpected incremental response");
  const { data, errors } = response.body.singleResult;
  if (errors?.length) {
    const status = STATUS_OF[String(errors[0]!.extensions?.code)];
    if (status) throw new HttpError(status, errors[0]!.message);
    throw new Error(`download query failed: ${errors.map((error) => error.message).join("; ")}`);
  }
  return data as T;
}
