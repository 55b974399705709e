import type { ApolloServer } from "@apollo/server";
import { HttpError } from "../../lib/http.js";
import type { GatewayContext } from "../context.js";

/**
 * Runs an operation on the gateway's own supergraph for a download (a calendar, a certificate): the data
 * comes from the subgraphs exactly as a partner frontend would get it, with the caller's rights.
 */
export async function queryAs<T>(apollo: ApolloServer<GatewayContext>, context: GatewayContext, query: string, variables: Record<string, unknown>): Promise<T> {
  const response = await apollo.executeOperation({ query, variables }, { contextValue: context });
  if (response.body.kind !== "single") throw new Error("unexpected incremental response");
  const { data, errors } = response.body.singleResult;
  if (errors?.length) {
    const code = errors[0]!.extensions?.code;
    if (code === "BAD_USER_INPUT") throw new HttpError(400, errors[0]!.message);
    throw new Error(`download query failed: ${errors.map((error) => error.message).join("; ")}`);
  }
  return data as T;
}
