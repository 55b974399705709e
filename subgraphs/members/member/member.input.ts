import { Field, InputType } from "type-graphql";
import { InputProblems } from "../../../lib/errors.js";
import {
  normaliseCountry,
  normaliseLanguage,
  normaliseOrcid,
  normaliseRor,
  normaliseTimeZone,
} from "../../../lib/validators.js";
import { CareerStage } from "../../../lib/career-stage.js";
import { Profession, type ContactPreferences } from "./member.entity.js";

@InputType({ description: "An institution a member works at." })
export class AffiliationInput {
  @Field(() => String, { description: "Name of the institution." })
  institution!: string;

  @Field(() => String, { description: "ROR id (https://ror.org/… or the bare id; the checksum is checked).", nullable: true })
  ror?: string | null;

  @Field(() => String, { description: "ISO 3166-1 alpha-2 country of the institution.", nullable: true })
  country?: string | null;

  @Field(() => String, { description: "Position held, e.g. Consultant Haematologist.", nullable: true })
  role?: string | null;
}

@InputType({ description: "How the member agrees to be contacted; every choice defaults to false." })
export class ContactPreferencesInput {
  @Field(() => Boolean, { description: "Contact by e-mail about society business." })
  email!: boolean;

  @Field(() => Boolean, { description: "Mentoring requests from other members." })
  mentoringRequests!: boolean;

  @Field(() => Boolean, { description: "Announcements of events and calls." })
  eventAnnouncements!: boolean;
}

@InputType({ description: "A member's consent, as the member gave it to their society." })
export class DirectoryConsentInput {
  @Field(() => Boolean, { description: "List the member in the directory for anonymous callers, researchers and other societies." })
  listed!: boolean;

  @Field(() => Boolean, { description: "Count the member in researchers' statistics (researchers see them only if listed)." })
  research!: boolean;
}

@InputType({ description: "A member's consent, given or withdrawn; takes effect on the next request." })
export class SetDirectoryConsentInput extends DirectoryConsentInput {}

@InputType({ description: "A new member of the caller's society." })
export class CreateMemberInput {
  @Field(() => String, { nullable: true, description: "Defaults to given name followed by family name." })
  displayName?: string | null;

  @Field(() => String, { description: "Given name." })
  givenName!: string;

  @Field(() => String, { description: "Family name." })
  familyName!: string;

  @Field(() => String, { description: "ORCID iD (0000-0002-1825-0097 or its https://orcid.org/ URL; the checksum is checked).", nullable: true })
  orcid?: string | null;

  @Field(() => String, { description: "Country of residence, ISO 3166-1 alpha-2 (e.g. PT)." })
  country!: string;

  @Field(() => [String], { description: "Languages spoken, BCP 47 tags (e.g. pt-BR, en)." })
  languages!: string[];

  @Field(() => String, { description: "IANA time zone (e.g. Europe/Lisbon)." })
  timezone!: string;

  @Field(() => CareerStage, { description: "Where the member is in their career." })
  careerStage!: CareerStage;

  @Field(() => [Profession], { description: "At least one profession." })
  professions!: Profession[];

  @Field(() => [String], { description: "Topics; default none.", nullable: true })
  expertise?: string[] | null;

  @Field(() => [AffiliationInput], { description: "Institutions; default none.", nullable: true })
  affiliations?: AffiliationInput[] | null;

  @Field(() => String, { nullable: true, description: "Private: seen only by the member's own society." })
  email?: string | null;

  @Field(() => ContactPreferencesInput, { nullable: true, description: "Defaults to no contact." })
  contactPreferences?: ContactPreferencesInput | null;

  @Field(() => DirectoryConsentInput, { nullable: true, description: "Defaults to neither listed nor research use." })
  directoryConsent?: DirectoryConsentInput | null;
}

@InputType({ description: "Fields to change on a member; omitted fields keep their value. Consent changes through setDirectoryConsent." })
export class UpdateMemberInput {
  @Field(() => String, { description: "New display name.", nullable: true })
  displayName?: string | null;

  @Field(() => String, { description: "New given name.", nullable: true })
  givenName?: string | null;

  @Field(() => String, { description: "New family name.", nullable: true })
  familyName?: string | null;

  @Field(() => String, { description: "New ORCID iD (checksum checked).", nullable: true })
  orcid?: string | null;

  @Field(() => String, { description: "New country, ISO 3166-1 alpha-2.", nullable: true })
  country?: string | null;

  @Field(() => [String], { description: "New languages, BCP 47 tags; replaces the list.", nullable: true })
  languages?: string[] | null;

  @Field(() => String, { description: "New IANA time zone.", nullable: true })
  timezone?: string | null;

  @Field(() => CareerStage, { description: "New career stage.", nullable: true })
  careerStage?: CareerStage | null;

  @Field(() => [Profession], { description: "New professions, at least one; replaces the list.", nullable: true })
  professions?: Profession[] | null;

  @Field(() => [String], { description: "New topics; replaces the list.", nullable: true })
  expertise?: string[] | null;

  @Field(() => [AffiliationInput], { description: "New institutions; replaces the list.", nullable: true })
  affiliations?: AffiliationInput[] | null;

  @Field(() => String, { nullable: true, description: "An empty string removes the address." })
  email?: string | null;

  @Field(() => ContactPreferencesInput, { description: "New contact preferences (private to the member's society).", nullable: true })
  contactPreferences?: ContactPreferencesInput | null;
}

/** The writable fields of a member after validation and normalisation. */
export interface MemberChanges {
  displayName?: string;
  givenName?: string;
  familyName?: string;
  orcid?: string | null;
  country?: string;
  languages?: string[];
  timezone?: string;
  careerStage?: CareerStage;
  professions?: Profession[];
  expertise?: string[];
  affiliations?: { institution: string; ror: string | null; country: string | null; role: string | null }[];
  email?: string | null;
  contactPreferences?: ContactPreferences;
}

const MAX_NAME_LENGTH = 200;
/** Deliberately loose (one @, a dot in the domain, no spaces): societies confirm addresses by sending mail. */
const EMAIL = /^[^\s@]{1,64}@[^\s@]+\.[^\s@]{2,}$/;

/**
 * Validates and normalises member fields (create or update alike). Reports every problem at once as
 * BAD_USER_INPUT naming the fields; names keep their Unicode form, only surrounding space is trimmed.
 */
export function validateMemberChanges(input: UpdateMemberInput): MemberChanges {
  const problems = new InputProblems();
  const changes: MemberChanges = {};
  for (const field of ["displayName", "givenName", "familyName"] as const) {
    const value = input[field];
    if (value === undefined || value === null) continue;
    const trimmed = value.normalize("NFC").trim();
    if (trimmed.length === 0 || trimmed.length > MAX_NAME_LENGTH) {
      problems.add(field, `must have between 1 and ${MAX_NAME_LENGTH} characters`);
    } else changes[field] = trimmed;
  }
  if (input.orcid !== undefined) {
    changes.orcid =
      input.orcid === null || input.orcid.trim() === ""
        ? null
        : problems.check("orcid", input.orcid, normaliseOrcid, "is not a valid ORCID iD (format or check digit)");
  }
  if (input.country != null) {
    changes.country = problems.check("country", input.country, normaliseCountry, "is not an ISO 3166-1 alpha-2 code");
  }
  if (input.languages != null) {
    if (input.languages.length === 0) problems.add("languages", "must list at least one language");
    changes.languages = input.languages.map(
      (language) => problems.check("languages", language, normaliseLanguage, `"${language}" is not a BCP 47 language tag`) ?? "",
    );
  }
  if (input.timezone != null) {
    changes.timezone = problems.check("timezone", input.timezone, normaliseTimeZone, "is not an IANA time zone");
  }
  if (input.careerStage != null) changes.careerStage = input.careerStage;
  if (input.professions != null) {
    if (input.professions.length === 0) problems.add("professions", "must list at least one profession");
    changes.professions = [...new Set(input.professions)];
  }
  if (input.expertise != null) {
    changes.expertise = [...new Set(input.expertise.map((topic) => topic.trim()).filter(Boolean))];
  }
  if (input.affiliations != null) {
    changes.affiliations = input.affiliations.map((affiliation, index) => ({
      institution: affiliation.institution.trim(),
      ror: affiliation.ror
        ? (problems.check(`affiliations.${index}.ror`, affiliation.ror, normaliseRor, "is not a valid ROR id") ?? null)
        : null,
      country: affiliation.country
        ? (problems.check(`affiliations.${index}.country`, affiliation.country, normaliseCountry, "is not an ISO 3166-1 alpha-2 code") ?? null)
        : null,
      role: affiliation.role?.trim() || null,
    }));
  }
  if (input.email !== undefined) {
    const email = input.email?.trim() ?? "";
    if (email === "") changes.email = null;
    else if (email.length > 320 || !EMAIL.test(email)) problems.add("email", "is not an e-mail address");
    else changes.email = email;
  }
  if (input.contactPreferences != null) changes.contactPreferences = { ...input.contactPreferences };
  problems.throwIfAny();
  return changes;
}
