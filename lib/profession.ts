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
registerEnumType(Profession, {
  name: "Profession",
  description: "A health or education profession.",
  valuesConfig: {
    PHYSICIAN: { description: "Medical doctor." },
    NURSE: { description: "Nurse or midwife." },
    PHARMACIST: { description: "Pharmacist." },
    ALLIED_HEALTH: { description: "Allied health professional (physiotherapist, dietitian, radiographer, …)." },
    RESEARCHER: { description: "Researcher in health or education." },
    EDUCATOR: { description: "Educator in health professions." },
    OTHER: { description: "Any other profession." },
  },
});
