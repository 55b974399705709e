import { LocalGraphQLDataSource } from "@apollo/gateway";
import { buildSubgraphSchema } from "@apollo/subgraph";
import type { MikroORM } from "@mikro-orm/postgresql";
import { GraphQLError, parse } from "graphql";
import { DateTimeResolver, JSONResolver } from "graphql-scalars";
import { assertUuid, forbidden, notFound } from "../../lib/errors.js";
import type { Caller } from "../../lib/identity.js";
import type { Logger } from "../../lib/log.js";
import type { MemberAccess } from "../../lib/member-access.js";
import type { GatewayContext } from "../context.js";
import { ErasureJobs, type ErasureRetry } from "./erasure-jobs.js";
import { holderError, type MemberDataFanOut } from "./fan-out.js";

/**
 * The data-rights service: a small subgraph the gateway process hosts itself (composed into the supergraph
 * like any other, called in-process), because only the gateway knows every registered subgraph and can sign
 * `purpose: privacy` tokens. It fans out to the data-rights contract of every subgraph that holds member data.
 */
export const PRIVACY_SDL = `
extend schema @link(url: "https://specs.apollo.dev/federation/v2.11", import: ["@key", "@shareable"])

scalar JSON
scalar DateTime

type Query {
  "Everything the federation holds about a member, one section per subgraph that holds member data (GDPR Art. 15). The member's home society or an admin."
  memberDataExport("The member whose data to export." memberId: ID!): JSON!
  "An erasure request, to follow its progress. The member's home society or an admin."
  erasureRequest("The request's id, as eraseMember returned it." id: ID!): ErasureRequest
}

type Mutation {
  "Erases a member in every subgraph (GDPR Art. 17); PENDING until each has acknowledged. Idempotent: asking again returns the same request. The member's home society or an admin."
  eraseMember("The member to erase." memberId: ID!): ErasureRequest!
}

"Where an erasure stands."
enum ErasureStatus {
  "Some subgraph has not acknowledged yet; it is retried with backoff."
  PENDING
  "Every subgraph that holds member data has erased the member."
  COMPLETED
}

"Where one subgraph's part of an erasure stands."
enum ErasureReceiptStatus {
  "Not acknowledged yet; retried with backoff."
  PENDING
  "The subgraph erased the member."
  COMPLETED
  "The subgraph references Member but was published without the data-rights contract: nothing could be asked of it."
  UNSUPPORTED
}

"Proof of an erasure, kept without personal data (the member appears only as a salted hash)."
type ErasureRequest {
  "The request's id."
  id: ID!
  "PENDING until every subgraph has acknowledged."
  status: ErasureStatus!
  "When it was asked for."
  requestedAt: DateTime!
  "When the last subgraph acknowledged; null while pending."
  completedAt: DateTime
  "One per subgraph that holds member data."
  receipts: [ErasureReceipt!]!
}

"One subgraph's part of an erasure."
type ErasureReceipt {
  "The subgraph's name in the registry."
  subgraph: String!
  "Whether it has acknowledged."
  status: ErasureReceiptStatus!
  "When it acknowledged; null while pending."
  completedAt: DateTime
  "How many records of each kind the subgraph erased."
  records: JSON
  "How many times the gateway has asked it."
  attempts: Int!
}
`;

interface RequestRow {
  id: string;
  society_id: string | null;
  status: string;
  requested_at: string;
  completed_at: string | null;
}

interface ReceiptRow {
  subgraph: string;
  status: string;
  completed_at: string | null;
  records: Record<string, number> | null;
  attempts: number;
}

export interface PrivacyService {
  source: LocalGraphQLDataSource<GatewayContext>;
  jobs: ErasureJobs;
}

export function privacyService(options: {
  orm: MikroORM;
  fanOut: MemberDataFanOut;
  /** What a caller may know about members (gateway/member-access.ts). */
  memberAccess: (caller: Caller, ids: string[]) => Promise<Record<string, MemberAccess>>;
  retry: ErasureRetry;
  leaseMs: number;
  log: Logger;
}): PrivacyService {
  const { orm, fanOut } = options;
  const jobs = new ErasureJobs(orm, fanOut, options.retry, options.leaseMs, options.log);

  /**
   * The member's home society, when the caller may act for the member: a society key for its own members (its
   * rights as the members subgraph sees them, so nothing private is read to decide), an admin for anyone. Anyone
   * else gets NOT_FOUND: another society learns nothing, not even that the member exists.
   */
  async function requireHomeOrAdmin(context: GatewayContext, memberId: string): Promise<string> {
    const { caller } = context;
    let homeSocietyId: string | null | undefined;
    if (caller.role === "admin") {
      // An admin may act for members it cannot see (unlisted ones): their home society comes from their record.
      const members = fanOut.holders().find((holder) => holder.name === "members");
      if (!members) throw new GraphQLError("The members service is not in the supergraph", { extensions: { code: "SUBGRAPH_UNAVAILABLE", service: "members" } });
      const records = await fanOut.memberData(members, memberId, context).catch((error: unknown) => {
        throw holderError(error);
      });
      homeSocietyId = (records.profile?.[0] as { society_id?: string } | undefined)?.society_id;
    } else {
      const access = (await options.memberAccess(caller, [memberId]))[memberId];
      homeSocietyId = access?.visible && access.homeSocietyId === caller.societyId ? access.homeSocietyId : null;
    }
    if (!homeSocietyId) throw notFound("Member", memberId);
    return homeSocietyId;
  }

  async function erasureRequest(caller: Caller, where: "id" | "member_hash", value: string): Promise<(RequestRow & { receipts: ReceiptRow[] }) | null> {
    const em = orm.em.fork();
    const [request] = await em.execute<RequestRow[]>(`select id, society_id, status, requested_at, completed_at from erasure_request where ${where} = ?`, [value]);
    if (!request || (caller.role !== "admin" && request.society_id !== caller.societyId)) return null;
    const receipts = await em.execute<ReceiptRow[]>(`select subgraph, status, completed_at, records, attempts from erasure_receipt where request_id = ? order by subgraph`, [request.id]);
    return { ...request, receipts };
  }

  const memberHash = async (memberId: string) =>
    (await orm.em.fork().execute<{ hash: string }[]>(`select encode(sha256(convert_to(salt || ?, 'UTF8')), 'hex') as hash from erasure_salt`, [memberId]))[0]!.hash;

  const resolvers = {
    JSON: JSONResolver,
    DateTime: DateTimeResolver,
    Query: {
      async memberDataExport(_: unknown, { memberId }: { memberId: string }, context: GatewayContext) {
        requireHomeSocietyOrAdminKey(context.caller);
        assertUuid("memberId", memberId);
        const homeSocietyId = await requireHomeOrAdmin(context, memberId);
        const sections = await Promise.all(
          fanOut.holders().map(async (holder) => {
            const section = { subgraph: holder.name, society: holder.societyId };
            if (holder.standing === "MISSING") return { ...section, error: { code: "DATA_RIGHTS_CONTRACT_MISSING", message: `${holder.name} does not implement the data-rights contract` } };
            try {
              return { ...section, records: await fanOut.memberData(holder, memberId, context) };
            } catch (error) {
              const { message, extensions } = holderError(error);
              return { ...section, error: { code: extensions.code, message } };
            }
          }),
        );
        return { memberId, homeSociety: homeSocietyId, exportedAt: new Date().toISOString(), sections };
      },
      async erasureRequest(_: unknown, { id }: { id: string }, { caller }: GatewayContext) {
        requireHomeSocietyOrAdminKey(caller);
        assertUuid("id", id);
        return erasureRequest(caller, "id", id);
      },
    },
    Mutation: {
      async eraseMember(_: unknown, { memberId }: { memberId: string }, context: GatewayContext) {
        const { caller } = context;
        requireHomeSocietyOrAdminKey(caller);
        assertUuid("memberId", memberId);
        const hash = await memberHash(memberId);
        const earlier = await erasureRequest(caller, "member_hash", hash);
        if (earlier) return earlier;
        const homeSocietyId = await requireHomeOrAdmin(context, memberId);
        const requestId = crypto.randomUUID();
        await orm.em.fork().transactional(async (em) => {
          const inserted = await em.execute<{ id: string }[]>(
            `insert into erasure_request (id, member_hash, member_id, society_id, status, requested_by, requested_at) values (?, ?, ?, ?, 'PENDING', ?, now())
             on conflict (member_hash) do nothing returning id`,
            [requestId, hash, memberId, homeSocietyId, caller.keyId ?? caller.role],
          );
          if (inserted.length === 0) return; // Asked twice at once: the other request stands.
          for (const holder of fanOut.holders()) {
            await em.execute(`insert into erasure_receipt (request_id, subgraph, status, next_attempt_at) values (?, ?, ?, now())`, [requestId, holder.name, holder.standing === "MISSING" ? "UNSUPPORTED" : "PENDING"]);
          }
        });
        void jobs.wake();
        return erasureRequest(caller, "member_hash", hash);
      },
    },
    ErasureRequest: {
      requestedAt: (request: RequestRow) => timestamp(request.requested_at),
      completedAt: (request: RequestRow) => timestamp(request.completed_at),
    },
    ErasureReceipt: {
      completedAt: (receipt: ReceiptRow) => timestamp(receipt.completed_at),
    },
  };
  return { source: new LocalGraphQLDataSource(privacySchema(resolvers)), jobs };
}

/** The service's subgraph schema; without resolvers, what `npm run compose` prints to schema/privacy.graphql. */
export function privacySchema(resolvers: object = {}) {
  return buildSubgraphSchema([{ typeDefs: parse(PRIVACY_SDL), resolvers: resolvers as never }]);
}

/** Raw SQL rows carry PostgreSQL's text form of a timestamp. */
const timestamp = (value: string | null) => (value === null ? null : new Date(value));

/** Export and erasure are for a society's server key (its own members) or an admin. */
function requireHomeSocietyOrAdminKey(caller: Caller): void {
  if (caller.role === "anonymous") throw new GraphQLError("This operation needs a society or admin API key", { extensions: { code: "UNAUTHENTICATED" } });
  if (caller.role !== "admin" && caller.role !== "society") throw forbidden("Only the member's home society or an admin may export or erase a member's data");
}
