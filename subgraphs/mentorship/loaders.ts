import type { EntityManager } from "../../lib/database.js";
import { feedbackSummaries, NO_FEEDBACK } from "../../lib/feedback.js";
import { loaderById, loaderOfParts, loaderOfValues } from "../../lib/loaders.js";
import { circleLoaders } from "./circle/circle.loaders.js";
import { MentorProfile } from "./profile/mentor-profile.entity.js";
import { MentoringProgram } from "./program/mentoring-program.entity.js";
import { MentorshipRelation } from "./relation/mentorship-relation.entity.js";
import { SpeedSession } from "./speed/speed-session.entity.js";

/** What of a member's mentoring a field asks for: their profile, or their relations as mentor or as mentee. */
type Part = "profile" | "mentor" | "mentee";

interface PartRow {
  part: Part;
  key: string;
  row: Record<string, unknown>;
  program: Record<string, unknown> | null;
}

/** One DataLoader per batched lookup; created fresh for every request. */
export function createLoaders(em: EntityManager) {
  const programById = loaderById((ids) => em.find(MentoringProgram, { id: { $in: ids } }));
  const relationsOf = (side: "mentor" | "mentee") => (members: string[]) => ({
    sql: `select '${side}' as part, r.${side}_id as key, row_to_json(r) as row, (select row_to_json(g) from mentoring_program g where g.id = r.program_id) as program, r.created_at, r.id
            from mentorship_relation r where r.${side}_id in (?)`,
    params: [members],
  });
  /** A member page asks for the profile and both sides' relations (with their programmes) at once: one SQL statement. */
  const mentoring = loaderOfParts<Part, PartRow>(
    {
      profile: (members) => ({
        sql: `select 'profile' as part, p.member_id as key, row_to_json(p) as row, null::json as program, null::timestamptz as created_at, null::uuid as id
                from mentor_profile p where p.member_id in (?)`,
        params: [members],
      }),
      mentor: relationsOf("mentor"),
      mentee: relationsOf("mentee"),
    },
    // Relations newest first, as every list of them is shown.
    "order by created_at desc, id",
    (sql, params) => em.getConnection().execute<PartRow[]>(sql, params),
  );
  /** A part's rows as relations, their programmes priming their loader. */
  const relations = async (key: `${Part}:${string}`) =>
    (await mentoring.load(key)).map(({ row, program }) => {
      if (program) programById.prime(program.id as string, em.map(MentoringProgram, program));
      return em.map(MentorshipRelation, row);
    });
  return {
    programById,
    relationById: loaderById((ids) => em.find(MentorshipRelation, { id: { $in: ids } })),
    speedSessionByProgram: loaderOfValues<SpeedSession | null>(
      async (programIds) => new Map((await em.find(SpeedSession, { programId: { $in: programIds } })).map((session) => [session.programId, session])),
      null,
    ),
    feedbackByProgram: loaderOfValues((programIds) => feedbackSummaries(em, "mentorship_rating", "program_id", programIds), NO_FEEDBACK),
    profileByMember: {
      load: async (memberId: string) => {
        const [profile] = await mentoring.load(`profile:${memberId}`);
        return profile ? em.map(MentorProfile, profile.row) : null;
      },
    },
    relationsAsMentor: { load: (memberId: string) => relations(`mentor:${memberId}`) },
    relationsAsMentee: { load: (memberId: string) => relations(`mentee:${memberId}`) },
    ...circleLoaders(em),
  };
}

export type MentorshipLoaders = ReturnType<typeof createLoaders>;
