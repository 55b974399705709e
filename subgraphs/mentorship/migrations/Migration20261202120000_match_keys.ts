import { Migration } from "@mikro-orm/migrations";

/**
 * Matching's first stage compares stored keys instead of folding every mentor's topics and languages on every
 * request: the folded topics (lower(trim)), GIN-indexed so that the available mentors sharing a topic are found
 * through the index, and the primary language subtags. Generated columns, so every write path keeps them current.
 */
export class Migration20261202120000_match_keys extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create or replace function mentor_topic_keys(text[]) returns text[] language sql immutable parallel safe strict
      as $$ select array(select lower(trim(topic)) from unnest($1) topic) $$;`);
    this.addSql(`create or replace function mentor_language_keys(text[]) returns text[] language sql immutable parallel safe strict
      as $$ select array(select lower(split_part(tag, '-', 1)) from unnest($1) tag) $$;`);
    this.addSql(`alter table "mentor_profile" add column "topic_keys" text[] generated always as (mentor_topic_keys("topics")) stored, add column "language_keys" text[] generated always as (mentor_language_keys("languages")) stored;`);
    // Only mentors who can take a mentee now: the first stage never reads the others' rows.
    this.addSql(`create index "mentor_profile_topic_keys_index" on "mentor_profile" using gin ("topic_keys") where mentor_profile.accepting_mentees and mentor_profile.active_mentees < mentor_profile.capacity and mentor_profile.career_stage is not null and mentor_profile.timezone is not null;`);
  }
}
