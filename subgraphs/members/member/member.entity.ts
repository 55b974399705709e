import { defineEntity, p } from "@mikro-orm/core";
import { DateTimeResolver } from "graphql-scalars";
import { Directive, Field, ID, ObjectType } from "type-graphql";
import { CareerStage } from "../../../lib/career-stage.js";
import { assumed } from "../../../lib/demand-control.js";
import { Profession } from "../../../lib/profession.js";

// Shared with scholarship (a resource's audience); re-exported where the members subgraph always found it.
export { Profession };

@ObjectType({ description: "An institution a member works at." })
export class Affiliation {
  @Field(() => String, { description: "Name of the institution, as entered." })
  institution!: string;

  @Field(() => String, { nullable: true, description: "ROR id of the institution." })
  ror!: string | null;

  @Field(() => String, { description: "ISO 3166-1 alpha-2 country of the institution; null when not given.", nullable: true })
  country!: string | null;

  @Field(() => String, { nullable: true, description: "Position held, e.g. Consultant Haematologist." })
  role!: string | null;
}

@ObjectType({ description: "How a member agreed to be contacted. Private to the member's own society." })
export class ContactPreferences {
  @Field(() => Boolean, { description: "Contact by e-mail about society business." })
  email!: boolean;

  @Field(() => Boolean, { description: "Mentoring requests from other members." })
  mentoringRequests!: boolean;

  @Field(() => Boolean, { description: "Announcements of events and calls." })
  eventAnnouncements!: boolean;
}

export const NO_CONTACT: ContactPreferences = { email: false, mentoringRequests: false, eventAnnouncements: false };

@ObjectType({ description: "What a member agreed to: being listed in the public directory, being counted in researchers' statistics." })
export class DirectoryConsent {
  @Field(() => Boolean, { description: "Listed in the directory for anonymous callers, researchers and other societies." })
  listed!: boolean;

  @Field(() => Boolean, { description: "Counted in directory statistics (researchers see members only where they are listed)." })
  research!: boolean;

  @Field(() => DateTimeResolver, { nullable: true, description: "When the member last gave or withdrew consent." })
  updatedAt!: Date | null;
}

@ObjectType({ description: "A clinician, educator, researcher or trainee listed in the directory." })
@Directive('@key(fields: "id")')
export class Member {
  @Field(() => ID, { description: "Identifier (UUID); stable, safe to keep in a partner's own records." })
  id!: string;

  /** Home society: it owns this record. Exposed as `society` by MemberResolver. */
  societyId!: string;

  @Field(() => String, { description: "Name as the member wants it shown (Unicode, as entered: \"Jürgen Müller\")." })
  displayName!: string;

  @Field(() => String, { description: "Given (first) name, as entered." })
  givenName!: string;

  @Field(() => String, { description: "Family name, as entered; the directory orders by it." })
  familyName!: string;

  @Field(() => String, { nullable: true, description: "ORCID iD, e.g. 0000-0002-1825-0097." })
  orcid!: string | null;

  @Field(() => String, { description: "ISO 3166-1 alpha-2 country of residence." })
  country!: string;

  @Field(() => [String], { description: "BCP 47 language tags the member works in." })
  languages!: string[];

  @Field(() => String, { description: "IANA time zone, e.g. Europe/Lisbon." })
  timezone!: string;

  @Field(() => CareerStage, { description: "Where the member is in their career; mentor matching compares it." })
  careerStage!: CareerStage;

  @Field(() => [Profession], { description: "The member's professions (at least one)." })
  professions!: Profession[];

  @Field(() => [String], { description: "Free-text topics the member works on, e.g. Haemostasis; `members(filter: { expertise })` matches them exactly." })
  expertise!: string[];

  @Field(() => [Affiliation], { description: "Institutions the member works at; empty when none were given." })
  @Directive(assumed(2))
  affiliations!: Affiliation[];

  @Field(() => DateTimeResolver, { description: "When the member's record was created (UTC)." })
  createdAt!: Date;

  @Field(() => DateTimeResolver, { description: "When the member's record last changed (UTC)." })
  updatedAt!: Date;

  /** Accent- and case-folded family + given name: the directory's sort key (database-generated). */
  sortName!: string;

  // Private fields and consent: exposed by MemberResolver, which shows them to the home society only.
  email!: string | null;
  contactPreferences!: ContactPreferences;
  /** Consent to appear in the directory for anonymous callers and other societies. */
  listed!: boolean;
  /** Consent to be counted in researchers' statistics (not to be seen by them: that is `listed`). */
  researchConsent!: boolean;
  consentUpdatedAt!: Date | null;

  /** Folded names and expertise for free-text search (database-generated, trigram-indexed); never loaded. */
  searchText?: string;
}

export const MemberSchema = defineEntity({
  class: Member,
  tableName: "member",
  properties: {
    id: p.uuid().primary(),
    societyId: p.uuid().index(),
    displayName: p.string(),
    givenName: p.string(),
    familyName: p.string(),
    orcid: p.string().length(19).nullable().unique(),
    country: p.string().length(2).index(),
    languages: p.array(),
    timezone: p.string(),
    careerStage: p.enum(() => CareerStage).index(),
    professions: p.enum(() => Profession).array(),
    expertise: p.array(),
    affiliations: p.json<Affiliation[]>(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
    // Computed by PostgreSQL; MikroORM never writes generated columns.
    sortName: p.text().generated(`(copnet_fold("family_name" || ' ' || "given_name")) stored`),
    email: p.string().length(320).nullable(),
    contactPreferences: p.json<ContactPreferences>(),
    listed: p.boolean().default(false),
    researchConsent: p.boolean().default(false),
    consentUpdatedAt: p.datetime().nullable(),
    searchText: p.text().generated(`(copnet_member_search_text("display_name", "given_name", "family_name", "expertise")) stored`).lazy(),
  },
  // Declared here as the migrations create them, so the schema diff test sees entities and database agree.
  indexes: [
    { name: "member_sort_name_id_index", properties: ["sortName", "id"] },
    { name: "member_search_text_trgm_index", expression: `create index "member_search_text_trgm_index" on "member" using gin ("search_text" gin_trgm_ops)` },
    { name: "member_languages_index", expression: `create index "member_languages_index" on "member" using gin ("languages")` },
    { name: "member_expertise_index", expression: `create index "member_expertise_index" on "member" using gin ("expertise")` },
    { name: "member_professions_index", expression: `create index "member_professions_index" on "member" using gin ("professions")` },
  ],
});
