import { Field, ID, InputType } from "type-graphql";
import { InputProblems } from "../../../lib/errors.js";
import { SocietyStage } from "../../../lib/society-stage.js";
import { normaliseTopics, TOPICS_RULE } from "../../../lib/validators.js";

@InputType({ description: "A new community of the caller's society; it starts at ESTABLISH." })
export class CreateCommunityInput {
  @Field(() => String, { description: "Name of the community." })
  name!: string;

  @Field(() => String, { description: "What the community is for." })
  purpose!: string;

  @Field(() => [String], { description: `Practice areas or disciplines: ${TOPICS_RULE}.` })
  topics!: string[];
}

@InputType({ description: "Changes to a community; omitted fields keep their value. A new stage is added to its history." })
export class UpdateCommunityInput {
  @Field(() => String, { description: "New name.", nullable: true })
  name?: string | null;

  @Field(() => String, { description: "New purpose.", nullable: true })
  purpose?: string | null;

  @Field(() => [String], { description: "New topics (at most 20 of 1 to 60 characters); replaces the list.", nullable: true })
  topics?: string[] | null;

  @Field(() => SocietyStage, { description: "New life stage; the change is kept in `stageHistory`.", nullable: true })
  stage?: SocietyStage | null;
}

@InputType({ description: "Narrows the list of communities; all given criteria must hold." })
export class CommunityFilter {
  @Field(() => String, { nullable: true, description: "Free text over name and purpose, case- and accent-insensitive." })
  q?: string | null;

  @Field(() => String, { nullable: true, description: "Exact topic, e.g. Physiotherapy." })
  topic?: string | null;

  @Field(() => ID, { nullable: true, description: "Communities this society takes part in." })
  society?: string | null;

  @Field(() => SocietyStage, { description: "Communities in this life stage only.", nullable: true })
  stage?: SocietyStage | null;
}

const MAX_NAME = 120;
const MAX_PURPOSE = 2000;

export interface CommunityFields {
  name?: string;
  purpose?: string;
  topics?: string[];
  stage?: SocietyStage;
}

/** Checks a new or changed community, reporting every problem at once. */
export function validateCommunity(input: CreateCommunityInput | UpdateCommunityInput): CommunityFields {
  const problems = new InputProblems();
  const fields: CommunityFields = {};
  if (input.name != null) {
    const name = input.name.trim();
    if (name.length === 0 || name.length > MAX_NAME || !slugOf(name)) problems.add("name", `must have between 1 and ${MAX_NAME} characters, some of them letters or digits`);
    else fields.name = name;
  }
  if (input.purpose != null) {
    const purpose = input.purpose.trim();
    if (purpose.length === 0 || purpose.length > MAX_PURPOSE) problems.add("purpose", `must have between 1 and ${MAX_PURPOSE} characters`);
    else fields.purpose = purpose;
  }
  if (input.topics != null) {
    const topics = normaliseTopics(input.topics);
    if (topics) fields.topics = topics;
    else problems.add("topics", TOPICS_RULE);
  }
  if ("stage" in input && input.stage) fields.stage = input.stage;
  problems.throwIfAny();
  return fields;
}

/** "Allied Health: Physiotherapy SIG" → "allied-health-physiotherapy-sig" (accents folded, as the directory's search does). */
export function slugOf(name: string): string {
  return name
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 80)
    .replace(/-+$/, "");
}
