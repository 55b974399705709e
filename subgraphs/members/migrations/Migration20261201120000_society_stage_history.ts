import { Migration } from "@mikro-orm/migrations";

/** Society.stageHistory: a row per stage a society enters, written by a trigger on the society table (society.entity.ts). */
export class Migration20261201120000_society_stage_history extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "society_stage_change" ("id" uuid not null, "society_id" uuid not null, "stage" text not null, "since" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "society_stage_change_society_id_index" on "society_stage_change" ("society_id");`);
    this.addSql(`alter table "society_stage_change" add constraint "society_stage_change_stage_check" check ("stage" in ('ESTABLISH', 'GROW', 'SUSTAIN'));`);
    this.addSql(`create or replace function "society_society_stage_recorded_fn"() returns trigger as $$ begin if tg_op = 'INSERT' or new.stage is distinct from old.stage then insert into society_stage_change (id, society_id, stage, since) values (gen_random_uuid(), new.id, new.stage, now()); end if; return null; end; $$ language plpgsql;`);
    this.addSql(`create trigger "society_stage_recorded" AFTER INSERT OR UPDATE on "society" for each ROW execute function "society_society_stage_recorded_fn"();`);
    // Societies that existed before have one known stage: their current one, since their founding if known.
    this.addSql(`insert into "society_stage_change" ("id", "society_id", "stage", "since") select gen_random_uuid(), "id", "stage", coalesce("founded_on"::timestamptz, now()) from "society";`);
  }
}
