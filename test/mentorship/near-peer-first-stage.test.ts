import { randomBytes } from "node:crypto";
import type { MikroORM } from "@mikro-orm/postgresql";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { CareerStage } from "../../lib/career-stage.js";
import { databaseUrlOn } from "../../lib/config.js";
import { dropDatabase, ensureDatabase, migrate, openDatabase } from "../../lib/database.js";
import { findCandidates, FIRST_STAGE_SIZE } from "../../subgraphs/mentorship/match/match.query.js";
import { rankMentors, type Mentee } from "../../subgraphs/mentorship/match/match.score.js";
import { mentorshipSubgraph } from "../../subgraphs/mentorship/server.js";

const url = databaseUrlOn(inject("databaseUrl"), `t${randomBytes(4).toString("hex")}_near_peer`);
let orm: MikroORM;

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
const SOCIETY = id(999_999);
const NEAR_PEER_PROGRAM = id(900_001);
const PLAIN_PROGRAM = id(900_002);
/** Last in id order, so among equal first-stage scores it is the one the cut leaves out. */
const NEAR_PEER = "ffffffff-ffff-4fff-bfff-ffffffffffff";
const mentee: Mentee = { id: id(1), societyId: SOCIETY, country: "PT", timezone: "Europe/Lisbon", careerStage: CareerStage.TRAINEE, languages: ["en"], interests: ["Haemostasis"] };

beforeAll(async () => {
  await ensureDatabase(url);
  orm = (await openDatabase({ url, entities: mentorshipSubgraph.entities, migrations: mentorshipSubgraph.migrations })) as MikroORM;
  await migrate(orm);
  const em = orm.em.fork();
  for (const [program, nearPeer] of [[NEAR_PEER_PROGRAM, true], [PLAIN_PROGRAM, false]] as const) {
    await em.execute(`insert into mentoring_program (id, society_id, name, format, description, open, prefers_near_peer) values (?, ?, 'p', 'ONE_TO_ONE', '', true, ?)`, [program, SOCIETY, nearPeer]);
  }
  // More seniors than the first stage holds, all as topical as the near peer.
  const profile = (member: string, stage: CareerStage) =>
    em.execute(
      `insert into mentor_profile (member_id, society_id, accepting_mentees, capacity, active_mentees, topics, languages, meeting_modes, timezone, country, career_stage, updated_at)
       values (?, ?, true, 3, 0, '{Haemostasis}', '{en}', '{VIDEO}', 'Europe/Lisbon', 'PT', ?, now())`,
      [member, SOCIETY, stage],
    );
  for (let n = 0; n < FIRST_STAGE_SIZE + 10; n++) await profile(id(100 + n), CareerStage.SENIOR);
  await profile(NEAR_PEER, CareerStage.EARLY_CAREER);
}, 120_000);
afterAll(async () => {
  await orm?.close();
  await dropDatabase(url);
});

describe("the first stage of a near-peer programme", () => {
  it("should keep a mentor one stage ahead through the cut and rank them first, where other programmes cut them as before", async () => {
    const near = (await findCandidates(orm.em.fork(), mentee, NEAR_PEER_PROGRAM))!;
    expect(near.mentors).toHaveLength(FIRST_STAGE_SIZE);
    expect(near.mentors[0]!.memberId).toBe(NEAR_PEER);
    const ranked = rankMentors(mentee, near.mentors.map((mentor) => ({ mentor, alreadyPaired: false })), near.program, 1, new Date());
    expect(ranked[0]!.mentor.memberId).toBe(NEAR_PEER);

    const plain = (await findCandidates(orm.em.fork(), mentee, PLAIN_PROGRAM))!;
    expect(plain.mentors.map((mentor) => mentor.memberId)).toEqual(Array.from({ length: FIRST_STAGE_SIZE }, (_, n) => id(100 + n)));
  });
});
