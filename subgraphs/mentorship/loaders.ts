import type { EntityManager } from "../../lib/database.js";
import { feedbackSummaries, NO_FEEDBACK } from "../../lib/feedback.js";
import { loaderById, loaderOfLists, loaderOfValues } from "../../lib/loaders.js";
import { MentorProfile } from "./profile/mentor-profile.entity.js";
import { MentoringProgram } from "./program/mentoring-program.entity.js";
import { MentorshipRelation } from "./relation/mentorship-relation.entity.js";
import { SpeedSession } from "./speed/speed-session.entity.js";

/** One DataLoader per batched lookup; created fresh for every request. */
export function createLoaders(em: EntityManager) {
  const relationsBy = (side: "mentorId" | "menteeId") =>
    loaderOfLists(
      (memberIds) => em.find(MentorshipRelation, { [side]: { $in: memberIds } }, { orderBy: { createdAt: "desc", id: "asc" } }),
      (relation) => relation[side],
    );
  return {
    programById: loaderById((ids) => em.find(MentoringProgram, { id: { $in: ids } })),
    relationById: loaderById((ids) => em.find(MentorshipRelation, { id: { $in: ids } })),
    profileByMember: loaderOfValues<MentorProfile | null>(
      async (memberIds) =>
        new Map((await em.find(MentorProfile, { memberId: { $in: memberIds } })).map((profile) => [profile.memberId, profile])),
      null,
    ),
    speedSessionByProgram: loaderOfValues<SpeedSession | null>(
      async (programIds) => new Map((await em.find(SpeedSession, { programId: { $in: programIds } })).map((session) => [session.programId, session])),
      null,
    ),
    feedbackByProgram: loaderOfValues((programIds) => feedbackSummaries(em, "mentorship_rating", "program_id", programIds), NO_FEEDBACK),
    relationsAsMentor: relationsBy("mentorId"),
    relationsAsMentee: relationsBy("menteeId"),
  };
}

export type MentorshipLoaders = ReturnType<typeof createLoaders>;
