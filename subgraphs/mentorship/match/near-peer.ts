import { type CareerStage, seniority } from "../../../lib/career-stage.js";
import type { FactorScore } from "./match.score.js";

/** Weight of the near-peer factor, added only in programmes that prefer near peers (others rank as before). */
export const NEAR_PEER_WEIGHT = 0.2;

/**
 * A near peer is one career stage ahead of the mentee (a trainee mentored by an early-career member): close
 * enough to remember the step the mentee is taking. Two stages ahead counts a little; anything else not at all.
 */
export function nearPeer(menteeStage: CareerStage, mentorStage: CareerStage): FactorScore {
  const gap = seniority(mentorStage) - seniority(menteeStage);
  const value = gap === 1 ? 1 : gap === 2 ? 0.25 : 0;
  const explanation = gap === 1 ? "One career stage ahead: a near peer, as the programme prefers" : `${gap} career stages ahead; the programme prefers a near peer one stage ahead`;
  return { factor: "NEAR_PEER", weight: NEAR_PEER_WEIGHT, value, explanation };
}
