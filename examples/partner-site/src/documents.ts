import { graphql } from "./gql/index.js";

/** The site's operations: GraphQL Codegen types them and lists them in persisted-documents.json. */
export const DirectoryPage = graphql(`
  query DirectoryPage($filter: MemberFilter, $first: Int!, $after: String) {
    members(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { id displayName country careerStage professions society { name } } }
    }
  }
`);

export const MemberCard = graphql(`
  query MemberCard($id: ID!) {
    member(id: $id) {
      id
      displayName
      country
      careerStage
      professions
      languages
      expertise
      society { name website }
      mentorProfile { acceptingMentees capacity activeMentees topics }
    }
  }
`);

export const SocietyBySlug = graphql(`
  query SocietyBySlug($slug: String!) {
    society(slug: $slug) { id name }
  }
`);

export const UpcomingEvents = graphql(`
  query UpcomingEvents($society: ID!, $from: DateTime!) {
    events(first: 5, filter: { society: $society, from: $from }) {
      edges { node { id title kind startsAt timezone online venue icsUrl } }
    }
  }
`);
