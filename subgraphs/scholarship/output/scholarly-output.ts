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
  works: string;
  by_kind: KindCount[];
  by_year: YearCount[];
  prizes: string;
  co_authors: string[];
}

/**
 * The counts for each subject in one statement. `works` is a CTE of (subject, work) pairs built by the
 * caller; everything else is aggregated from it the same way for members and societies.
 */
function aggregate(subjects: string, works: string, prizes: string, excludeSelf: boolean): string {
  return `with subject(id, orcid) as (values ${subjects}),
    works as (${works})
    select s.id as subject,
      (select count(*) from works w where w.subject = s.id) as works,
      (select coalesce(json_agg(json_build_object('kind', kind, 'works', n) order by n desc, kind), '[]')
         from (select kind, count(*)::int as n from works w where w.subject = s.id group by kind) k) as by_kind,
      (select coalesce(json_agg(json_build_object('year', year, 'works', n) order by year desc), '[]')
         from (select year, count(*)::int as n from works w where w.subject = s.id and year is not null group by year) y) as by_year,
      (${prizes}) as prizes,
      (select coalesce(array_agg(distinct c.member_id), '{}') from works w join contribution c on c.work_id = w.id
        where w.subject = s.id and c.member_id is not null${excludeSelf ? " and c.member_id <> s.id" : ""}) as co_authors
    from subject s`;
}

function toOutput(row: OutputRow): ScholarlyOutput {
  return { works: Number(row.works), byKind: row.by_kind, byYear: row.by_year, prizes: Number(row.prizes), coAuthors: { ids: row.co_authors } };
}

export async function memberOutputs(em: EntityManager, members: MemberSubject[]): Promise<Map<string, ScholarlyOutput>> {
  const sql = aggregate(
    members.map(() => "(?::uuid, ?::text)").join(", "),
    `select distinct s.id as subject, w.id, w.kind, extract(year from w.published_on)::int as year
       from subject s join contribution c on c.member_id = s.id or (s.orcid is not null and c.orcid = s.orcid)
       join work w on w.id = c.work_id`,
    "select count(*) from award a where a.member_id = s.id",
    true,
  );
  const rows = await em.execute<OutputRow[]>(sql, members.flatMap((member) => [member.id, member.orcid]));
  return new Map(rows.map((row) => [row.subject, toOutput(row)]));
}

export async function societyOutputs(em: EntityManager, societyIds: string[]): Promise<Map<string, ScholarlyOutput>> {
  const sql = aggregate(
    societyIds.map(() => "(?::uuid, null::text)").join(", "),
    `select s.id as subject, w.id, w.kind, extract(year from w.published_on)::int as year
       from subject s join work w on w.society_id = s.id`,
    "select count(*) from award a where a.society_id = s.id",
    false,
  );
  const rows = await em.execute<OutputRow[]>(sql, societyIds);
  return new Map(rows.map((row) => [row.subject, toOutput(row)]));
}
