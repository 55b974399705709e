import type { EntityClass } from "@mikro-orm/core";
import type { MikroORM } from "@mikro-orm/postgresql";
import type { SubgraphName } from "../lib/config.js";
import { Event } from "../subgraphs/events/event/event.entity.js";
import { Registration } from "../subgraphs/events/registration/registration.entity.js";
import { Member } from "../subgraphs/members/member/member.entity.js";
import { Membership } from "../subgraphs/members/member/membership.entity.js";
import { Society } from "../subgraphs/members/society/society.entity.js";
import { MentorProfile } from "../subgraphs/mentorship/profile/mentor-profile.entity.js";
import { MentoringProgram } from "../subgraphs/mentorship/program/mentoring-program.entity.js";
import { MentorshipRelation } from "../subgraphs/mentorship/relation/mentorship-relation.entity.js";
import { Award } from "../subgraphs/scholarship/award/award.entity.js";
import { Opportunity } from "../subgraphs/scholarship/opportunity/opportunity.entity.js";
import { Contribution } from "../subgraphs/scholarship/work/contribution.entity.js";
import { Work } from "../subgraphs/scholarship/work/work.entity.js";
import type { DemoNetwork } from "./demo-network.js";

type Slice = [EntityClass<object>, readonly object[]][];

/** Which tables of the demo network each subgraph's database holds, in insertion order. */
const SLICES: Record<SubgraphName, (network: DemoNetwork) => Slice> = {
  members: (n) => [[Society, n.societies], [Member, n.members], [Membership, n.memberships]],
  mentorship: (n) => [[MentoringProgram, n.programs], [MentorProfile, n.mentorProfiles], [MentorshipRelation, n.relations]],
  scholarship: (n) => [[Work, n.works], [Contribution, n.contributions], [Award, n.awards], [Opportunity, n.opportunities]],
  events: (n) => [[Event, n.events], [Registration, n.registrations]],
};

const BATCH = 2000;

/**
 * Inserts one subgraph's slice of the network in one transaction, in batches. With `onlyIfEmpty` a
 * database that already has rows in its first table is left alone, so restarts never reseed.
 */
export async function seedSubgraph(
  orm: MikroORM,
  name: SubgraphName,
  network: DemoNetwork,
  options: { onlyIfEmpty: boolean; progress?: (line: string) => void },
): Promise<number> {
  const slice = SLICES[name](network);
  const em = orm.em.fork();
  if (options.onlyIfEmpty && (await em.count(slice[0]![0], {})) > 0) return 0;
  let inserted = 0;
  const total = slice.reduce((sum, [, rows]) => sum + rows.length, 0);
  await em.transactional(async (tx) => {
    for (const [entity, rows] of slice) {
      for (let start = 0; start < rows.length; start += BATCH) {
        await tx.insertMany(entity, rows.slice(start, start + BATCH) as object[]);
        inserted += Math.min(BATCH, rows.length - start);
        options.progress?.(`${name}: ${inserted}/${total} rows`);
      }
    }
  });
  return inserted;
}
