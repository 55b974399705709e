import type { CareerStage } from "../../../lib/career-stage.js";
import { scoreMatch, type Mentee, type Mentor, type ProgramPreferences } from "../match/match.score.js";

/** What scoring reads of a participant, as recorded at sign-up. */
export interface SpeedProfile {
  memberId: string;
  societyId: string;
  country: string;
  careerStage: CareerStage;
  timezone: string;
  languages: string[];
  expertise: string[];
}

/**
 * The matcher's score of every mentor for every mentee (`scores[mentee][mentor]`), as `mentorMatches` would
 * give it: a mentor's expertise stands for their topics, and every mentor has the one free place a round needs.
 * `at` (the session's start) fixes the moment time-zone offsets are taken.
 */
export function scoreTable(mentees: readonly SpeedProfile[], mentors: readonly SpeedProfile[], program: ProgramPreferences, at: Date): number[][] {
  const asMentors = mentors.map(asMentor);
  return mentees.map((profile) => {
    const mentee = asMentee(profile);
    return asMentors.map((mentor) => scoreMatch(mentee, mentor, program, at).score);
  });
}

function asMentee(profile: SpeedProfile): Mentee {
  return { id: profile.memberId, societyId: profile.societyId, country: profile.country, timezone: profile.timezone, careerStage: profile.careerStage, languages: profile.languages, interests: profile.expertise };
}

function asMentor(profile: SpeedProfile): Mentor {
  return {
    memberId: profile.memberId, societyId: profile.societyId, country: profile.country, timezone: profile.timezone, careerStage: profile.careerStage,
    languages: profile.languages, topics: profile.expertise, acceptingMentees: true, capacity: 1, activeMentees: 0,
  };
}
