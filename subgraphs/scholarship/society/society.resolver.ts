import { Ctx, Directive, FieldResolver, Resolver, Root } from "type-graphql";
import { cost, WEIGHTS } from "../../../lib/demand-control.js";
import { UNAVAILABLE } from "../../../lib/external.js";
import type { SubgraphContext } from "../../../lib/subgraph.js";
import type { ScholarshipLoaders } from "../loaders.js";
import { ScholarlyOutput } from "../output/scholarly-output.js";
import { ScholarlySociety } from "./society.type.js";

@Resolver(() => ScholarlySociety)
export class ScholarlySocietyResolver {
  @FieldResolver(() => ScholarlyOutput, { nullable: true, description: `Works the society recorded, by kind and year; prizes it awarded; their co-authors. ${UNAVAILABLE}` })
  @Directive(cost(WEIGHTS.summary))
  scholarlyOutput(@Root() society: ScholarlySociety, @Ctx() { loaders }: SubgraphContext<ScholarshipLoaders>): Promise<ScholarlyOutput | null> {
    return loaders.societyOutput.load(society.id);
  }
}
