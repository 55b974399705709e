import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { requireOwner, requireSocietyCaller } from "../../../lib/authz.js";
import { assertUuid, notFound } from "../../../lib/errors.js";
import { SocietyReference } from "../../../lib/external.js";
import type { SubgraphContext } from "../../../lib/subgraph.js";
import type { MentorshipLoaders } from "../loaders.js";
import { MentoringProgram } from "./mentoring-program.entity.js";
import { CreateMentoringProgramInput, UpdateMentoringProgramInput, validateProgramText } from "./mentoring-program.input.js";

type Context = SubgraphContext<MentorshipLoaders>;

@Resolver(() => MentoringProgram)
export class MentoringProgramResolver {
  @Query(() => [MentoringProgram], { description: "Mentoring programmes, optionally of one society or only open ones." })
  mentoringPrograms(
    @Arg("society", () => ID, { description: "Id of the society running the programmes; omitted: every society's.", nullable: true }) society: string | null,
    @Arg("open", () => Boolean, { description: "True: only programmes accepting new pairs; false: only closed ones; omitted: both.", nullable: true }) open: boolean | null,
    @Ctx() { em }: Context,
  ): Promise<MentoringProgram[]> {
    return em.find(
      MentoringProgram,
      {
        ...(society ? { societyId: assertUuid("society", society) } : {}),
        ...(open === null || open === undefined ? {} : { open }),
      },
      { orderBy: { name: "asc", id: "asc" } },
    );
  }

  @Query(() => MentoringProgram, { description: "One mentoring programme by id; null when there is none.", nullable: true })
  mentoringProgram(@Arg("id", () => ID, { description: "The programme's id." }) id: string, @Ctx() { loaders }: Context): Promise<MentoringProgram | null> {
    return loaders.programById.load(assertUuid("id", id));
  }

  @FieldResolver(() => SocietyReference, { description: "The society that runs the programme." })
  society(@Root() program: MentoringProgram): SocietyReference {
    return { id: program.societyId };
  }

  @Mutation(() => MentoringProgram, { description: "Creates a programme run by the caller's society." })
  async createMentoringProgram(
    @Arg("input", () => CreateMentoringProgramInput, { description: "The programme; run by the caller's society." }) input: CreateMentoringProgramInput,
    @Ctx() { em, caller }: Context,
  ): Promise<MentoringProgram> {
    const societyId = requireSocietyCaller(caller);
    const text = validateProgramText({ name: input.name, description: input.description ?? "" });
    const program = em.create(MentoringProgram, {
      id: crypto.randomUUID(),
      societyId,
      name: text.name!,
      format: input.format,
      description: text.description ?? "",
      open: input.open ?? true,
      prefersCrossSociety: input.prefersCrossSociety ?? false,
      prefersCrossCountry: input.prefersCrossCountry ?? false,
      prefersNearPeer: input.prefersNearPeer ?? false,
    });
    await em.flush();
    return program;
  }

  @Mutation(() => MentoringProgram, { description: "Changes, opens or closes a programme of the caller's society." })
  async updateMentoringProgram(
    @Arg("id", () => ID, { description: "The programme to change; it must be run by the caller's society." }) id: string,
    @Arg("input", () => UpdateMentoringProgramInput, { description: "Fields to change; omitted fields keep their value." }) input: UpdateMentoringProgramInput,
    @Ctx() { em, caller }: Context,
  ): Promise<MentoringProgram> {
    requireSocietyCaller(caller);
    const program = await em.findOne(MentoringProgram, { id: assertUuid("id", id) });
    if (!program) throw notFound("Mentoring programme", id);
    requireOwner(caller, program.societyId, "programme");
    const text = validateProgramText(input);
    em.assign(program, {
      ...text,
      ...(input.open != null ? { open: input.open } : {}),
      ...(input.prefersCrossSociety != null ? { prefersCrossSociety: input.prefersCrossSociety } : {}),
      ...(input.prefersCrossCountry != null ? { prefersCrossCountry: input.prefersCrossCountry } : {}),
      ...(input.prefersNearPeer != null ? { prefersNearPeer: input.prefersNearPeer } : {}),
    });
    await em.flush();
    return program;
  }
}
