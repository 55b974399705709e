import { isCallersMember, memberAccess, type MemberAccessContext } from "../../../lib/member-access.js";
import type { MentorshipRelation } from "./mentorship-relation.entity.js";

/*
 * Who sees a mentoring relation (DESIGN §4, consent on every path):
 *   the home societies of the mentor and of the mentee → the whole relation, goals included, even when the
 *     other party is hidden from them (the relation binds their own member);
 *   anyone else → the relation only when both members are visible to them, and never the goals.
 */

async function viewOf(context: MemberAccessContext, relation: MentorshipRelation): Promise<{ party: boolean; seen: boolean }> {
  const [mentor, mentee] = await memberAccess([relation.mentorId, relation.menteeId], context);
  const party = isCallersMember(context, mentor!) || isCallersMember(context, mentee!);
  return { party, seen: party || (mentor!.visible && mentee!.visible) };
}

/** The caller's society is the mentor's or the mentee's home society. */
export async function isPartyToRelation(context: MemberAccessContext, relation: MentorshipRelation): Promise<boolean> {
  return (await viewOf(context, relation)).party;
}

export async function seesRelation(context: MemberAccessContext, relation: MentorshipRelation): Promise<boolean> {
  return (await viewOf(context, relation)).seen;
}

/** The relations of a list the caller may see; the others are left out, not returned with a null member. */
export async function visibleRelations(context: MemberAccessContext, relations: MentorshipRelation[]): Promise<MentorshipRelation[]> {
  const seen = await Promise.all(relations.map((relation) => seesRelation(context, relation)));
  return relations.filter((_relation, index) => seen[index]);
}
