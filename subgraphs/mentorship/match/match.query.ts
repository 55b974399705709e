import type { EntityManager } from "../../../lib/database.js";
import { CAREER_STAGES, seniority, type CareerStage } from "../../../lib/career-stage.js";
import { MentoringFormat } from "../program/mentoring-program.entity.js";
import { AVAILABLE_MENTOR } from "../profile/mentor-profile.entity.js";
import { fold, type Mentee, type Mentor, type ProgramPreferences } from "./match.score.js";
import { inList } from "../../../lib/sql.js";

/** How many mentors the SQL first stage hands to the exact, explained scoring. */
export const FIRST_STAGE_SIZE = 200;

interface Row {
  format: MentoringFormat;
  open: boolean;
  prefers_cross_society: boolean;
  prefers_cross_country: boolean;
  member_id: string | null;
  society_id: string | null;
  country: string | null;
  timezone: string | null;
  career_stage: CareerStage | null;
  languages: string[];
  topics: string[];
  accepting_mentees: boolean;
  capacity: number;
  active_mentees: number;
}

/**
 * One SQL statement: the programme, and the mentors who can take this mentee — accepting, not full, not
 * the mentee, not already paired with them, further along unless the programme is PEER — ranked by a
 * cheap first-stage score (3 per shared topic, 2 for a shared language, 1 each for the programme's
 * cross-society/country wish) and cut to FIRST_STAGE_SIZE. Null when the programme does not exist.
 *
 * The mentors sharing a topic are found through the GIN index on the stored topic keys. The others score at
 * most 2 + 1 + 1 without a topic, so they are read (a scan) only when fewer than FIRST_STAGE_SIZE topical
 * mentors score above that: the result is the same as ranking every mentor.
 */
export async function findCandidates(em: EntityManager, mentee: Mentee, programId: string): Promise<{ program: ProgramPreferences & { open: boolean }; mentors: Mentor[] } | null> {
  const interests = [...new Set(inList(mentee.interests.map(fold)))];
  const languages = inList(mentee.languages.map((tag) => tag.split("-")[0]!.toLowerCase()));
  const stages = CAREER_STAGES.map((stage) => `'${stage}'`).join(", ");
  // Each stored topic key equal to an interest counts once, duplicates included.
  const sharedTopics = interests.map(() => "cardinality(array_positions(p.topic_keys, ?::text))").join(" + ");
  const ranked = (topical: boolean) => ({
    sql: `select p.member_id, p.society_id, p.country, p.timezone, p.career_stage, p.languages, p.topics,
                 p.accepting_mentees, p.capacity, p.active_mentees,
                 (${sharedTopics}) * 3
                 + (p.language_keys && array[?]::text[])::int * 2
                 + ((select prefers_cross_society from program) and p.society_id is distinct from ?::uuid)::int
                 + ((select prefers_cross_country from program) and p.country is distinct from ?)::int as first_stage_score
            from mentor_profile p
           where ${topical ? "" : "not "}(p.topic_keys && array[?]::text[])
             and ${AVAILABLE_MENTOR("p")} and p.member_id <> ?
             and ((select format from program) = '${MentoringFormat.PEER}' or array_position(array[${stages}]::text[], p.career_stage) > ?)
             and not exists (select 1 from mentorship_relation r
                              where r.mentor_id = p.member_id and r.mentee_id = ? and r.status in ('PROPOSED', 'ACTIVE'))`,
    params: [...interests, languages, mentee.societyId, mentee.country, interests, mentee.id, seniority(mentee.careerStage) + 1, mentee.id],
  });
  const topical = ranked(true);
  const others = ranked(false);
  const rows = await em.execute<Row[]>(
    `with program as (
       select format, open, prefers_cross_society, prefers_cross_country from mentoring_program where id = ?
     ),
     topical as (
       ${topical.sql}
        order by first_stage_score desc, p.member_id
        limit ?
     ),
     others as (
       ${others.sql}
         and ((select count(*) from topical) < ?
              or (select min(first_stage_score) from topical) <= (select 2 + prefers_cross_society::int + prefers_cross_country::int from program))
        order by first_stage_score desc, p.member_id
        limit ?
     )
     select program.*, c.* from program
     left join lateral (
       select * from topical union all select * from others
        order by first_stage_score desc, member_id
        limit ?
     ) c on true`,
    [programId, ...topical.params, FIRST_STAGE_SIZE, ...others.params, FIRST_STAGE_SIZE, FIRST_STAGE_SIZE, FIRST_STAGE_SIZE],
  );
  const [first] = rows;
  if (!first) return null;
  return {
    program: { format: first.format, open: first.open, prefersCrossSociety: first.prefers_cross_society, prefersCrossCountry: first.prefers_cross_country },
    mentors: rows
      .filter((row) => row.member_id !== null)
      .map((row) => ({
        memberId: row.member_id!,
        societyId: row.society_id,
        country: row.country,
        timezone: row.timezone,
        careerStage: row.career_stage,
        languages: row.languages,
        topics: row.topics,
        acceptingMentees: row.accepting_mentees,
        capacity: row.capacity,
        activeMentees: row.active_mentees,
      })),
  };
}

