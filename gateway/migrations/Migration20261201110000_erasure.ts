import { Migration } from "@mikro-orm/migrations";

/** Erasure requests (proof without personal data), their per-subgraph receipts (the job table) and the hash salt. */
export class Migration20261201110000_erasure extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "erasure_receipt" ("request_id" uuid not null, "subgraph" varchar(64) not null, "status" text not null, "attempts" int not null default 0, "next_attempt_at" timestamptz not null, "completed_at" timestamptz null, "records" jsonb null, primary key ("request_id", "subgraph"));`);
    this.addSql(`create index "erasure_receipt_due_index" on "erasure_receipt" ("status", "next_attempt_at");`);
    this.addSql(`alter table "erasure_receipt" add constraint "erasure_receipt_status_check" check ("status" in ('PENDING', 'COMPLETED', 'UNSUPPORTED'));`);
    this.addSql(`create table "erasure_request" ("id" uuid not null, "member_hash" varchar(64) not null, "member_id" uuid null, "society_id" uuid null, "status" text not null, "requested_by" varchar(255) not null, "requested_at" timestamptz not null, "completed_at" timestamptz null, primary key ("id"));`);
    this.addSql(`alter table "erasure_request" add constraint "erasure_request_member_hash_unique" unique ("member_hash");`);
    this.addSql(`alter table "erasure_request" add constraint "erasure_request_status_check" check ("status" in ('PENDING', 'COMPLETED'));`);
    this.addSql(`create table "erasure_salt" ("id" serial primary key, "salt" varchar(64) not null);`);
    // 256 random bits from PostgreSQL's own generator (gen_random_uuid is cryptographically random).
    this.addSql(`insert into "erasure_salt" ("salt") values (encode(sha256((gen_random_uuid()::text || gen_random_uuid()::text)::bytea), 'hex'));`);
  }
}
