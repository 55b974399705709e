import { registerEnumType } from "type-graphql";

/**
 * Life stage of a community of practice (Establish → Grow → Sustain). Shared vocabulary: members records it
 * for a society, communities for a special-interest group, so both declare the same enum (same name and
 * values, which is what composition requires of an enum two subgraphs define).
 */
export enum SocietyStage {
  ESTABLISH = "ESTABLISH",
  GROW = "GROW",
  SUSTAIN = "SUSTAIN",
}
registerEnumType(SocietyStage, {
  name: "SocietyStage",
  description: "Life stage of a community of practice.",
  valuesConfig: {
    ESTABLISH: { description: "Forming: finding members and purpose." },
    GROW: { description: "Growing its membership and activities." },
    SUSTAIN: { description: "Established: sustaining its activities." },
  },
});
