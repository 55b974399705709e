import { defineEntity, p } from "@mikro-orm/core";
import { Field, Int, ObjectType } from "type-graphql";

@ObjectType({ description: "What a member offers as a mentor." })
export class MentorProfile {
  memberId!: string;

  @Field(() => Boolean)
  acceptingMentees!: boolean;

  @Field(() => Int, { description: "How many active mentees the mentor takes at most." })
  capacity!: number;

  @Field(() => [String])
  topics!: string[];

  @Field(() => [String], { description: "BCP 47 language tags the mentor mentors in." })
  languages!: string[];
}

export const MentorProfileSchema = defineEntity({
  class: MentorProfile,
  tableName: "mentor_profile",
  properties: {
    memberId: p.uuid().primary(),
    acceptingMentees: p.boolean(),
    capacity: p.integer(),
    topics: p.array(),
    languages: p.array(),
  },
});
