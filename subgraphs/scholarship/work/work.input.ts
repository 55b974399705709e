import { DateResolver } from "graphql-scalars";
import { Field, ID, InputType, Int } from "type-graphql";
import { InputProblems } from "../../../lib/errors.js";
import { isUuid, normaliseDoi, normaliseOrcid, normaliseTopics, TOPICS_RULE } from "../../../lib/validators.js";
import parseSpdx from "spdx-expression-parse";
import { CareerStage } from "../../../lib/career-stage.js";
import { Profession } from "../../../lib/profession.js";
import { CreditRole } from "./contribution.entity.js";
import { ResourceAccess, WorkKind } from "./work.entity.js";

@InputType({ description: "A contributor: a member of the directory by id, or anyone by ORCID iD." })
export class ContributionInput {
  @Field(() => ID, { description: "The contributor as a directory member (id of a member the caller may see); or give `orcid`.", nullable: true })
  member?: string | null;

  @Field(() => String, { description: "The contributor's ORCID iD, for anyone (checksum checked); or give `member`.", nullable: true })
  orcid?: string | null;

  @Field(() => [CreditRole], { description: "One or more of the 14 CRediT roles." })
  roles!: CreditRole[];

  @Field(() => Int, { description: "Author position, 1 for the first author." })
  position!: number;
}

@InputType({ description: "A paper, abstract or resource recorded by the caller's society." })
export class AddWorkInput {
  @Field(() => String, { nullable: true, description: "Any common form: 10.1234/x, doi:10.1234/x, https://doi.org/10.1234/x." })
  doi?: string | null;

  @Field(() => String, { description: "Title." })
  title!: string;

  @Field(() => WorkKind, { description: "What sort of output it is." })
  kind!: WorkKind;

  @Field(() => DateResolver, { description: "Publication date.", nullable: true })
  publishedOn?: Date | string | null;

  @Field(() => String, { description: "Journal, conference or channel where it appeared.", nullable: true })
  venue?: string | null;

  @Field(() => String, { description: "Link to it (http or https).", nullable: true })
  url?: string | null;

  @Field(() => [ContributionInput], { description: "Contributors in author order; at least one." })
  contributions!: ContributionInput[];

  @Field(() => [String], { nullable: true, description: `Practice areas or disciplines: ${TOPICS_RULE}.` })
  topics?: string[] | null;

  @Field(() => AudienceInput, { description: "Who the resource is for; default everyone.", nullable: true })
  audience?: AudienceInput | null;

  @Field(() => String, { description: "Summary of the work.", nullable: true })
  abstract?: string | null;

  @Field(() => String, { nullable: true, description: "SPDX licence expression, e.g. CC-BY-4.0 or (MIT OR Apache-2.0)." })
  licence?: string | null;

  @Field(() => ResourceAccess, { nullable: true, description: "Default OPEN." })
  access?: ResourceAccess | null;

  @Field(() => ID, { nullable: true, description: "A community the caller's society takes part in." })
  communityId?: string | null;
}

@InputType("AudienceInput", { description: "Who a resource is for; leave a list empty for anyone." })
export class AudienceInput {
  @Field(() => [Profession], { description: "Professions it is meant for; empty: every profession." })
  professions!: Profession[];

  @Field(() => [CareerStage], { description: "Career stages it is meant for; empty: every stage." })
  careerStages!: CareerStage[];
}

export interface ValidWork {
  doi: string | null;
  title: string;
  kind: WorkKind;
  publishedOn: string | null;
  venue: string | null;
  url: string | null;
  topics: string[];
  audienceProfessions: Profession[];
  audienceCareerStages: CareerStage[];
  abstract: string | null;
  licence: string | null;
  access: ResourceAccess;
  contributions: { memberId: string | null; orcid: string | null; roles: CreditRole[]; position: number }[];
}

const MAX_TITLE = 1000;
const MAX_CONTRIBUTORS = 500;
const MAX_ABSTRACT = 5000;
const MAX_LICENCE = 200;

/** An SPDX licence expression as given (ids and operators checked by spdx-expression-parse), or null if it is not one. */
function spdxExpression(value: string): string | null {
  if (value.length > MAX_LICENCE) return null;
  try {
    parseSpdx(value);
    return value;
  } catch {
    return null;
  }
}

/** Validates a new work: DOI and ORCID iDs normalised and checked, positions 1..n without gaps. */
export function validateWork(input: AddWorkInput): ValidWork {
  const problems = new InputProblems();
  const title = input.title.normalize("NFC").trim();
  if (title.length === 0 || title.length > MAX_TITLE) problems.add("title", `must have between 1 and ${MAX_TITLE} characters`);
  const doi = input.doi?.trim() ? (problems.check("doi", input.doi, normaliseDoi, "is not a DOI (10.<registrant>/<suffix>)") ?? null) : null;
  const url = input.url?.trim() || null;
  if (url && !/^https?:\/\/\S+$/.test(url)) problems.add("url", "must be an http(s) URL");
  if (input.contributions.length > MAX_CONTRIBUTORS) problems.add("contributions", `at most ${MAX_CONTRIBUTORS}`);
  const contributions = input.contributions.map((contribution, index) => {
    const field = `contributions.${index}`;
    const memberId = contribution.member?.trim() || null;
    const orcidGiven = contribution.orcid?.trim() || null;
    if ((memberId === null) === (orcidGiven === null)) problems.add(field, "give either member or orcid");
    if (memberId && !isUuid(memberId)) problems.add(`${field}.member`, "is not a valid id");
    const orcid = orcidGiven ? (problems.check(`${field}.orcid`, orcidGiven, normaliseOrcid, "is not a valid ORCID iD (format or check digit)") ?? null) : null;
    if (contribution.roles.length === 0) problems.add(`${field}.roles`, "must list at least one CRediT role");
    return { memberId, orcid, roles: [...new Set(contribution.roles)], position: contribution.position };
  });
  const positions = contributions.map((contribution) => contribution.position).sort((a, b) => a - b);
  if (positions.some((position, index) => position !== index + 1)) problems.add("contributions", "positions must be 1, 2, 3… without gaps or repeats");
  const people = contributions.map((contribution) => contribution.memberId ?? contribution.orcid);
  if (new Set(people).size !== people.length) problems.add("contributions", "a contributor is listed twice");
  const topics = normaliseTopics(input.topics ?? []);
  if (!topics) problems.add("topics", TOPICS_RULE);
  const abstract = input.abstract?.trim() || null;
  if (abstract && abstract.length > MAX_ABSTRACT) problems.add("abstract", `at most ${MAX_ABSTRACT} characters`);
  const licence = input.licence?.trim() ? (problems.check("licence", input.licence.trim(), spdxExpression, "is not an SPDX licence expression (e.g. CC-BY-4.0)") ?? null) : null;
  problems.throwIfAny();
  const publishedOn = input.publishedOn instanceof Date ? input.publishedOn.toISOString().slice(0, 10) : (input.publishedOn ?? null);
  return {
    doi, title, kind: input.kind, publishedOn, venue: input.venue?.trim() || null, url, contributions, topics: topics!, abstract, licence,
    audienceProfessions: [...new Set(input.audience?.professions ?? [])],
    audienceCareerStages: [...new Set(input.audience?.careerStages ?? [])],
    access: input.access ?? ResourceAccess.OPEN,
  };
}
