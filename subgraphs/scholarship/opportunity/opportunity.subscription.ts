import { Arg, Resolver, Root, Subscription } from "type-graphql";
import { Opportunity, OpportunityKind } from "./opportunity.entity.js";

/** Declared here, where opportunities are published, so it composes into the supergraph; the gateway serves it (lib/outbox.ts). */
@Resolver()
export class ScholarshipSubscriptions {
  @Subscription(() => Opportunity, { topics: "opportunity.published", description: "A new opportunity was published, of the given kinds (default: all)." })
  opportunityPublished(@Arg("kinds", () => [OpportunityKind], { nullable: true, description: "Only opportunities of these kinds; omitted: all." }) _kinds: OpportunityKind[] | null, @Root() opportunity: Opportunity): Opportunity {
    return opportunity;
  }
}
