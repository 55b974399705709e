import { randomUUID } from "node:crypto";

/**
 * The workloads a partner frontend puts on the gateway. Each scenario turns fixtures (ids read from the
 * seeded directory before measuring) into the request bodies the load process cycles through.
 */
export type ScenarioName = "directory" | "member" | "matches" | "search" | "registrations";

export interface Fixtures {
  memberIds: string[];
  menteeIds: string[];
  programId: string;
  searchTerms: string[];
  /** An event with room for every write of the run, created for the benchmark. */
  eventId: string;
}

export interface Scenario {
  name: ScenarioName;
  title: string;
  /** Operations in the order the load cycles through them; a function makes a fresh body per request. */
  bodies(fixtures: Fixtures): Array<string | (() => string)>;
  /** Reads whose answers must be the same JSON through every gateway before measuring. */
  probes(fixtures: Fixtures): string[];
}

const body = (query: string, variables: Record<string, unknown> = {}) => JSON.stringify({ query, variables });

/**
 * The page every partner site shows first: touches all four subgraphs (4 fetches in the query plan).
 * Keyset-paginated, without `totalCount`: counting visible members scans the whole directory.
 */
export const DIRECTORY_PAGE = `query DirectoryPage($first: Int!) {
  members(first: $first) {
    pageInfo { endCursor hasNextPage }
    edges { node {
      id displayName country careerStage
      society { id name }
      mentorProfile { acceptingMentees capacity activeMentees topics }
      works(first: 1) { totalCount }
      registrations { status event { title startsAt } }
    } }
  }
}`;

const MEMBER_DETAIL = `query MemberDetail($id: ID!) {
  member(id: $id) {
    id displayName givenName familyName orcid country languages timezone careerStage expertise
    professions
    society { id name slug country memberCount }
    affiliations { institution ror country role }
    memberships { since role status society { name } }
    mentorProfile { acceptingMentees capacity activeMentees topics languages meetingModes }
    mentors { status startedAt mentor { id displayName society { name } } program { name } }
    mentees { status startedAt mentee { id displayName society { name } } }
    works(first: 10) { totalCount edges { node { title kind publishedOn doi society { name } } } }
    awards { name year }
    registrations { status registeredAt event { title startsAt cpdCredits society { name } } }
    cpdCredits
    scholarlyOutput { works prizes coAuthors { size countryCount } }
  }
}`;

const MENTOR_MATCHES = `query MentorMatches($id: ID!, $program: ID!) {
  member(id: $id) {
    mentorMatches(programId: $program, first: 10) {
      score
      mentor { id displayName country society { name } }
      breakdown { factor value }
    }
  }
}`;

const DIRECTORY_SEARCH = `query DirectorySearch($q: String!) {
  members(first: 20, filter: { q: $q }) {
    totalCount
    edges { node { id displayName country careerStage expertise society { name } } }
  }
}`;

const EVENT_PAGE = `query EventPage($id: ID!) {
  event(id: $id) { id title startsAt endsAt capacity registeredCount waitlistCount cpdCredits society { name } }
}`;

const REGISTER = `mutation Register($eventId: ID!, $memberId: ID!) {
  registerForEvent(eventId: $eventId, memberId: $memberId) { id status }
}`;

/** One operation per id: the load hands them out in turn, so requests in flight together differ. */
const each = (ids: string[], make: (id: string) => string) => ids.map((id) => make(id));

/** The pages each visitor sees differently (`--per-visitor`): nothing for coalescing to share. */
export const PER_VISITOR_SCENARIOS: ScenarioName[] = ["member", "search", "matches"];

/** The pages `--scaling` times at each directory size. */
export const SCALING_SCENARIOS: ScenarioName[] = ["directory", ...PER_VISITOR_SCENARIOS];

export const SCENARIOS: Record<ScenarioName, Scenario> = {
  directory: {
    name: "directory",
    title: "directory page",
    bodies: () => [body(DIRECTORY_PAGE, { first: 20 })],
    probes: () => [body(DIRECTORY_PAGE, { first: 20 })],
  },
  member: {
    name: "member",
    title: "member detail",
    bodies: (fixtures) => each(fixtures.memberIds, (id) => body(MEMBER_DETAIL, { id })),
    probes: (fixtures) => fixtures.memberIds.slice(0, 10).map((id) => body(MEMBER_DETAIL, { id })),
  },
  matches: {
    name: "matches",
    title: "mentor matches",
    bodies: (fixtures) => each(fixtures.menteeIds, (id) => body(MENTOR_MATCHES, { id, program: fixtures.programId })),
    probes: (fixtures) => fixtures.menteeIds.slice(0, 5).map((id) => body(MENTOR_MATCHES, { id, program: fixtures.programId })),
  },
  search: {
    name: "search",
    title: "directory search",
    bodies: (fixtures) => each(fixtures.searchTerms, (q) => body(DIRECTORY_SEARCH, { q })),
    probes: (fixtures) => fixtures.searchTerms.slice(0, 5).map((q) => body(DIRECTORY_SEARCH, { q })),
  },
  registrations: {
    name: "registrations",
    title: "registrations 90/10",
    // Nine event-page reads, then one registration of a member id never used before.
    bodies: (fixtures) => [
      ...Array.from({ length: 9 }, () => body(EVENT_PAGE, { id: fixtures.eventId })),
      () => body(REGISTER, { eventId: fixtures.eventId, memberId: randomUUID() }),
    ],
    probes: (fixtures) => [body(EVENT_PAGE, { id: fixtures.eventId }).replace("registeredCount waitlistCount ", "")],
  },
};

export const FIXTURE_QUERIES = {
  members: `query ($after: String, $society: ID!) { members(first: 100, after: $after, filter: { society: $society }) { pageInfo { endCursor } edges { node { id expertise familyName } } } }`,
  mentees: `query ($society: ID!) { members(first: 100, filter: { careerStage: TRAINEE, society: $society }) { edges { node { id } } } }`,
  programs: `{ mentoringPrograms(open: true) { id format } }`,
  createEvent: `mutation ($input: CreateEventInput!) { createEvent(input: $input) { id } }`,
};
