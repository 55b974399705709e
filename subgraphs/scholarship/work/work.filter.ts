import { Directive, Field, ID, InputType, Int } from "type-graphql";
import { cost, WEIGHTS } from "../../../lib/demand-control.js";
import { WorkKind } from "./work.entity.js";

@InputType({ description: "Narrows the works list; all given criteria must hold." })
export class WorkFilter {
  @Field(() => String, { nullable: true, description: "Free text over titles and venues, case- and accent-insensitive." })
  @Directive(cost(WEIGHTS.search))
  q?: string | null;

  @Field(() => WorkKind, { description: "Works of this kind only.", nullable: true })
  kind?: WorkKind | null;

  @Field(() => ID, { nullable: true, description: "Works recorded by this society." })
  society?: string | null;

  @Field(() => ID, { nullable: true, description: "Works this member contributed to." })
  member?: string | null;

  @Field(() => Int, { nullable: true, description: "Year of publication, 1–9999." })
  year?: number | null;
}
