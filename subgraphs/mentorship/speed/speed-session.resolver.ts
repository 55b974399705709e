import { LockMode } from "@mikro-orm/core";
import { Arg, Ctx, Directive, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import type { CareerStage } from "../../../lib/career-stage.js";
import { requireOwner, requireSocietyCaller } from "../../../lib/authz.js";
import { cost, WEIGHTS } from "../../../lib/demand-control.js";
import { conflictOnDuplicate } from "../../../lib/database.js";
import { assertUuid, badUserInput, conflict, notFound } from "../../../lib/errors.js";
import { EventReference } from "../../../lib/external.js";
import { requireHomeSociety, withVisibleMembers } from "../../../lib/member-access.js";
import type { SubgraphContext } from "../../../lib/subgraph.js";
import type { MentorshipLoaders } from "../loaders.js";
import { MentoringFormat, MentoringProgram } from "../program/mentoring-program.entity.js";
import { planSpeedRounds } from "./speed-plan.js";
import { SpeedPlanType } from "./speed-plan.type.js";
import { scoreTable } from "./speed-scores.js";
import { SpeedParticipant, SpeedRole, SpeedSession } from "./speed-session.entity.js";
import { LinkSpeedSessionInput, validateCapacity, validatePlanRequest } from "./speed-session.input.js";

type Context = SubgraphContext<MentorshipLoaders>;

const SPEED_MENTORING = "SPEED_MENTORING";

@Resolver(() => SpeedSession)
export class SpeedSessionResolver {
  @FieldResolver(() => EventReference, { description: "The SPEED_MENTORING event the session runs at (place and time)." })
  event(@Root() session: SpeedSession): EventReference {
    return { id: session.eventId };
  }

  @FieldResolver(() => Int, { description: "Mentors signed up whom the caller may see." })
  async mentors(@Root() session: SpeedSession, @Ctx() context: Context): Promise<number> {
    return (await visibleParticipants(context, session.programId)).filter((participant) => participant.role === SpeedRole.MENTOR).length;
  }

  @FieldResolver(() => Int, { description: "Mentees signed up whom the caller may see." })
  async mentees(@Root() session: SpeedSession, @Ctx() context: Context): Promise<number> {
    return (await visibleParticipants(context, session.programId)).filter((participant) => participant.role === SpeedRole.MENTEE).length;
  }

  @Mutation(() => SpeedSession, { description: "Links a SPEED programme of the caller's society to the SPEED_MENTORING event its session runs at, or changes the link." })
  async linkSpeedSession(
    @Arg("programId", () => ID, { description: "A SPEED programme run by the caller's society." }) programId: string,
    @Arg("input", () => LinkSpeedSessionInput, { description: "The event and the session's capacity." }) input: LinkSpeedSessionInput,
    @Ctx() context: Context,
  ): Promise<SpeedSession> {
    const societyId = requireSocietyCaller(context.caller);
    const program = await speedProgram(context, programId);
    requireOwner(context.caller, program.societyId, "programme");
    assertUuid("input.eventId", input.eventId);
    validateCapacity(input.capacity);
    // The event id is a claim: the events subgraph says whether it exists, what kind it is and who organises it.
    const event = await context.eventAccess.load(input.eventId);
    if (!event.exists || event.societyId !== societyId) {
      throw badUserInput([{ field: "input.eventId", message: "is not an event organised by your society" }]);
    }
    if (event.kind !== SPEED_MENTORING) throw badUserInput([{ field: "input.eventId", message: `is a ${event.kind} event, not SPEED_MENTORING` }]);
    return context.em.transactional(async (tx) => {
      const session = await tx.findOne(SpeedSession, { programId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      const joined = session ? await tx.count(SpeedParticipant, { programId }) : 0;
      if (joined > input.capacity) throw badUserInput([{ field: "input.capacity", message: `${joined} have signed up already` }]);
      if (session) {
        session.eventId = input.eventId;
        session.capacity = input.capacity;
        return session;
      }
      return tx.create(SpeedSession, { programId, eventId: input.eventId, capacity: input.capacity, createdAt: new Date() });
    });
  }

  @Mutation(() => SpeedSession, {
    description: "The member's home society signs them up to a SPEED programme's session, as a mentor or a mentee, before the event starts and while places remain (CONFLICT when full or already signed up).",
  })
  async joinSpeedSession(
    @Arg("programId", () => ID, { description: "An open SPEED programme, of any society, linked to its event." }) programId: string,
    @Arg("memberId", () => ID, { description: "The member; the caller's society must be their home society." }) memberId: string,
    @Arg("role", () => SpeedRole, { description: "Which side of the tables they sit on." }) role: SpeedRole,
    @Ctx() context: Context,
  ): Promise<SpeedSession> {
    requireSocietyCaller(context.caller);
    assertUuid("memberId", memberId);
    const societyId = await requireHomeSociety(context, memberId, "memberId");
    const program = await speedProgram(context, programId);
    if (!program.open) throw badUserInput([{ field: "programId", message: "the programme is closed to new participants" }]);
    const linked = await context.em.findOne(SpeedSession, { programId });
    if (!linked) throw badUserInput([{ field: "programId", message: "the programme is not linked to a speed-mentoring event yet" }]);
    const [event, profile] = await Promise.all([context.eventAccess.load(linked.eventId), context.memberProfile.load(memberId)]);
    if (!event.startsAt || new Date(event.startsAt).getTime() <= Date.now()) throw badUserInput([{ field: "programId", message: "the session's event has started" }]);
    if (!profile.visible || !profile.country || !profile.careerStage || !profile.timezone) throw notFound("Member", memberId);
    return conflictOnDuplicate(
      () =>
        context.em.transactional(async (tx) => {
          // The session row lock queues concurrent sign-ups, so places are counted and given one at a time.
          const session = await tx.findOneOrFail(SpeedSession, { programId }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
          const joined = await tx.count(SpeedParticipant, { programId });
          if (joined >= session.capacity) throw conflict(`The session is full (${joined} of ${session.capacity} places taken)`, { field: "programId" });
          tx.create(SpeedParticipant, {
            id: crypto.randomUUID(), programId, memberId, role, societyId,
            country: profile.country!, careerStage: profile.careerStage as CareerStage, timezone: profile.timezone!,
            languages: profile.languages, expertise: profile.expertise, joinedAt: new Date(),
          });
          await tx.flush();
          return session;
        }),
      "The member has already signed up to this session",
      "memberId",
    );
  }

  @Query(() => SpeedPlanType, {
    description:
      "The programme's society plans its speed-mentoring session's rotation from the sign-ups it may see (also as CSV and PDF: GET /mentoring-programs/{id}/speed-plan.csv|.pdf?rounds=&minutes= on the gateway). Pairs can become mentorships afterwards through proposeMentorship in the same programme.",
  })
  @Directive(cost(WEIGHTS.speedPlan))
  async planSpeedRounds(
    @Arg("programId", () => ID, { description: "A SPEED programme run by the caller's society, linked to its event." }) programId: string,
    @Arg("rounds", () => Int, { description: "Rounds wanted (1–30); the plan has at most one per mentor." }) rounds: number,
    @Arg("minutesPerRound", () => Int, { description: "Minutes per round (1–120); all rounds must fit in the event." }) minutesPerRound: number,
    @Ctx() context: Context,
  ): Promise<SpeedPlanType> {
    requireSocietyCaller(context.caller);
    const program = await speedProgram(context, programId);
    requireOwner(context.caller, program.societyId, "programme");
    validatePlanRequest(rounds, minutesPerRound);
    const session = await context.em.findOne(SpeedSession, { programId });
    if (!session) throw badUserInput([{ field: "programId", message: "the programme is not linked to a speed-mentoring event yet" }]);
    const event = await context.eventAccess.load(session.eventId);
    if (!event.exists || !event.startsAt || !event.endsAt) throw notFound("Event", session.eventId);
    const startsAt = new Date(event.startsAt);
    const minutes = (new Date(event.endsAt).getTime() - startsAt.getTime()) / 60_000;
    if (rounds * minutesPerRound > minutes) throw badUserInput([{ field: "rounds", message: `${rounds} rounds of ${minutesPerRound} minutes do not fit in the event's ${minutes} minutes` }]);
    const participants = await visibleParticipants(context, programId);
    const mentors = participants.filter((participant) => participant.role === SpeedRole.MENTOR);
    const mentees = participants.filter((participant) => participant.role === SpeedRole.MENTEE);
    const plan = planSpeedRounds({
      mentees: mentees.map((mentee) => mentee.memberId),
      mentors: mentors.map((mentor) => mentor.memberId),
      scores: scoreTable(mentees, mentors, program, startsAt),
      rounds,
    });
    return {
      ...plan,
      minutesPerRound,
      rounds: plan.rounds.map((round) => ({
        number: round.number,
        startsAt: new Date(startsAt.getTime() + (round.number - 1) * minutesPerRound * 60_000),
        pairs: round.pairs.map((pair) => ({ table: pair.table, mentor: { id: pair.mentor }, mentee: { id: pair.mentee }, score: pair.score })),
      })),
    };
  }
}

@Resolver(() => MentoringProgram)
export class SpeedProgramResolver {
  @FieldResolver(() => SpeedSession, { nullable: true, description: "A SPEED programme's session at its event; null until linked (and for other formats)." })
  speedSession(@Root() program: MentoringProgram, @Ctx() { loaders }: Context): Promise<SpeedSession | null> | null {
    return program.format === MentoringFormat.SPEED ? loaders.speedSessionByProgram.load(program.id) : null;
  }
}

async function speedProgram(context: Context, programId: string): Promise<MentoringProgram> {
  assertUuid("programId", programId);
  const program = await context.loaders.programById.load(programId);
  if (!program) throw notFound("Mentoring programme", programId);
  if (program.format !== MentoringFormat.SPEED) throw badUserInput([{ field: "programId", message: `is a ${program.format} programme, not SPEED` }]);
  return program;
}

/** The session's participants the caller may see (consent: a hidden member is in no count and at no table). */
async function visibleParticipants(context: Context, programId: string): Promise<SpeedParticipant[]> {
  const participants = await context.em.find(SpeedParticipant, { programId }, { orderBy: { memberId: "asc" } });
  return withVisibleMembers(context, participants, (participant) => participant.memberId);
}
