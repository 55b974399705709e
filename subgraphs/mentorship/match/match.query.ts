import type { EntityManager } from "../../../lib/database.js";
import { CAREER_STAGES, seniority, type CareerStage } from "../../../lib/career-stage.js";
import { MentoringFormat } from "../program/mentoring-program.entity.js";
import type { Mentee, Mentor, ProgramPreferences } from "./match.score.js";
import { inList } from "../../../lib/sql.js";

/** How many mentors the SQL first stage hands to the exact, explained scoring. */
export const FIRST_STAGE_SIZE = 200;

interface Row {
  format: MentoringFormat;
  open: boolean;
  prefers_cross_society: boolean;
  prefers_cross_country: boolean;
  prefers_near_peer: boolean;
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
 * cheap first-stage score (shared topics, a shared language, the programme's cross-society/country wish)
 * and cut to FIRST_STAGE_SIZE. Null when the programme does not exist.
 */
export async function findCandidates(em: EntityManager, mentee: Mentee, programId: string): Promise<{ program: ProgramPreferences & { open: boolean }; mentors: Mentor[] } | null> {
  const interests = inList(mentee.interests.map((interest) => interest.trim().toLowerCase()));
  const languages = inList(mentee.languages.map((tag) => tag.split("-")[0]!.toLowerCase()));
  const stages = CAREER_STAGES.map((stage) => `'${stage}'`).join(", ");
  const rows = await em.execute<Row[]>(
    `with program as (
       select format, open, prefers_cross_society, prefers_cross_country, prefers_near_peer from mentoring_program where id = ?
     )
     select program.*, c.* from program
     left join lateral (
       select p.member_id, p.society_id, p.country, p.timezone, p.career_stage, p.languages, p.topics,
              p.accepting_mentees, p.capacity, p.active_mentees
         from mentor_profile p
        where p.accepting_mentees and p.active_mentees < p.capacity and p.member_id <> ?
          and p.career_stage is not null and p.timezone is not null
          and (program.format = '${MentoringFormat.PEER}' or array_position(array[${stages}]::text[], p.career_stage) > ?)
          and not exists (select 1 from mentorship_relation r
                           where r.mentor_id = p.member_id and r.mentee_id = ? and r.status in ('PROPOSED', 'ACTIVE'))
        order by (select count(*) from unnest(p.topics) t where lower(trim(t)) in (?)) * 3
               + (exists (select 1 from unnest(p.languages) l where lower(split_part(l, '-', 1)) in (?)))::int * 2
               + (program.prefers_cross_society and p.society_id is distinct from ?::uuid)::int
               + (program.prefers_cross_country and p.country is distinct from ?)::int desc,
                 p.member_id
        limit ?
     ) c on true`,
    [programId, mentee.id, seniority(mentee.careerStage) + 1, mentee.id, interests, languages, mentee.societyId, mentee.country, FIRST_STAGE_SIZE],
  );
  const [first] = rows;
  if (!first) return null;
  return {
    program: { format: first.format, open: first.open, prefersCrossSociety: first.prefers_cross_society, prefersCrossCountry: first.prefers_cross_country, prefersNearPeer: first.prefers_near_peer },
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

