import type { Caller } from "../../../lib/identity.js";
import type { Member } from "./member.entity.js";

/*
 * Who sees which members (DESIGN §4), in one place. Both forms below state the same rule: the SQL one
 * filters the directory listing, the in-memory one filters members loaded by id (member(id), references).
 *   society key  → members who consented to be listed, plus every member of its own society
 *   anyone else  → members who consented to be listed (researchers included: research consent means being
 *                  counted in statistics, never being listed)
 */

/** SQL condition over the `member` table aliased `m`. */
export function visibleMembersSql(caller: Caller): { sql: string; params: unknown[] } {
  if (caller.role === "society" && caller.societyId) return { sql: "(m.listed or m.society_id = ?)", params: [caller.societyId] };
  return { sql: "m.listed", params: [] };
}

export function canSeeMember(caller: Caller, member: Member): boolean {
  return member.listed || isHomeSociety(caller, member);
}

/** E-mail, contact preferences and consent go only to the member's own society. */
export function isHomeSociety(caller: Caller, member: Member): boolean {
  return caller.role === "society" && caller.societyId === member.societyId;
}
