import DataLoader from "dataloader";
import type { EntityManager } from "../../lib/database.js";
import { feedbackSummaries, NO_FEEDBACK } from "../../lib/feedback.js";
import { loaderById, loaderOfValues } from "../../lib/loaders.js";
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
  /**
   * A member page asks for the profile and both sides' relations (with their programmes) at once: every part
   * asked in the same tick comes from one SQL statement, and the programmes prime their loader.
   */
  const mentoring = new DataLoader<`${Part}:${string}`, (MentorProfile | MentorshipRelation)[]>(async (keys) => {
    const asked = (part: Part) => [...new Set(keys.filter((key) => key.startsWith(`${part}:`)).map((key) => key.slice(part.length + 1)))];
    const selects: string[] = [];
    const params: unknown[] = [];
    const profiles = asked("profile");
    if (profiles.length) {
      selects.push(`select 'profile' as part, p.member_id as key, row_to_json(p) as row, null::json as program, null::timestamptz as created_at, null::uuid as id
                      from mentor_profile p where p.member_id in (?)`);
      params.push(profiles);
    }
    for (const side of ["mentor", "mentee"] as const) {
      const members = asked(side);
      if (!members.length) continue;
      selects.push(`select '${side}' as part, r.${side}_id as key, row_to_json(r) as row, (select row_to_json(g) from mentoring_program g where g.id = r.program_id) as program, r.created_at, r.id
                      from mentorship_relation r where r.${side}_id in (?)`);
      params.push(members);
    }
    // Relations newest first, as every list of them is shown.
    const rows = await em.getConnection().execute<PartRow[]>(`${selects.join(" union all ")} order by created_at desc, id`, params);
    const found = new Map<string, (MentorProfile | MentorshipRelation)[]>(keys.map((key) => [key, []]));
    for (const { part, key, row, program } of rows) {
      if (program) programById.prime(program.id as string, em.map(MentoringProgram, program));
      found.get(`${part}:${key}`)?.push(part === "profile" ? em.map(MentorProfile, row) : em.map(MentorshipRelation, row));
    }
    return keys.map((key) => found.get(key)!);
  });
  return {
    programById,
    relationById: loaderById((ids) => em.find(MentorshipRelation, { id: { $in: ids } })),
    speedSessionByProgram: loaderOfValues<SpeedSession | null>(
      async (programIds) => new Map((await em.find(SpeedSession, { programId: { $in: programIds } })).map((session) => [session.programId, session])),
      null,
    ),
    feedbackByProgram: loaderOfValues((programIds) => feedbackSummaries(em, "mentorship_rating", "program_id", programIds), NO_FEEDBACK),
    profileByMember: { load: async (memberId: string) => ((await mentoring.load(`profile:${memberId}`))[0] as MentorProfile | undefined) ?? null },
    relationsAsMentor: { load: async (memberId: string) => (await mentoring.load(`mentor:${memberId}`)) as MentorshipRelation[] },
    relationsAsMentee: { load: async (memberId: string) => (await mentoring.load(`mentee:${memberId}`)) as MentorshipRelation[] },
    ...circleLoaders(em),
  };
}

export type MentorshipLoaders = ReturnType<typeof createLoaders>;
