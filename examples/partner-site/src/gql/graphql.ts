/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** Where someone is in their career, from student to senior. */
export type CareerStage =
  /** Qualified, in the first years of independent practice or research. */
  | 'EARLY_CAREER'
  /** Established, leading work of their own. */
  | 'MID_CAREER'
  /** Senior clinician, educator or researcher; leads others. */
  | 'SENIOR'
  /** In undergraduate or pre-registration education. */
  | 'STUDENT'
  /** In postgraduate or specialty training. */
  | 'TRAINEE';

/** What sort of event it is. */
export type EventKind =
  /** Informal career conversation over a meal. */
  | 'CAREER_LUNCH'
  /** Discussion of a clinical or teaching case. */
  | 'CASE_DISCUSSION'
  /** A session within a conference. */
  | 'CONFERENCE_SESSION'
  /** Discussion of a published paper. */
  | 'JOURNAL_CLUB'
  /** Short rotating mentoring conversations. */
  | 'SPEED_MENTORING'
  /** A talk streamed online. */
  | 'WEBINAR'
  /** Hands-on session in small groups. */
  | 'WORKSHOP';

/** Narrows the directory; all given criteria must hold. */
export type MemberFilter = {
  /** Members at this career stage only. */
  careerStage?: CareerStage | null | undefined;
  /** ISO 3166-1 alpha-2 country of residence. */
  country?: string | null | undefined;
  /** Exact expertise topic, e.g. Haemostasis. */
  expertise?: string | null | undefined;
  /** BCP 47 language tag. */
  language?: string | null | undefined;
  /** Members with this profession (among others) only. */
  profession?: Profession | null | undefined;
  /** Free text over names and expertise, case- and accent-insensitive. */
  q?: string | null | undefined;
  /** Members of this society (home or additional membership). */
  society?: string | number | null | undefined;
};

/** A health or education profession. */
export type Profession =
  /** Allied health professional (physiotherapist, dietitian, radiographer, …). */
  | 'ALLIED_HEALTH'
  /** Educator in health professions. */
  | 'EDUCATOR'
  /** Nurse or midwife. */
  | 'NURSE'
  /** Any other profession. */
  | 'OTHER'
  /** Pharmacist. */
  | 'PHARMACIST'
  /** Medical doctor. */
  | 'PHYSICIAN'
  /** Researcher in health or education. */
  | 'RESEARCHER';

export type DirectoryPageQueryVariables = Exact<{
  filter?: MemberFilter | null | undefined;
  first: number;
  after?: string | null | undefined;
}>;


export type DirectoryPageQuery = { members: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, displayName: string, country: string, careerStage: CareerStage, professions: Array<Profession>, society: { name: string } } }> } };

export type MemberCardQueryVariables = Exact<{
  id: string | number;
}>;


export type MemberCardQuery = { member: { id: string, displayName: string, country: string, careerStage: CareerStage, professions: Array<Profession>, languages: Array<string>, expertise: Array<string>, society: { name: string, website: string | null }, mentorProfile: { acceptingMentees: boolean, capacity: number, activeMentees: number, topics: Array<string> } | null } | null };

export type SocietyBySlugQueryVariables = Exact<{
  slug: string;
}>;


export type SocietyBySlugQuery = { society: { id: string, name: string } | null };

export type UpcomingEventsQueryVariables = Exact<{
  society: string | number;
  from: unknown;
}>;


export type UpcomingEventsQuery = { events: { edges: Array<{ node: { id: string, title: string, kind: EventKind, startsAt: unknown, timezone: string, online: boolean, venue: string | null, icsUrl: string } }> } };


export const DirectoryPageDocument = {"__meta__":{"hash":"sha256:abec2b378ae22ddaa23234a1714c99b893b498e65e5ca1b2eefd2655185b5203"}} as unknown as DocumentNode<DirectoryPageQuery, DirectoryPageQueryVariables>;
export const MemberCardDocument = {"__meta__":{"hash":"sha256:aa545cd619b99a436be4b0560222010787b4c4d9d507bd4be0576b0e7526d938"}} as unknown as DocumentNode<MemberCardQuery, MemberCardQueryVariables>;
export const SocietyBySlugDocument = {"__meta__":{"hash":"sha256:afdc49e1c822ceaca1c3e3877c657d4b68fcc5447d25e3e3d15825f73664fbef"}} as unknown as DocumentNode<SocietyBySlugQuery, SocietyBySlugQueryVariables>;
export const UpcomingEventsDocument = {"__meta__":{"hash":"sha256:ed365bc5e26df52d4a29eec7b27bbf58950a8b5f58f56c9f6748e1ce9d4436bc"}} as unknown as DocumentNode<UpcomingEventsQuery, UpcomingEventsQueryVariables>;