/* eslint-disable */
import * as types from './graphql.js';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query DirectoryPage($filter: MemberFilter, $first: Int!, $after: String) {\n    members(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { id displayName country careerStage professions society { name } } }\n    }\n  }\n": typeof types.DirectoryPageDocument,
    "\n  query MemberCard($id: ID!) {\n    member(id: $id) {\n      id\n      displayName\n      country\n      careerStage\n      professions\n      languages\n      expertise\n      society { name website }\n      mentorProfile { acceptingMentees capacity activeMentees topics }\n    }\n  }\n": typeof types.MemberCardDocument,
    "\n  query SocietyBySlug($slug: String!) {\n    society(slug: $slug) { id name }\n  }\n": typeof types.SocietyBySlugDocument,
    "\n  query UpcomingEvents($society: ID!, $from: DateTime!) {\n    events(first: 5, filter: { society: $society, from: $from }) {\n      edges { node { id title kind startsAt timezone online venue icsUrl } }\n    }\n  }\n": typeof types.UpcomingEventsDocument,
};
const documents: Documents = {
    "\n  query DirectoryPage($filter: MemberFilter, $first: Int!, $after: String) {\n    members(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { id displayName country careerStage professions society { name } } }\n    }\n  }\n": types.DirectoryPageDocument,
    "\n  query MemberCard($id: ID!) {\n    member(id: $id) {\n      id\n      displayName\n      country\n      careerStage\n      professions\n      languages\n      expertise\n      society { name website }\n      mentorProfile { acceptingMentees capacity activeMentees topics }\n    }\n  }\n": types.MemberCardDocument,
    "\n  query SocietyBySlug($slug: String!) {\n    society(slug: $slug) { id name }\n  }\n": types.SocietyBySlugDocument,
    "\n  query UpcomingEvents($society: ID!, $from: DateTime!) {\n    events(first: 5, filter: { society: $society, from: $from }) {\n      edges { node { id title kind startsAt timezone online venue icsUrl } }\n    }\n  }\n": types.UpcomingEventsDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DirectoryPage($filter: MemberFilter, $first: Int!, $after: String) {\n    members(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { id displayName country careerStage professions society { name } } }\n    }\n  }\n"): (typeof documents)["\n  query DirectoryPage($filter: MemberFilter, $first: Int!, $after: String) {\n    members(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { id displayName country careerStage professions society { name } } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MemberCard($id: ID!) {\n    member(id: $id) {\n      id\n      displayName\n      country\n      careerStage\n      professions\n      languages\n      expertise\n      society { name website }\n      mentorProfile { acceptingMentees capacity activeMentees topics }\n    }\n  }\n"): (typeof documents)["\n  query MemberCard($id: ID!) {\n    member(id: $id) {\n      id\n      displayName\n      country\n      careerStage\n      professions\n      languages\n      expertise\n      society { name website }\n      mentorProfile { acceptingMentees capacity activeMentees topics }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SocietyBySlug($slug: String!) {\n    society(slug: $slug) { id name }\n  }\n"): (typeof documents)["\n  query SocietyBySlug($slug: String!) {\n    society(slug: $slug) { id name }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query UpcomingEvents($society: ID!, $from: DateTime!) {\n    events(first: 5, filter: { society: $society, from: $from }) {\n      edges { node { id title kind startsAt timezone online venue icsUrl } }\n    }\n  }\n"): (typeof documents)["\n  query UpcomingEvents($society: ID!, $from: DateTime!) {\n    events(first: 5, filter: { society: $society, from: $from }) {\n      edges { node { id title kind startsAt timezone online venue icsUrl } }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;