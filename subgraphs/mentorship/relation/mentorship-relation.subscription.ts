import { Arg, ID, Resolver, Root, Subscription } from "type-graphql";
import { MentorshipRelation } from "./mentorship-relation.entity.js";

/** Declared here, where the changes happen, so it composes into the supergraph; the gateway serves it (lib/outbox.ts). */
@Resolver()
export class MentorshipSubscriptions {
  @Subscription(() => MentorshipRelation, {
    topics: "mentorship.changed",
    description: "A mentoring relation of the member (as mentor or mentee) was proposed or changed status; only relations the subscriber may see.",
  })
  mentorshipChanged(@Arg("memberId", () => ID, { description: "The member whose mentoring relations to follow." }) _memberId: string, @Root() relation: MentorshipRelation): MentorshipRelation {
    return relation;
  }
}
