import { GraphQLError } from "graphql";
import { forbidden } from "./errors.js";
import type { Caller } from "./identity.js";

/** The society a write acts for: only a society key may write, and only for its own society. */
export function requireSocietyCaller(caller: Caller): string {
  if (caller.role === "anonymous") {
    throw new GraphQLError("This operation needs a society API key", { extensions: { code: "UNAUTHENTICATED" } });
  }
  if (caller.role !== "society" || !caller.societyId) throw forbidden("Only a society key may write society records");
  return caller.societyId;
}

/** Refuses a write to a record owned by another society. */
export function requireOwner(caller: Caller, ownerSocietyId: string, what: string): void {
  const societyId = requireSocietyCaller(caller);
  if (societyId !== ownerSocietyId) throw forbidden(`This ${what} belongs to another society`);
}

/** Network administration (societies, keys, the registry): admin keys only. */
export function requireAdmin(caller: Caller): void {
  if (caller.role === "anonymous") {
    throw new GraphQLError("This operation needs an admin API key", { extensions: { code: "UNAUTHENTICATED" } });
  }
  if (caller.role !== "admin") throw forbidden("Only an admin key may do this");
}
