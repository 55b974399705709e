import { randomBytes, randomUUID } from "node:crypto";
import type { MikroORM } from "@mikro-orm/postgresql";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { CAREER_STAGES, CareerStage, seniority } from "../../lib/career-stage.js";
import { databaseUrlOn } from "../../lib/config.js";
import { dropDatabase, ensureDatabase, migrate, openDatabase, type EntityManager } from "../../lib/database.js";
import { inList } from "../../lib/sql.js";
import { buildDemoNetwork } from "../../seed/demo-network.js";
import { seedSubgraph } from "../../seed/seed.js";
import { findCandidates, FIRST_STAGE_SIZE } from "../../subgraphs/mentorship/match/match.query.js";
import { rankMentors, type Mentee, type Mentor } from "../../subgraphs/mentorship/match/match.score.js";
import { MentoringFormat } from "../../subgraphs/mentorship/program/mentoring-program.entity.js";
import { mentorshipSubgraph } from "../../subgraphs/mentorship/server.js";

/**
 * The first stage before stored topic keys (issue 20), kept here only as the reference the indexed query must
 * agree with: every mentor's topics and languages folded per request, one sequential scan.
 */
async function referenceCandidates(em: EntityManager, mentee: Mentee, programId: string): Promise<string[]> {
  const interests = inList(mentee.interests.map((interest) => interest.trim().toLowerCase()));
  const languages = inList(mentee.languages.map((tag) => tag.split("-")[0]!.toLowerCase()));
  const stages = CAREER_STAGES.map((stage) => `'${stage}'`).join(", ");
  const rows = await em.execute<{ member_id: string | null }[]>(
    `with program as (
       select format, open, prefers_cross_society, prefers_cross_country from mentoring_program where id = ?
     )
     select c.member_id from program
     left join lateral (
       select p.member_id
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
  return rows.filter((row) => row.member_id !== null).map((row) => row.member_id!);
}

/** A small deterministic generator (mulberry32), so a failure names data that can be made again. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TOPICS = ["Haemostasis", "Thrombosis", "Leukaemia", "Medical education", "Global health", "Research methods", "Palliative care", "Assessment"];
const ZONES = ["Europe/Lisbon", "Europe/London", "America/St_Johns", "Asia/Kathmandu", "Australia/Lord_Howe", "Pacific/Chatham", "America/Sao_Paulo", "UTC"];
const LANGUAGES = ["en", "EN-gb", "pt-BR", "es", "fr-CA", "de", "ga"];
const COUNTRIES = ["GB", "PT", "BR", "AU", "CA", "NP"];
/** Moments the time-zone factor is taken at: northern winter, a European change of clocks, southern winter. */
const MOMENTS = [new Date("2026-01-15T12:00:00Z"), new Date("2026-03-29T01:30:00Z"), new Date("2026-07-01T00:00:00Z")];

const url = databaseUrlOn(inject("databaseUrl"), `t${randomBytes(4).toString("hex")}_first_stage`);
const demo = buildDemoNetwork(3000);
let orm: MikroORM;

beforeAll(async () => {
  await ensureDatabase(url);
  orm = (await openDatabase({ url, entities: mentorshipSubgraph.entities, migrations: mentorshipSubgraph.migrations })) as MikroORM;
  await migrate(orm);
  await seedSubgraph(orm, mentorshipSubgraph, demo, { onlyIfEmpty: false });
  // Profiles written as people write them: topics differing only in case and spaces (twice on one profile),
  // language tags in odd case, zones with half- and quarter-hour offsets, ties on every first-stage score.
  const next = random(20);
  const pick = <T>(values: readonly T[]) => values[Math.floor(next() * values.length)]!;
  const em = orm.em.fork();
  for (let index = 0; index < 400; index++) {
    const topics = Array.from({ length: Math.floor(next() * 4) }, () => {
      const topic = pick(TOPICS);
      return next() < 0.3 ? ` ${topic.toLowerCase()}` : next() < 0.3 ? topic.toUpperCase() : topic;
    });
    const capacity = 1 + Math.floor(next() * 3);
    await em.execute(
      `insert into mentor_profile (member_id, society_id, accepting_mentees, capacity, active_mentees, topics, languages, meeting_modes, timezone, country, career_stage, updated_at)
       values (?, ?, ?, ?, ?, ?::text[], ?::text[], '{VIDEO}', ?, ?, ?, now())`,
      [randomUUID(), pick(demo.societies).id, next() < 0.9, capacity, Math.floor(next() * (capacity + 1)), `{${topics.map((topic) => `"${topic}"`).join(",")}}`, `{${pick(LANGUAGES)}}`, pick(ZONES), pick(COUNTRIES), pick(CAREER_STAGES)],
    );
  }
}, 180_000);
afterAll(async () => {
  await orm?.close();
  await dropDatabase(url);
});

/** Mentees from the seeded network, and a few whose expertise is written loosely, duplicated or missing. */
function mentees(): Mentee[] {
  const seeded = demo.members
    .filter((member) => member.careerStage !== CareerStage.SENIOR)
    .filter((_, index) => index % 97 === 0)
    .map((member) => ({
      id: member.id as string, societyId: member.societyId as string, country: member.country as string, timezone: member.timezone as string,
      careerStage: member.careerStage as CareerStage, languages: member.languages as string[], interests: member.expertise as string[],
    }));
  const loose = (interests: string[], languages: string[], careerStage = CareerStage.STUDENT): Mentee => ({ ...seeded[0]!, id: randomUUID(), interests, languages, careerStage });
  return [
    ...seeded,
    loose([" haemostasis", "HAEMOSTASIS", "Thrombosis "], ["EN"]),
    loose([], ["pt-PT"]),
    loose(["Medical education"], []),
    loose(["Nothing anyone mentors on"], ["ga"], CareerStage.MID_CAREER),
  ];
}

describe("mentor matching's first stage on stored, indexed topic keys", () => {
  it("should offer the same mentors in the same order, with the same explained scores, as folding every profile per request", async () => {
    const em = orm.em.fork();
    const programs = await em.execute<{ id: string; format: MentoringFormat }[]>("select id, format from mentoring_program");
    expect(programs.map((program) => program.format)).toContain(MentoringFormat.PEER);
    let compared = 0;
    let fullFirstStages = 0;
    for (const mentee of mentees()) {
      for (const program of programs) {
        const found = await findCandidates(em, mentee, program.id);
        const reference = await referenceCandidates(em, mentee, program.id);
        const offered = found!.mentors.map((mentor) => mentor.memberId);
        expect(offered, `mentee ${mentee.id}, programme ${program.id}`).toEqual(reference);
        if (offered.length === FIRST_STAGE_SIZE) fullFirstStages++;
        // What the mentee sees: every score and explanation, at moments either side of a change of clocks.
        const profiles = new Map((await em.execute<Mentor[]>(
          `select member_id as "memberId", society_id as "societyId", country, timezone, career_stage as "careerStage", languages, topics,
                  accepting_mentees as "acceptingMentees", capacity, active_mentees as "activeMentees"
             from mentor_profile where member_id in (?)`,
          [inList(reference)],
        )).map((mentor) => [mentor.memberId, mentor]));
        for (const at of MOMENTS) {
          const candidates = (mentors: Mentor[]) => mentors.map((mentor) => ({ mentor, alreadyPaired: false }));
          expect(rankMentors(mentee, candidates(found!.mentors), found!.program, 50, at)).toEqual(
            rankMentors(mentee, candidates(reference.map((id) => profiles.get(id)!)), found!.program, 50, at),
          );
        }
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(100);
    // The comparison covered first stages that were cut to size, where the order of the cut matters.
    expect(fullFirstStages).toBeGreaterThan(10);
  }, 180_000);

  it("should still return nothing for an unknown programme", async () => {
    expect(await findCandidates(orm.em.fork(), mentees()[0]!, randomUUID())).toBeNull();
  });
});
