import type { EntityManager } from "../../lib/database.js";
import { loaderById, loaderOfLists } from "../../lib/loaders.js";
import { Award } from "./award/award.entity.js";
import { Opportunity } from "./opportunity/opportunity.entity.js";
import { Contribution } from "./work/contribution.entity.js";
import { Work } from "./work/work.entity.js";

/** One DataLoader per batched lookup; created fresh for every request. */
export function createLoaders(em: EntityManager) {
  return {
    workById: loaderById((ids) => em.find(Work, { id: { $in: ids } })),
    opportunityById: loaderById((ids) => em.find(Opportunity, { id: { $in: ids } })),
    contributionsByWork: loaderOfLists(
      (workIds) => em.find(Contribution, { workId: { $in: workIds } }, { orderBy: { position: "asc" } }),
      (contribution) => contribution.workId,
    ),
    /** A member's works, newest first, in one query for all members of a page. */
    worksByMember: loaderOfLists(
      async (memberIds) =>
        em.getConnection().execute<(Record<string, unknown> & { member_id: string })[]>(
          `select c.member_id, w.* from contribution c join work w on w.id = c.work_id
            where c.member_id in (?) order by w.published_on desc nulls last, w.id`,
          [memberIds],
        ).then((rows) => rows.map(({ member_id, ...work }) => ({ memberId: member_id, work: em.map(Work, work) }))),
      (row) => row.memberId,
    ),
    awardsByMember: loaderOfLists(
      (memberIds) => em.find(Award, { memberId: { $in: memberIds } }, { orderBy: { year: "desc", id: "asc" } }),
      (award) => award.memberId,
    ),
  };
}

export type ScholarshipLoaders = ReturnType<typeof createLoaders>;
