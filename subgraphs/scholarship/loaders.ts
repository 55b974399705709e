import type { EntityManager } from "../../lib/database.js";
import { loaderById, loaderOfLists, loaderOfValues } from "../../lib/loaders.js";
import { Award } from "./award/award.entity.js";
import { Opportunity } from "./opportunity/opportunity.entity.js";
import { memberOutputs, societyOutputs, type MemberSubject, type ScholarlyOutput } from "./output/scholarly-output.js";
import { Contribution } from "./work/contribution.entity.js";
import { Work } from "./work/work.entity.js";
import { inList } from "../../lib/sql.js";

/** One DataLoader per batched lookup; created fresh for every request. */
export function createLoaders(em: EntityManager) {
  return {
    workById: loaderById((ids) => em.find(Work, { id: { $in: ids } })),
    /** The works of every community on a page in one query, so a page of communities costs the same SQL whatever its size. */
    worksByCommunity: loaderOfLists(
      (communityIds) => em.find(Work, { communityId: { $in: communityIds } }, { orderBy: { publishedOn: "desc nulls last", id: "asc" } }),
      (work) => work.communityId!,
    ),
    opportunityById: loaderById((ids) => em.find(Opportunity, { id: { $in: ids } })),
    contributionsByWork: loaderOfLists(
      (workIds) => em.find(Contribution, { workId: { $in: workIds } }, { orderBy: { position: "asc" } }),
      (contribution) => contribution.workId,
    ),
    /** A member's works (recorded by member id or ORCID iD), newest first, in one query for a whole page. Keyed by `memberKey`. */
    worksByMember: loaderOfLists(
      async (keys) => {
        const members = keys.map(parseMemberKey);
        const rows = await em.execute<(Record<string, unknown> & { member_id: string | null; orcid: string | null })[]>(
          `select c.member_id, c.orcid, w.* from contribution c join work w on w.id = c.work_id
            where c.member_id in (?) or c.orcid in (?) order by w.published_on desc nulls last, w.id`,
          [members.map((member) => member.id), inList(members.flatMap((member) => (member.orcid ? [member.orcid] : [])))],
        );
        return rows.flatMap(({ member_id, orcid, ...work }) =>
          members
            .filter((member) => member.id === member_id || (member.orcid !== null && member.orcid === orcid))
            .map((member) => ({ key: memberKey(member), work: em.map(Work, work) })),
        );
      },
      (row) => row.key,
    ),
    memberOutput: loaderOfValues<ScholarlyOutput | null>((keys) => memberOutputs(em, keys.map(parseMemberKey)).then((outputs) => new Map(keys.map((key) => [key, outputs.get(parseMemberKey(key).id) ?? null]))), null),
    societyOutput: loaderOfValues<ScholarlyOutput | null>((societyIds) => societyOutputs(em, societyIds), null),
    awardsByMember: loaderOfLists(
      (memberIds) => em.find(Award, { memberId: { $in: memberIds } }, { orderBy: { year: "desc", id: "asc" } }),
      (award) => award.memberId,
    ),
  };
}

/** Loader key of a member whose ORCID iD the gateway handed over (@requires): works may name either. */
export function memberKey(member: { id: string; orcid?: string | null }): string {
  return `${member.id}|${member.orcid ?? ""}`;
}

function parseMemberKey(key: string): MemberSubject {
  const [id, orcid] = key.split("|");
  return { id: id!, orcid: orcid || null };
}


export type ScholarshipLoaders = ReturnType<typeof createLoaders>;
