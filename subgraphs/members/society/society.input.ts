import { Field, InputType } from "type-graphql";
import { InputProblems } from "../../../lib/errors.js";
import { normaliseCountry, normaliseRor } from "../../../lib/validators.js";
import { SocietyStage } from "../../../lib/society-stage.js";
import { SocietyKind } from "./society.entity.js";

@InputType({ description: "Fields to change on a society; omitted fields keep their value. The slug never changes: keys and links name it." })
export class UpdateSocietyInput {
  @Field(() => String, { nullable: true, description: "New full name, 1–200 characters." })
  name?: string | null;

  @Field(() => SocietyKind, { nullable: true, description: "New kind of organisation." })
  kind?: SocietyKind | null;

  @Field(() => SocietyStage, { nullable: true, description: "A change is kept in stageHistory." })
  stage?: SocietyStage | null;

  @Field(() => String, { nullable: true, description: "ISO 3166-1 alpha-2." })
  country?: string | null;

  @Field(() => String, { nullable: true, description: "http(s) address; an empty string removes it." })
  website?: string | null;

  @Field(() => String, { nullable: true, description: "ROR id; an empty string removes it." })
  ror?: string | null;
}

@InputType({ description: "A society joining the network (admins only)." })
export class CreateSocietyInput extends UpdateSocietyInput {
  @Field(() => String, { description: "Lower-case letters, digits and hyphens, 2–40 characters, unique across the network." })
  slug!: string;

  @Field(() => String, { description: "Full name, 1–200 characters." })
  declare name: string;

  @Field(() => SocietyKind, { description: "What kind of organisation it is." })
  declare kind: SocietyKind;

  @Field(() => String, { description: "Country of its seat, ISO 3166-1 alpha-2." })
  declare country: string;
}

export interface SocietyChanges {
  slug?: string;
  name?: string;
  kind?: SocietyKind;
  stage?: SocietyStage;
  country?: string;
  website?: string | null;
  ror?: string | null;
}

const SLUG = /^[a-z0-9][a-z0-9-]{1,39}$/;
const MAX_NAME_LENGTH = 200;
const MAX_URL_LENGTH = 2048;

/** Validates and normalises society fields (create or update); every problem is reported at once as BAD_USER_INPUT. */
export function validateSocietyChanges(input: UpdateSocietyInput & { slug?: string }): SocietyChanges {
  const problems = new InputProblems();
  const changes: SocietyChanges = {};
  if (input.slug !== undefined) {
    if (SLUG.test(input.slug)) changes.slug = input.slug;
    else problems.add("slug", "must be 2–40 lower-case letters, digits or hyphens, starting with a letter or digit");
  }
  if (input.name != null) {
    const name = input.name.normalize("NFC").trim();
    if (name.length === 0 || name.length > MAX_NAME_LENGTH) problems.add("name", `must have between 1 and ${MAX_NAME_LENGTH} characters`);
    else changes.name = name;
  }
  if (input.kind != null) changes.kind = input.kind;
  if (input.stage != null) changes.stage = input.stage;
  if (input.country != null) changes.country = problems.check("country", input.country, normaliseCountry, "is not an ISO 3166-1 alpha-2 code");
  if (input.website != null) changes.website = input.website.trim() === "" ? null : problems.check("website", input.website.trim(), webAddress, "is not an http(s) address");
  if (input.ror != null) changes.ror = input.ror.trim() === "" ? null : problems.check("ror", input.ror, normaliseRor, "is not a valid ROR id");
  problems.throwIfAny();
  return changes;
}

function webAddress(value: string): string | null {
  if (value.length > MAX_URL_LENGTH || !URL.canParse(value)) return null;
  const url = new URL(value);
  return url.protocol === "https:" || url.protocol === "http:" ? url.href : null;
}
