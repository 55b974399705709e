import { defineEntity, p } from "@mikro-orm/core";
import { Field, Int, ObjectType, registerEnumType } from "type-graphql";

/** The 14 CRediT (Contributor Roles Taxonomy, ANSI/NISO Z39.104-2022) roles. */
export enum CreditRole {
  CONCEPTUALIZATION = "CONCEPTUALIZATION",
  DATA_CURATION = "DATA_CURATION",
  FORMAL_ANALYSIS = "FORMAL_ANALYSIS",
  FUNDING_ACQUISITION = "FUNDING_ACQUISITION",
  INVESTIGATION = "INVESTIGATION",
  METHODOLOGY = "METHODOLOGY",
  PROJECT_ADMINISTRATION = "PROJECT_ADMINISTRATION",
  RESOURCES = "RESOURCES",
  SOFTWARE = "SOFTWARE",
  SUPERVISION = "SUPERVISION",
  VALIDATION = "VALIDATION",
  VISUALIZATION = "VISUALIZATION",
  WRITING_ORIGINAL_DRAFT = "WRITING_ORIGINAL_DRAFT",
  WRITING_REVIEW_EDITING = "WRITING_REVIEW_EDITING",
}
registerEnumType(CreditRole, {
  name: "CreditRole",
  description: "A CRediT (Contributor Roles Taxonomy) role.",
  valuesConfig: {
    CONCEPTUALIZATION: { description: "Ideas; formulated the research goals." },
    DATA_CURATION: { description: "Managed and annotated the data." },
    FORMAL_ANALYSIS: { description: "Applied statistical or formal analysis." },
    FUNDING_ACQUISITION: { description: "Acquired the funding." },
    INVESTIGATION: { description: "Conducted the research, collected the data." },
    METHODOLOGY: { description: "Designed the methods." },
    PROJECT_ADMINISTRATION: { description: "Managed and coordinated the work." },
    RESOURCES: { description: "Provided materials, patients, instruments or tools." },
    SOFTWARE: { description: "Wrote the software." },
    SUPERVISION: { description: "Oversaw and mentored the work." },
    VALIDATION: { description: "Verified the results." },
    VISUALIZATION: { description: "Prepared the figures and visual presentation." },
    WRITING_ORIGINAL_DRAFT: { description: "Wrote the first draft." },
    WRITING_REVIEW_EDITING: { description: "Reviewed and edited the text." },
  },
});

@ObjectType({ description: "A member's part in a work: author position and CRediT roles." })
export class Contribution {
  id!: string;

  workId!: string;

  /** The contributor in the directory; exposed as `member`. Null when the work named them by ORCID iD only. */
  memberId!: string | null;

  @Field(() => String, { nullable: true, description: "The contributor's ORCID iD, when the work named one." })
  orcid!: string | null;

  @Field(() => [CreditRole], { description: "CRediT roles the contributor had (at least one)." })
  roles!: CreditRole[];

  @Field(() => Int, { description: "Author position, 1 for the first author." })
  position!: number;
}

export const ContributionSchema = defineEntity({
  class: Contribution,
  tableName: "contribution",
  properties: {
    id: p.uuid().primary(),
    workId: p.uuid().index(),
    memberId: p.uuid().nullable().index(),
    orcid: p.string().length(19).nullable().index(),
    roles: p.enum(() => CreditRole).array(),
    position: p.integer(),
  },
  uniques: [{ properties: ["workId", "position"] }],
  checks: [{ name: "contribution_contributor_check", expression: `"member_id" is not null or "orcid" is not null` }],
});
