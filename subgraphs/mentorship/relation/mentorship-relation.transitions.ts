import { badUserInput } from "../../../lib/errors.js";
import { MentorshipStatus } from "./mentorship-relation.entity.js";

const { PROPOSED, ACTIVE, DECLINED, COMPLETED, ENDED } = MentorshipStatus;

/**
 * The life of a pairing: a proposal is accepted (ACTIVE), declined, or withdrawn (ENDED); an active
 * pairing completes or ends. DECLINED, COMPLETED and ENDED are final, so history is never rewritten.
 */
export const NEXT_STATUSES: Record<MentorshipStatus, MentorshipStatus[]> = {
  [PROPOSED]: [ACTIVE, DECLINED, ENDED],
  [ACTIVE]: [COMPLETED, ENDED],
  [DECLINED]: [],
  [COMPLETED]: [],
  [ENDED]: [],
};

/** Refuses a status change the life cycle does not allow, with BAD_USER_INPUT saying what is possible. */
export function assertTransition(from: MentorshipStatus, to: MentorshipStatus): void {
  const allowed = NEXT_STATUSES[from];
  if (allowed.includes(to)) return;
  const options = allowed.length === 0 ? "it can no longer change" : `it can become ${allowed.join(", ")}`;
  throw badUserInput([{ field: "status", message: `a ${from} mentorship cannot become ${to}: ${options}` }]);
}
