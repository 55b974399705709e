import { registerEnumType } from "type-graphql";

/**
 * A member's professions. Shared vocabulary: members records them, scholarship names the audience of a
 * resource with them, so both declare the same enum.
 */
export enum Profession {
  PHYSICIAN = "PHYSICIAN",
  NURSE = "NURSE",
  PHARMACIST = "PHARMACIST",
  ALLIED_HEALTH = "ALLIED_HEALTH",
  RESEARCHER = "RESEARCHER",
  EDUCATOR = "EDUCATOR",
  OTHER = "OTHER",
}
registerEnumType(Profession, { name: "Profession" });
