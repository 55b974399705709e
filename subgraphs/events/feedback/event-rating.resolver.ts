import { Arg, Ctx, Directive, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { requireSocietyCaller } from "../../../lib/authz.js";
import { cost, WEIGHTS } from "../../../lib/demand-control.js";
import { conflictOnDuplicate } from "../../../lib/database.js";
import { assertUuid, badUserInput, forbidden, notFound } from "../../../lib/errors.js";
import { FeedbackDimension, FeedbackStats, FeedbackSummary, feedbackStats, raterFacts, validateRating } from "../../../lib/feedback.js";
import { requireHomeSociety } from "../../../lib/member-access.js";
import { cellKeySql } from "../../../lib/stats.js";
import type { SubgraphContext } from "../../../lib/subgraph.js";
import { Event } from "../event/event.entity.js";
import type { EventsLoaders } from "../loaders.js";
import { Registration, RegistrationStatus } from "../registration/registration.entity.js";
import { EventRating, RateEventInput } from "./event-rating.entity.js";

type Context = SubgraphContext<EventsLoaders>;

/** Who took part: registered with a seat, or recorded as attending. */
const PARTICIPATED = new Set([RegistrationStatus.CONFIRMED, RegistrationStatus.ATTENDED]);

@Resolver(() => EventRating)
export class EventRatingResolver {
  @Mutation(() => EventRating, {
    description:
      "The member's home society evaluates an event the member registered for (confirmed) or attended, once it has started: 1–5 and an optional comment, once per member (a second evaluation is CONFLICT and changes nothing). The rater's country and career stage are recorded from the directory. Where the event requires evaluation, it completes the member's CPD credit.",
  })
  async rateEvent(
    @Arg("eventId", () => ID, { description: "The event, of any society." }) eventId: string,
    @Arg("memberId", () => ID, { description: "The rating member; the caller's society must be their home society." }) memberId: string,
    @Arg("input", () => RateEventInput, { description: "The score and comment." }) input: RateEventInput,
    @Ctx() context: Context,
  ): Promise<EventRating> {
    const { em } = context;
    requireSocietyCaller(context.caller);
    assertUuid("eventId", eventId);
    assertUuid("memberId", memberId);
    const rating = validateRating(input);
    await requireHomeSociety(context, memberId, "memberId");
    const event = await context.loaders.eventById.load(eventId);
    if (!event) throw notFound("Event", eventId);
    const registration = await em.findOne(Registration, { eventId, memberId });
    if (!registration || !PARTICIPATED.has(registration.status)) throw forbidden("Only a member registered for or attending the event may evaluate it");
    if (event.startsAt.getTime() > Date.now()) throw badUserInput([{ field: "eventId", message: "the event has not started yet" }]);
    const rater = await raterFacts(context.memberProfile, memberId);
    const row = em.create(EventRating, { id: crypto.randomUUID(), eventId, memberId, ...rating, kind: event.kind, ...rater, createdAt: new Date() });
    await conflictOnDuplicate(() => em.flush(), "The member has already evaluated this event", "memberId");
    return row;
  }

  @Query(() => FeedbackStats, { description: "Researchers: evaluations by members who consented to research statistics when they rated, by event kind (FORMAT), rater's country and/or career stage, rounded by cell key random rounding to base 5." })
  @Directive(cost(WEIGHTS.statistics))
  eventFeedbackStats(
    @Arg("groupBy", () => [FeedbackDimension], { description: "Dimensions to count by, at least one." }) groupBy: FeedbackDimension[],
    @Ctx() { em, caller }: Context,
  ): Promise<FeedbackStats> {
    return feedbackStats(em, caller, groupBy,
      `select kind as format, country, career_stage as "careerStage", score, count(*)::int as count, ${cellKeySql("id")} as key
         from event_rating where research_consent group by kind, country, career_stage, score`);
  }
}

@Resolver(() => Event)
export class EventFeedbackResolver {
  @FieldResolver(() => FeedbackSummary, { nullable: true, description: "Evaluations of the event, exactly; null for anyone but the organiser." })
  async feedback(@Root() event: Event, @Ctx() { loaders, caller }: Context): Promise<FeedbackSummary | null> {
    if (caller.role !== "society" || caller.societyId !== event.societyId) return null;
    return loaders.feedbackByEvent.load(event.id);
  }
}

@Resolver(() => Registration)
export class RegistrationCreditResolver {
  @FieldResolver(() => Boolean, {
    description: "True when the registration earns the event's CPD credits: attendance recorded and, where the event requires evaluation, the member's evaluation given (in either order).",
  })
  async cpdCredited(@Root() registration: Registration, @Ctx() { loaders }: Context): Promise<boolean> {
    if (registration.status !== RegistrationStatus.ATTENDED) return false;
    const event = await loaders.eventById.load(registration.eventId);
    return !event?.evaluationRequired || loaders.evaluated.load(`${registration.eventId}:${registration.memberId}`);
  }
}
