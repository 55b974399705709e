import { LockMode } from "@mikro-orm/core";
import { Arg, Ctx, ID, Mutation, Resolver } from "type-graphql";
import { requireOwner, requireSocietyCaller } from "../../../lib/authz.js";
import { assertUuid, badUserInput } from "../../../lib/errors.js";
import type { SubgraphContext } from "../../../lib/subgraph.js";
import type { MentorshipLoaders } from "../loaders.js";
import { MentorProfile } from "./mentor-profile.entity.js";
import { UpsertMentorProfileInput, validateMentorProfile } from "./mentor-profile.input.js";

type Context = SubgraphContext<MentorshipLoaders>;

@Resolver(() => MentorProfile)
export class MentorProfileResolver {
  @Mutation(() => MentorProfile, {
    description: "Creates or replaces a member's mentor profile. The first society to create it keeps it; only that society may change it.",
  })
  async upsertMentorProfile(
    @Arg("memberId", () => ID) memberId: string,
    @Arg("input", () => UpsertMentorProfileInput) input: UpsertMentorProfileInput,
    @Ctx() { em, caller }: Context,
  ): Promise<MentorProfile> {
    const societyId = requireSocietyCaller(caller);
    assertUuid("memberId", memberId);
    const fields = validateMentorProfile(input);
    return em.transactional(async (tx) => {
      // Locked like an accept locks it, so capacity and the active count never cross.
      const existing = await tx.findOne(MentorProfile, { memberId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!existing) return tx.create(MentorProfile, { memberId, societyId, activeMentees: 0, updatedAt: new Date(), ...fields });
      requireOwner(caller, existing.societyId ?? societyId, "mentor profile");
      if (fields.capacity < existing.activeMentees) {
        throw badUserInput([{ field: "capacity", message: `is below the mentor's ${existing.activeMentees} active mentees` }]);
      }
      tx.assign(existing, { ...fields, societyId });
      return existing;
    });
  }
}
