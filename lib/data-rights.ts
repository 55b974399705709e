import { JSONResolver } from "graphql-scalars";
import { Arg, Ctx, Directive, ID, Mutation, Query, Resolver } from "type-graphql";
import type { EntityManager } from "./database.js";
import { assertUuid, forbidden } from "./errors.js";
import { eraseMemberChanges } from "./outbox.js";
import type { Caller } from "./identity.js";

/*
 * The data-rights contract every subgraph that holds member data implements (DESIGN §3, issue 18):
 *
 *   Query._memberData(memberId: ID!): JSON            → { records: { <kind>: [...] } }
 *   Mutation._eraseMemberData(memberId: ID!, requestId: ID!): JSON → { records: { <kind>: <count> } }
 *
 * both @inaccessible (never in the client-facing schema) and @shareable (every subgraph declares them).
 * Only the gateway's data-rights service calls them, directly, with a service token for `purpose: privacy`
 * naming the member; any other caller is refused. A subgraph built on lib/subgraph.ts gets both fields by
 * describing its member data (MemberData below) in its SubgraphModule.
 */

/** What one subgraph holds about a member, and how it forgets them. */
export interface MemberData {
  /**
   * Every record about the member, by kind: one SQL query per kind, each `?` standing for the member id
   * (e.g. `{ registrations: "select … from registration where member_id = ?" }`).
   */
  records: Record<string, string>;
  /** Told of each export, with the token's caller (who asked for it) — for a subgraph that audits reads. */
  exported?(context: DataRightsContext, memberId: string): void;
  /**
   * Removes or anonymises everything about the member and returns how many records of each kind changed.
   * Runs in one transaction and must be idempotent: a retried request finds nothing left and returns zeros.
   */
  erase(em: EntityManager, memberId: string): Promise<Record<string, number>>;
}

export const MEMBER_DATA_FIELD = "_memberData";
export const ERASE_MEMBER_DATA_FIELD = "_eraseMemberData";

export interface DataRightsContext {
  em: EntityManager;
  caller: Caller;
  requestId: string;
}

/** A privacy token is for one member: the argument must be that member (so a leaked token erases no one else). */
function requirePrivacyToken(caller: Caller, memberId: string): void {
  assertUuid("memberId", memberId);
  if (caller.privacyFor !== memberId) throw forbidden("Only the gateway's data-rights service may read or erase a member's data here");
}

/**
 * The contract's two fields as a type-graphql resolver over the subgraph's description of its member data.
 * `outbox`: the subgraph keeps an outbox of changes (lib/outbox.ts), whose entries naming the member are purged too.
 */
export function dataRightsResolver(memberData: MemberData, outbox: boolean): Function {
  @Resolver()
  class DataRightsResolver {
    @Query(() => JSONResolver, { name: MEMBER_DATA_FIELD, description: "Everything this subgraph holds about a member (data-rights contract)." })
    @Directive("@shareable")
    @Directive("@inaccessible")
    async memberData(@Arg("memberId", () => ID) memberId: string, @Ctx() context: DataRightsContext): Promise<unknown> {
      requirePrivacyToken(context.caller, memberId);
      const records = await exportRecords(context.em, memberData.records, memberId);
      memberData.exported?.(context, memberId);
      return { records };
    }

    @Mutation(() => JSONResolver, { name: ERASE_MEMBER_DATA_FIELD, description: "Erases a member's data in this subgraph (data-rights contract); idempotent." })
    @Directive("@shareable")
    @Directive("@inaccessible")
    async eraseMemberData(
      @Arg("memberId", () => ID) memberId: string,
      @Arg("requestId", () => ID) requestId: string,
      @Ctx() { em, caller }: DataRightsContext,
    ): Promise<unknown> {
      requirePrivacyToken(caller, memberId);
      assertUuid("requestId", requestId);
      const records = await em.transactional(async (tx) => {
        const erasedRecords = await memberData.erase(tx, memberId);
        return outbox ? { ...erasedRecords, outbox: await eraseMemberChanges(tx, memberId) } : erasedRecords;
      });
      return { requestId, records };
    }
  }
  return DataRightsResolver;
}

async function exportRecords(em: EntityManager, queries: Record<string, string>, memberId: string): Promise<Record<string, unknown[]>> {
  const records: Record<string, unknown[]> = {};
  for (const [kind, sql] of Object.entries(queries)) records[kind] = await forMember(em, sql, memberId);
  return records;
}

/** Runs SQL whose every `?` is the member id; with `returning`, the rows are what it changed. */
export function forMember(em: EntityManager, sql: string, memberId: string): Promise<unknown[]> {
  return em.execute(sql, sql.split("?").slice(1).map(() => memberId));
}

/** How many rows an erasing statement (`… returning 1`) changed. */
export async function erased(em: EntityManager, sql: string, memberId: string): Promise<number> {
  return (await forMember(em, sql, memberId)).length;
}
