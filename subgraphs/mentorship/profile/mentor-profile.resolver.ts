import { LockMode } from "@mikro-orm/core";
import { Arg, Ctx, ID, Mutation, Resolver } from "type-graphql";
import { requireSocietyCaller } from "../../../lib/authz.js";
import { assertUuid, badUserInput } from "../../../lib/errors.js";
import { requireHomeSociety } from "../../../lib/member-access.js";
import type { SubgraphContext } from "../../../lib/subgraph.js";
import type { MentorshipLoaders } from "../loaders.js";
import { MentorProfile } from "./mentor-profile.entity.js";
import { UpsertMentorProfileInput, validateMentorProfile } from "./mentor-profile.input.js";

type Context = SubgraphContext<MentorshipLoaders>;

@Resolver(() => MentorProfile)
export class MentorProfileResolver {
  @Mutation(() => MentorProfile, {
    description: "Creates or replaces a member's mentor profile; only the member's home society may.",
  })
  async upsertMentorProfile(
    @Arg("memberId", () => ID, { description: "The mentor; the caller's society must be their home society." }) memberId: string,
    @Arg("input", () => UpsertMentorProfileInput, { description: "The profile; omitted fields keep their value on an update." }) input: UpsertMentorProfileInput,
    @Ctx() context: Context,
  ): Promise<MentorProfile> {
    requireSocietyCaller(context.caller);
    assertUuid("memberId", memberId);
    const fields = validateMentorProfile(input);
    const societyId = await requireHomeSociety(context, memberId, "memberId");
    return context.em.transactional(async (tx) => {
      // Locked like an accept locks it, so capacity and the active count never cross.
      const existing = await tx.findOne(MentorProfile, { memberId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!existing) return tx.create(MentorProfile, { memberId, societyId, activeMentees: 0, updatedAt: new Date(), ...fields });
      if (fields.capacity < existing.activeMentees) {
        throw badUserInput([{ field: "capacity", message: `is below the mentor's ${existing.activeMentees} active mentees` }]);
      }
      tx.assign(existing, { ...fields, societyId });
      return existing;
    });
  }
}
