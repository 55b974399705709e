import { Field, Int, ObjectType } from "type-graphql";
import type { EntityManager } from "../../../lib/database.js";
import { MemberGroupReference } from "../../../lib/external.js";
import { WorkKind } from "../work/work.entity.js";

@ObjectType({ description: "Works of one kind." })
export class KindCount {
  @Field(() => WorkKind, { description: "The kind of work." })
  kind!: WorkKind;

  @Field(() => Int, { description: "Number of works of that kind." })
  works!: number;
}

@ObjectType({ description: "Works published in one year." })
export class YearCount {
  @Field(() => Int, { description: "The year of publication." })
  year!: number;

  @Field(() => Int, { description: "Number of works published that year." })
  works!: number;
}

@ObjectType({ description: "The figures a member or a society reports about its scholarship." })
export class ScholarlyOutput {
  @Field(() => Int, { description: "Number of works." })
  works!: number;

  @Field(() => [KindCount], { description: "Most frequent kind first." })
  byKind!: KindCount[];

  @Field(() => [YearCount], { description: "Newest year first; undated works are counted in `works` only." })
  byYear!: YearCount[];

  @Field(() => Int, { description: "Prizes: received by the member, or awarded by the society." })
  prizes!: number;

  @Field(() => MemberGroupReference, { description: "The directory members who co-authored these works; ask for their size and countries." })
  coAuthors!: MemberGroupReference;
}

/** Who a member is for counting: works recorded by their id or by their ORCID iD are theirs. */
export interface MemberSubject {
  id: string;
  orcid: string | null;
}

interface OutputRow {
  subject: string;
  orcid: string | null;
  works: string;
  by_kind: KindCount[];
  by_year: YearCount[];
  prizes: string;
  co_authors: string[];
}

/** The subjects (members or societies) of one statement, their works as (subject, work) pairs, and their prizes. */
interface Subjects {
  /** `(id, orcid)` pairs as a VALUES list. */
  values: string;
  /** A query of `subject, id, kind, year` over `subject s`. */
  works: string;
  /** A scalar subquery counting `s`'s prizes. */
  prizes: string;
  /** Members do not count themselves among their co-authors. */
  excludeSelf: boolean;
}

/** The counts over the `works` CTE for `subject s`, as columns (the same for members and societies). */
function outputColumns({ prizes, excludeSelf }: Subjects): string[] {
  return [
    "(select count(*) from works w where w.subject = s.id) as works",
    `(select coalesce(json_agg(json_build_object('kind', kind, 'works', n) order by n desc, kind), '[]')
       from (select kind, count(*)::int as n from works w where w.subject = s.id group by kind) k) as by_kind`,
    `(select coalesce(json_agg(json_build_object('year', year, 'works', n) order by year desc), '[]')
       from (select year, count(*)::int as n from works w where w.subject = s.id and year is not null group by year) y) as by_year`,
    `(${prizes}) as prizes`,
    `(select coalesce(array_agg(distinct c.member_id), '{}') from works w join contribution c on c.work_id = w.id
      where w.subject = s.id and c.member_id is not null${excludeSelf ? " and c.member_id <> s.id" : ""}) as co_authors`,
  ];
}

/** One row per subject with the given columns over `subject s` (and the `works` CTE). */
function perSubject(subjects: Subjects, columns: string[]): string {
  return `with subject(id, orcid) as (values ${subjects.values}),
    works as (${subjects.works})
    select ${["s.id as subject", "s.orcid", ...columns].join(",\n      ")}
    from subject s`;
}

function toOutput(row: OutputRow): ScholarlyOutput {
  return { works: Number(row.works), byKind: row.by_kind, byYear: row.by_year, prizes: Number(row.prizes), coAuthors: { ids: row.co_authors } };
}

/** What a member page shows of a member's scholarship: the works (newest first), the awards (newest first), the counts. */
export interface MemberScholarship {
  works: Record<string, unknown>[];
  awards: Record<string, unknown>[];
  output: ScholarlyOutput;
}

/** The parts of a member's scholarship one request asks for. */
export type MemberPart = "works" | "awards" | "output";

/**
 * A member page's scholarship for each member in one statement, only the parts asked: works and awards as JSON rows
 * (for `em.map`), the counts. Works are the member's by id or ORCID iD, each once, newest first.
 */
export async function memberScholarship(em: EntityManager, members: MemberSubject[], parts: ReadonlySet<MemberPart>): Promise<Map<string, Partial<MemberScholarship>>> {
  const subjects: Subjects = {
    values: members.map(() => "(?::uuid, ?::text)").join(", "),
    works: `select distinct s.id as subject, w.id, w.kind, extract(year from w.published_on)::int as year
              from subject s join contribution c on c.member_id = s.id or (s.orcid is not null and c.orcid = s.orcid)
              join work w on w.id = c.work_id`,
    prizes: "select count(*) from award a where a.member_id = s.id",
    excludeSelf: true,
  };
  const columns = [
    ...(parts.has("output") ? outputColumns(subjects) : []),
    ...(parts.has("works")
      ? [
          `(select coalesce(json_agg(to_jsonb(w) order by w.published_on desc nulls last, w.id), '[]') from work w
             where w.id in (select c.work_id from contribution c where c.member_id = s.id or (s.orcid is not null and c.orcid = s.orcid))) as work_rows`,
        ]
      : []),
    ...(parts.has("awards") ? [`(select coalesce(json_agg(to_jsonb(a) order by a.year desc, a.id), '[]') from award a where a.member_id = s.id) as award_rows`] : []),
  ];
  const rows = await em.execute<(OutputRow & { work_rows?: Record<string, unknown>[]; award_rows?: Record<string, unknown>[] })[]>(
    perSubject(subjects, columns),
    members.flatMap((member) => [member.id, member.orcid]),
  );
  return new Map(
    rows.map((row) => [
      memberKey({ id: row.subject, orcid: row.orcid }),
      { works: row.work_rows, awards: row.award_rows, ...(parts.has("output") ? { output: toOutput(row) } : {}) },
    ]),
  );
}

/** Loader key of a member whose ORCID iD the gateway handed over (@requires): works may name either. */
export function memberKey(member: { id: string; orcid?: string | null }): string {
  return `${member.id}|${member.orcid ?? ""}`;
}

export function parseMemberKey(key: string): MemberSubject {
  const [id, orcid] = key.split("|");
  return { id: id!, orcid: orcid || null };
}

export async function societyOutputs(em: EntityManager, societyIds: string[]): Promise<Map<string, ScholarlyOutput>> {
  const subjects: Subjects = {
    values: societyIds.map(() => "(?::uuid, null::text)").join(", "),
    works: `select s.id as subject, w.id, w.kind, extract(year from w.published_on)::int as year
              from subject s join work w on w.society_id = s.id`,
    prizes: "select count(*) from award a where a.society_id = s.id",
    excludeSelf: false,
  };
  const rows = await em.execute<OutputRow[]>(perSubject(subjects, outputColumns(subjects)), societyIds);
  return new Map(rows.map((row) => [row.subject, toOutput(row)]));
}
