import { MentorshipSubscriptions } from "./relation/mentorship-relation.subscription.js";
import { OutboxEntrySchema } from "../../lib/outbox.js";
import { resolveExtendedMember, type SubgraphModule } from "../../lib/subgraph.js";
import { createLoaders, type MentorshipLoaders } from "./loaders.js";

import { MentoringMember } from "./member/member.type.js";
import { MentoringMemberResolver } from "./member/member.resolver.js";
import { migrations } from "./migrations/index.js";
import { MentorProfile, MentorProfileSchema } from "./profile/mentor-profile.entity.js";
import { MentorProfileResolver } from "./profile/mentor-profile.resolver.js";
import { MentoringProgram, MentoringProgramSchema } from "./program/mentoring-program.entity.js";
import { resolveProgramReference } from "./program/mentoring-program.reference.js";
import { MentoringProgramResolver } from "./program/mentoring-program.resolver.js";
import { MentorshipRelation, MentorshipRelationSchema } from "./relation/mentorship-relation.entity.js";
import { resolveRelationReference } from "./relation/mentorship-relation.reference.js";
import { MentorshipRelationResolver } from "./relation/mentorship-relation.resolver.js";
import { MentoringStatsResolver } from "./relation/mentoring-stats.resolver.js";
import { mentorshipMemberData } from "./member-data.js";
import { MentorshipRatingSchema } from "./feedback/mentorship-rating.entity.js";
import { MentorshipRatingResolver, ProgramFeedbackResolver } from "./feedback/mentorship-rating.resolver.js";
import { SpeedParticipantSchema, SpeedSessionSchema } from "./speed/speed-session.entity.js";
import { SpeedProgramResolver, SpeedSessionResolver } from "./speed/speed-session.resolver.js";

/** Mentoring programmes, mentor profiles and mentor–mentee relations across societies. */
export const mentorshipSubgraph: SubgraphModule<MentorshipLoaders> = {
  name: "mentorship",
  resolvers: [MentoringStatsResolver, MentoringProgramResolver, MentorProfileResolver, MentorshipRelationResolver, MentoringMemberResolver, MentorshipSubscriptions,
    SpeedSessionResolver, SpeedProgramResolver, MentorshipRatingResolver, ProgramFeedbackResolver],
  // Reachable only through federation (_entities), not from Query, so listed explicitly.
  orphanedTypes: [MentoringMember, MentorshipRelation],
  references: {
    Member: resolveExtendedMember(),
    MentoringProgram: resolveProgramReference,
    MentorshipRelation: resolveRelationReference,
  },
  entities: [MentoringProgramSchema, MentorProfileSchema, MentorshipRelationSchema, OutboxEntrySchema,
    SpeedSessionSchema, SpeedParticipantSchema, MentorshipRatingSchema],
  migrations,
  memberData: mentorshipMemberData,
  createLoaders,
  seed: (n) => [[MentoringProgram, n.programs], [MentorProfile, n.mentorProfiles], [MentorshipRelation, n.relations]],
};
