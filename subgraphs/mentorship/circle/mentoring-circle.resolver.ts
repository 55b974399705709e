import { LockMode } from "@mikro-orm/core";
import { DateTimeResolver } from "graphql-scalars";
import { Arg, Ctx, Directive, Field, FieldResolver, Float, ID, Int, Mutation, ObjectType, Query, Resolver, Root } from "type-graphql";
import { requireOwner, requireSocietyCaller } from "../../../lib/authz.js";
import type { CareerStage } from "../../../lib/career-stage.js";
import { assumed, cost, WEIGHTS } from "../../../lib/demand-control.js";
import { conflictOnDuplicate } from "../../../lib/database.js";
import { assertUuid, badUserInput, conflict, forbidden, notFound } from "../../../lib/errors.js";
import { isCallersMember, requireHomeSociety, withVisibleMembers } from "../../../lib/member-access.js";
import { occurrenceStarts } from "../../../lib/recurrence.js";
import type { SubgraphContext } from "../../../lib/subgraph.js";
import type { MentorshipLoaders } from "../loaders.js";
import { MentoringMember } from "../member/member.type.js";
import { MentoringFormat, MentoringProgram } from "../program/mentoring-program.entity.js";
import { suggestCircles, type Participant } from "./circle.suggest.js";
import { CirclePlace, CircleRole, MentoringCircle, MentoringCircleMeetings } from "./mentoring-circle.entity.js";
import { CreateMentoringCircleInput, MAX_CIRCLE_CAPACITY, MAX_CIRCLE_MENTORS, MAX_CIRCLES_PER_PROGRAM, MAX_PLACES_PER_PROGRAM, validateCircle } from "./mentoring-circle.input.js";

type Context = SubgraphContext<MentorshipLoaders>;
type Transaction = Context["em"];

const MAX_UPCOMING = 20;

@ObjectType({ description: "A circle the matcher suggests from the members signed up and waiting; create it with createMentoringCircle and joinMentoringCircle." })
export class MentoringCircleSuggestion {
  @Field(() => [MentoringMember], { description: "Mentors for the circle (one to three)." })
  mentors!: MentoringMember[];

  @Field(() => [MentoringMember], { description: "Mentees for the circle, at most `size`." })
  mentees!: MentoringMember[];

  @Field(() => [String], { description: "Topics its mentors offer that its mentees share, most shared first." })
  topics!: string[];

  @Field(() => Float, { description: "Mean match score of the mentees with the circle's mentors, 0–1." })
  score!: number;
}

@Resolver(() => MentoringCircle)
export class MentoringCircleResolver {
  @Query(() => MentoringCircle, { nullable: true, description: "One mentoring circle; null for an unknown id." })
  mentoringCircle(@Arg("id", () => ID, { description: "The circle's id." }) id: string, @Ctx() { loaders }: Context): Promise<MentoringCircle | null> {
    return loaders.circleById.load(assertUuid("id", id));
  }

  @FieldResolver(() => MentoringProgram, { description: "The GROUP programme the circle belongs to; its society runs the circle.", nullable: true })
  program(@Root() circle: MentoringCircle, @Ctx() { loaders }: Context): Promise<MentoringProgram | null> {
    return loaders.programById.load(circle.programId);
  }

  @FieldResolver(() => [MentoringMember], { description: "The circle's mentors the caller may see (consent), in joining order." })
  @Directive(assumed(MAX_CIRCLE_MENTORS))
  mentors(@Root() circle: MentoringCircle, @Ctx() context: Context): Promise<MentoringMember[]> {
    return visibleInRole(context, circle, CircleRole.MENTOR);
  }

  @FieldResolver(() => [MentoringMember], { description: "The circle's mentees the caller may see (consent), in joining order." })
  @Directive(assumed(10))
  mentees(@Root() circle: MentoringCircle, @Ctx() context: Context): Promise<MentoringMember[]> {
    return visibleInRole(context, circle, CircleRole.MENTEE);
  }

  @FieldResolver(() => MentoringCircleMeetings, { nullable: true, description: "When the circle meets; null while not yet planned." })
  meetings(@Root() circle: MentoringCircle): MentoringCircleMeetings | null {
    if (!circle.meetingsStartsAt || !circle.meetingsTimezone || !circle.meetingMinutes) return null;
    return { firstStartsAt: circle.meetingsStartsAt, timezone: circle.meetingsTimezone, recurrence: circle.meetingsRecurrence, durationMinutes: circle.meetingMinutes };
  }

  @Mutation(() => MentoringCircle, { description: `Creates a circle in an open GROUP programme; only the programme's society may. A programme has at most ${MAX_CIRCLES_PER_PROGRAM} circles.` })
  async createMentoringCircle(
    @Arg("programId", () => ID, { description: "The GROUP programme; run by the caller's society." }) programId: string,
    @Arg("input", () => CreateMentoringCircleInput, { description: "The circle." }) input: CreateMentoringCircleInput,
    @Ctx() { em, caller }: Context,
  ): Promise<MentoringCircle> {
    requireSocietyCaller(caller);
    assertUuid("programId", programId);
    const fields = validateCircle(input);
    return em.transactional(async (tx) => {
      const program = await requireGroupProgram(tx, programId);
      requireOwner(caller, program.societyId, "programme");
      if ((await tx.count(MentoringCircle, { programId })) >= MAX_CIRCLES_PER_PROGRAM) throw conflict(`A programme has at most ${MAX_CIRCLES_PER_PROGRAM} circles`, { field: "programId" });
      return tx.create(MentoringCircle, { id: crypto.randomUUID(), programId, ...fields, createdAt: new Date() });
    });
  }

  @Mutation(() => MentoringCircle, {
    description: `Puts a member in a circle of an open GROUP programme, by the member's home society. A mentee takes one of the circle's places (\`capacity\`), a mentor one of its ${MAX_CIRCLE_MENTORS} mentor places; with none left it fails with CONFLICT and changes nothing, however many join at once. A member has one place per programme: a sign-up waiting for a circle moves into it.`,
  })
  async joinMentoringCircle(
    @Arg("circleId", () => ID, { description: "The circle joined." }) circleId: string,
    @Arg("memberId", () => ID, { description: "The member who joins; the caller's society must be their home society." }) memberId: string,
    @Arg("role", () => CircleRole, { description: "MENTOR or MENTEE." }) role: CircleRole,
    @Ctx() context: Context,
  ): Promise<MentoringCircle> {
    assertUuid("circleId", circleId);
    assertUuid("memberId", memberId);
    const societyId = await requireHomeSociety(context, memberId, "memberId");
    return oneTimePlace(() =>
      context.em.transactional(async (tx) => {
        // The circle row is the lock: concurrent joins queue here, so each counts the places the one before it took.
        const circle = await tx.findOne(MentoringCircle, { id: circleId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
        if (!circle) throw notFound("Mentoring circle", circleId);
        await requireGroupProgram(tx, circle.programId, "circleId");
        const places = await tx.find(CirclePlace, { circleId });
        if (places.some((place) => place.memberId === memberId)) throw conflict(`Member ${memberId} is in this circle already`, { field: "memberId" });
        const taken = places.filter((place) => place.role === role).length;
        if (role === CircleRole.MENTEE && taken >= circle.capacity) throw conflict(`The circle is full: its ${circle.capacity} mentee places are taken`, { field: "circleId" });
        if (role === CircleRole.MENTOR && taken >= MAX_CIRCLE_MENTORS) throw conflict(`The circle has its ${MAX_CIRCLE_MENTORS} mentors already`, { field: "circleId" });
        const waiting = await tx.findOne(CirclePlace, { programId: circle.programId, memberId });
        if (waiting?.circleId) throw conflict(`Member ${memberId} is in another circle of this programme`, { field: "memberId" });
        if (waiting) tx.assign(waiting, { circleId, role, joinedAt: new Date() });
        else tx.create(CirclePlace, { id: crypto.randomUUID(), programId: circle.programId, circleId, memberId, societyId, role, joinedAt: new Date() });
        return circle;
      }),
    );
  }

  @Mutation(() => MentoringCircle, { description: "Takes a member out of a circle (and out of the programme's circles), by the member's home society or the programme's society." })
  async leaveMentoringCircle(
    @Arg("circleId", () => ID, { description: "The circle left." }) circleId: string,
    @Arg("memberId", () => ID, { description: "The member who leaves." }) memberId: string,
    @Ctx() context: Context,
  ): Promise<MentoringCircle> {
    const societyId = requireSocietyCaller(context.caller);
    assertUuid("circleId", circleId);
    assertUuid("memberId", memberId);
    const circle = await context.loaders.circleById.load(circleId);
    if (!circle) throw notFound("Mentoring circle", circleId);
    const program = await context.loaders.programById.load(circle.programId);
    if (program?.societyId !== societyId && !isCallersMember(context, await context.memberAccess.load(memberId))) {
      throw forbidden("Only the member's home society or the programme's society may take a member out of a circle");
    }
    const removed = await context.em.nativeDelete(CirclePlace, { circleId, memberId });
    if (removed === 0) throw notFound("Place in this circle of member", memberId);
    return circle;
  }

  @Mutation(() => MentoringProgram, {
    description: `Signs a member up for a circle of an open GROUP programme, by the member's home society: the member waits in the pool suggestMentoringCircles groups until they join a circle. A programme holds at most ${MAX_PLACES_PER_PROGRAM} places.`,
  })
  async signUpForMentoringCircle(
    @Arg("programId", () => ID, { description: "The GROUP programme." }) programId: string,
    @Arg("memberId", () => ID, { description: "The member; the caller's society must be their home society." }) memberId: string,
    @Arg("role", () => CircleRole, { description: "MENTOR or MENTEE." }) role: CircleRole,
    @Ctx() context: Context,
  ): Promise<MentoringProgram> {
    assertUuid("programId", programId);
    assertUuid("memberId", memberId);
    const societyId = await requireHomeSociety(context, memberId, "memberId");
    return oneTimePlace(() =>
      context.em.transactional(async (tx) => {
        const program = await requireGroupProgram(tx, programId);
        if (await tx.count(CirclePlace, { programId, memberId })) throw conflict(`Member ${memberId} has a place in this programme's circles already`, { field: "memberId" });
        if ((await tx.count(CirclePlace, { programId })) >= MAX_PLACES_PER_PROGRAM) throw conflict(`A programme's circles hold at most ${MAX_PLACES_PER_PROGRAM} places`, { field: "programId" });
        tx.create(CirclePlace, { id: crypto.randomUUID(), programId, circleId: null, memberId, societyId, role, joinedAt: new Date() });
        return program;
      }),
    );
  }

  @Query(() => [MentoringCircleSuggestion], {
    description:
      "Circles the matcher suggests for the members signed up and waiting in a GROUP programme, for the programme's society: balanced by topics, languages and time zones (the mentor matcher's score), mixing societies and countries when the programme prefers it, sizes differing by at most one. Only members the caller may see are grouped.",
  })
  @Directive(assumed(10))
  // Scores every waiting mentee against every waiting mentor: at least one mentor ranking's work.
  @Directive(cost(WEIGHTS.ranking))
  async suggestMentoringCircles(
    @Arg("programId", () => ID, { description: "The GROUP programme; run by the caller's society." }) programId: string,
    @Arg("size", () => Int, { description: `Mentees per circle at most: 1–${MAX_CIRCLE_CAPACITY}.` }) size: number,
    @Ctx() context: Context,
  ): Promise<MentoringCircleSuggestion[]> {
    requireSocietyCaller(context.caller);
    assertUuid("programId", programId);
    if (!Number.isInteger(size) || size < 1 || size > MAX_CIRCLE_CAPACITY) throw badUserInput([{ field: "size", message: `must be a whole number from 1 to ${MAX_CIRCLE_CAPACITY}` }]);
    const program = await context.loaders.programById.load(programId);
    if (!program) throw notFound("Mentoring programme", programId);
    requireOwner(context.caller, program.societyId, "programme");
    if (program.format !== MentoringFormat.GROUP) throw badUserInput([{ field: "programId", message: "circles belong to GROUP programmes" }]);
    const waiting = await context.em.find(CirclePlace, { programId, circleId: null }, { orderBy: { joinedAt: "asc", id: "asc" } });
    // Public fields of members the caller may see, the same lookup speed-mentoring sign-ups record (another society's members included).
    const facts = await context.memberProfile.loadMany(waiting.map((place) => place.memberId));
    const pool = { [CircleRole.MENTOR]: [] as Participant[], [CircleRole.MENTEE]: [] as Participant[] };
    waiting.forEach((place, index) => {
      const member = facts[index]!;
      if (member instanceof Error) throw member;
      // A member the caller may not see is not grouped: a suggestion would name them.
      if (!member.visible || !member.country || !member.timezone || !member.careerStage) return;
      pool[place.role].push({ memberId: place.memberId, societyId: member.homeSocietyId, country: member.country, timezone: member.timezone, careerStage: member.careerStage as CareerStage, languages: member.languages, topics: member.expertise });
    });
    return suggestCircles(pool.MENTOR, pool.MENTEE, size, program, new Date()).map((circle) => ({
      mentors: circle.mentors.map((mentor) => ({ id: mentor.memberId })),
      mentees: circle.mentees.map((mentee) => ({ id: mentee.memberId })),
      topics: circle.topics,
      score: circle.score,
    }));
  }
}

@Resolver(() => MentoringCircleMeetings)
export class MentoringCircleMeetingsResolver {
  @FieldResolver(() => [DateTimeResolver], { description: `The next meetings' starts (UTC) from now, in order; at most ${MAX_UPCOMING}.` })
  @Directive(assumed(3))
  upcoming(
    @Root() meetings: MentoringCircleMeetings,
    @Arg("first", () => Int, { description: `How many: 1–${MAX_UPCOMING}, default 3.`, defaultValue: 3 }) first: number,
  ): Date[] {
    if (!Number.isInteger(first) || first < 1 || first > MAX_UPCOMING) throw badUserInput([{ field: "first", message: `must be a whole number from 1 to ${MAX_UPCOMING}` }]);
    const now = new Date();
    if (!meetings.recurrence) return meetings.firstStartsAt >= now ? [meetings.firstStartsAt] : [];
    const from = meetings.firstStartsAt > now ? meetings.firstStartsAt : now;
    return occurrenceStarts({ recurrence: meetings.recurrence, timezone: meetings.timezone, firstStartsAt: meetings.firstStartsAt }, from, new Date(from.getTime() + 2 * 366 * 86_400_000)).slice(0, first);
  }
}

@Resolver(() => MentoringProgram)
export class MentoringProgramCirclesResolver {
  @FieldResolver(() => [MentoringCircle], { description: `The programme's circles, oldest first (GROUP programmes; at most ${MAX_CIRCLES_PER_PROGRAM}).` })
  @Directive(assumed(10))
  circles(@Root() program: MentoringProgram, @Ctx() { loaders }: Context): Promise<MentoringCircle[]> {
    return loaders.circlesByProgram.load(program.id);
  }
}

/** The members of a circle in one role whom the caller may see; hidden members are left out, not nulled. */
async function visibleInRole(context: Context, circle: MentoringCircle, role: CircleRole): Promise<MentoringMember[]> {
  const places = (await context.loaders.placesByCircle.load(circle.id)).filter((place) => place.role === role);
  return (await withVisibleMembers(context, places, (place) => place.memberId)).map((place) => ({ id: place.memberId }));
}

/** The programme, locked for the transaction; it must be an open GROUP programme. */
async function requireGroupProgram(tx: Transaction, programId: string, field = "programId"): Promise<MentoringProgram> {
  const program = await tx.findOne(MentoringProgram, { id: programId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!program) throw notFound("Mentoring programme", programId);
  if (program.format !== MentoringFormat.GROUP) throw badUserInput([{ field, message: "circles belong to GROUP programmes" }]);
  if (!program.open) throw badUserInput([{ field, message: "the programme is closed to new members" }]);
  return program;
}

/** A second place for the same member and programme, raced in by a concurrent request, is a CONFLICT like any other. */
function oneTimePlace<T>(write: () => Promise<T>): Promise<T> {
  return conflictOnDuplicate(write, "The member has a place in this programme's circles already", "memberId");
}
