import DataLoader from "dataloader";
import type { EntityManager } from "../../lib/database.js";
import { loaderById, loaderOfLists, loaderOfValues } from "../../lib/loaders.js";
import { Award } from "./award/award.entity.js";
import { Opportunity } from "./opportunity/opportunity.entity.js";
import { memberKey, memberScholarship, parseMemberKey, societyOutputs, type MemberPart, type MemberScholarship, type MemberSubject, type ScholarlyOutput } from "./output/scholarly-output.js";
import { Contribution } from "./work/contribution.entity.js";
import { Work } from "./work/work.entity.js";

/** One DataLoader per batched lookup; created fresh for every request. */
export function createLoaders(em: EntityManager) {
  /**
   * A member page asks for works, awards and the scholarly output at once: every part asked in the same tick, for
   * every member, comes from one SQL statement. Keys are `part:memberKey`; awards need no ORCID iD, so they are
   * answered from the same member's row whichever iD the other parts named.
   */
  const memberParts = new DataLoader<string, Partial<MemberScholarship>>(async (keys) => {
    const asked = keys.map((key) => ({ part: key.slice(0, key.indexOf(":")) as MemberPart, subject: parseMemberKey(key.slice(key.indexOf(":") + 1)) }));
    const subjects = new Map<string, MemberSubject>();
    for (const { part, subject } of asked) if (part !== "awards") subjects.set(memberKey(subject), subject);
    // Which subject answers a member's awards: the one its works named, else the member alone.
    const withAwards = new Map([...subjects.values()].map((subject) => [subject.id, memberKey(subject)]));
    for (const { part, subject } of asked) {
      if (part !== "awards" || withAwards.has(subject.id)) continue;
      withAwards.set(subject.id, memberKey(subject));
      subjects.set(memberKey(subject), subject);
    }
    const found = await memberScholarship(em, [...subjects.values()], new Set(asked.map(({ part }) => part)));
    return asked.map(({ part, subject }) => found.get(part === "awards" ? withAwards.get(subject.id)! : memberKey(subject)) ?? {});
  });
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
    /** A member page's works, newest first, keyed by `memberKey` (works name a member by id or ORCID iD). */
    worksByMember: { load: async (key: string) => ((await memberParts.load(`works:${key}`)).works ?? []).map((row) => em.map(Work, row)) },
    memberOutput: { load: async (key: string) => (await memberParts.load(`output:${key}`)).output ?? null },
    awardsByMember: { load: async (memberId: string) => ((await memberParts.load(`awards:${memberId}|`)).awards ?? []).map((row) => em.map(Award, row)) },
    societyOutput: loaderOfValues<ScholarlyOutput | null>((societyIds) => societyOutputs(em, societyIds), null),
  };
}

export type ScholarshipLoaders = ReturnType<typeof createLoaders>;
