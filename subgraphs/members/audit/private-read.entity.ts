import { defineEntity, p } from "@mikro-orm/core";
import { DateTimeResolver } from "graphql-scalars";
import { Field, ID, ObjectType } from "type-graphql";

/** The member fields only the home society may read; every read of one is audited (`export`: all of them, in a data export). */
export type PrivateField = "email" | "contactPreferences" | "directoryConsent" | "consentHistory" | "export";

@ObjectType({ description: "One request's read of a member's private fields: who read which, and when. Append-only." })
export class PrivateRead {
  @Field(() => ID, { description: "The audit row's id." })
  id!: string;

  memberId!: string;

  @Field(() => ID, { nullable: true, description: "The API key that read (null for a caller without one)." })
  keyId!: string | null;

  @Field(() => String, { description: "The caller's role: society or admin." })
  role!: string;

  @Field(() => ID, { nullable: true, description: "The reading key's society." })
  societyId!: string | null;

  @Field(() => [String], { description: "The private fields read: email, contactPreferences, directoryConsent, consentHistory, or export (a data export: all of them)." })
  fields!: PrivateField[];

  @Field(() => String, { description: "The request id (x-request-id), to match the gateway's logs." })
  requestId!: string;

  @Field(() => DateTimeResolver, { description: "When the read was served." })
  readAt!: Date;
}

export const PrivateReadSchema = defineEntity({
  class: PrivateRead,
  tableName: "private_read",
  properties: {
    id: p.uuid().primary(),
    memberId: p.uuid(),
    keyId: p.uuid().nullable(),
    role: p.string().length(16),
    societyId: p.uuid().nullable(),
    fields: p.array(),
    requestId: p.string().length(64),
    readAt: p.datetime(),
  },
  indexes: [
    { name: "private_read_member_id_read_at_index", properties: ["memberId", "readAt", "id"] },
    { name: "private_read_read_at_index", properties: ["readAt"] },
  ],
  // Append-only: retention and erasure delete rows, nothing changes one.
  triggers: [{ name: "append_only", timing: "before", events: ["update"], body: "raise exception 'the private-read audit is append-only';" }],
});
