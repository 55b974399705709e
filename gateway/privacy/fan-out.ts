import { GraphQLError } from "graphql";
import type { Caller, ServiceTokens } from "../../lib/identity.js";
import type { SubgraphDefinition } from "../registry/registry.entity.js";
import { contractStanding, PRIVACY_SUBGRAPH, type ContractStanding } from "./contract.js";

/** A subgraph of the supergraph in use that holds member data, as the data-rights service sees it. */
export interface MemberDataHolder {
  name: string;
  url: string;
  /** The society that runs it (owner of the section in an export). */
  societyId: string | null;
  standing: Exclude<ContractStanding, "NOT_NEEDED">;
}

/** Erasures run in the background, for whoever asked: the gateway's own identity. */
const ERASURE_CALLER: Caller = { role: "admin", societyId: null, keyId: null };

/** A subgraph that could not answer: its name is enough, never its URL or socket error. */
export class HolderUnavailable extends Error {
  constructor(
    readonly subgraph: string,
    readonly code: "SUBGRAPH_UNAVAILABLE" | "SUBGRAPH_TIMEOUT" | "SUBGRAPH_REFUSED",
  ) {
    super(code === "SUBGRAPH_TIMEOUT" ? `The ${subgraph} service did not answer in time` : `The ${subgraph} service could not answer`);
  }
}

/**
 * Calls the data-rights contract of the subgraphs directly (not through the supergraph, where its fields are
 * @inaccessible), each with a service token for `purpose: privacy` naming the one member concerned.
 */
export class MemberDataFanOut {
  constructor(
    private readonly options: {
      /** The subgraphs of the supergraph in use (LiveSupergraph.subgraphs). */
      subgraphs: () => SubgraphDefinition[];
      subgraphUrls?: Record<string, string>;
      tokens: ServiceTokens;
      timeoutMs: number;
    },
  ) {}

  /** Every subgraph that references Member or implements the contract, in registry order. */
  holders(): MemberDataHolder[] {
    return this.options.subgraphs().flatMap((subgraph) => {
      if (subgraph.name === PRIVACY_SUBGRAPH) return [];
      const standing = contractStanding(subgraph.sdl);
      if (standing === "NOT_NEEDED") return [];
      return [{ name: subgraph.name, url: this.options.subgraphUrls?.[subgraph.name] ?? subgraph.url, societyId: subgraph.societyId, standing }];
    });
  }

  /** What `holder` keeps about the member: `{ <kind>: [records] }`, read for `requester` (whom the holder may audit). */
  async memberData(holder: MemberDataHolder, memberId: string, requester: { caller: Caller; requestId: string }): Promise<Record<string, unknown[]>> {
    const data = await this.call(holder, { ...requester.caller, privacyFor: memberId }, `query ($memberId: ID!) { _memberData(memberId: $memberId) }`, { memberId }, requester.requestId);
    return (data._memberData as { records: Record<string, unknown[]> }).records;
  }

  /** Erases the member in `holder`; returns how many records of each kind changed. */
  async erase(holder: MemberDataHolder, memberId: string, requestId: string): Promise<Record<string, number>> {
    const data = await this.call(holder, { ...ERASURE_CALLER, privacyFor: memberId }, `mutation ($memberId: ID!, $requestId: ID!) { _eraseMemberData(memberId: $memberId, requestId: $requestId) }`, { memberId, requestId });
    return (data._eraseMemberData as { records: Record<string, number> }).records;
  }

  private async call(holder: MemberDataHolder, caller: Caller, query: string, variables: Record<string, string>, requestId?: string): Promise<Record<string, unknown>> {
    const token = await this.options.tokens.get(caller, holder.name);
    let response: Response;
    try {
      response = await fetch(holder.url, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}`, ...(requestId ? { "x-request-id": requestId } : {}) },
        body: JSON.stringify({ query, variables }),
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
    } catch (error) {
      throw new HolderUnavailable(holder.name, error instanceof Error && error.name === "TimeoutError" ? "SUBGRAPH_TIMEOUT" : "SUBGRAPH_UNAVAILABLE");
    }
    const answer = (await response.json().catch(() => ({}))) as { data?: Record<string, unknown> | null; errors?: unknown[] };
    if (!response.ok || !answer.data || answer.errors) throw new HolderUnavailable(holder.name, response.ok ? "SUBGRAPH_REFUSED" : "SUBGRAPH_UNAVAILABLE");
    return answer.data;
  }
}

/** A holder's failure as the GraphQL error a client sees (naming the service, never its URL). */
export function holderError(error: unknown): GraphQLError {
  if (error instanceof HolderUnavailable) return new GraphQLError(error.message, { extensions: { code: error.code === "SUBGRAPH_TIMEOUT" ? "SUBGRAPH_TIMEOUT" : "SUBGRAPH_UNAVAILABLE", service: error.subgraph } });
  throw error;
}
