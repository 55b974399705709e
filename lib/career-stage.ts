import { registerEnumType } from "type-graphql";

/**
 * Where a member is in their career, from student to senior. Shared vocabulary: members owns the value,
 * mentorship matches on it (a mentor must be further along than the mentee), so both declare the same enum.
 */
export enum CareerStage {
  STUDENT = "STUDENT",
  TRAINEE = "TRAINEE",
  EARLY_CAREER = "EARLY_CAREER",
  MID_CAREER = "MID_CAREER",
  SENIOR = "SENIOR",
}
registerEnumType(CareerStage, {
  name: "CareerStage",
  description: "Where someone is in their career, from student to senior.",
  valuesConfig: {
    STUDENT: { description: "In undergraduate or pre-registration education." },
    TRAINEE: { description: "In postgraduate or specialty training." },
    EARLY_CAREER: { description: "Qualified, in the first years of independent practice or research." },
    MID_CAREER: { description: "Established, leading work of their own." },
    SENIOR: { description: "Senior clinician, educator or researcher; leads others." },
  },
});

/** The stages in order; a stage's index is its seniority. */
export const CAREER_STAGES = Object.values(CareerStage);

export function seniority(stage: CareerStage): number {
  return CAREER_STAGES.indexOf(stage);
}
