import { DateTimeResolver } from "graphql-scalars";
import { Field, ID, InputType } from "type-graphql";
import { EventKind } from "./event.entity.js";

@InputType({ description: "Narrows the events list; all given criteria must hold." })
export class EventFilter {
  @Field(() => ID, { nullable: true, description: "Events organised by this society." })
  society?: string | null;

  @Field(() => EventKind, { description: "Events of this kind only.", nullable: true })
  kind?: EventKind | null;

  @Field(() => DateTimeResolver, { nullable: true, description: "Events starting at or after this instant." })
  from?: Date | null;

  @Field(() => DateTimeResolver, { nullable: true, description: "Events starting before this instant." })
  to?: Date | null;
}
