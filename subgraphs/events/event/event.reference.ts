import type { ReferenceResolver } from "../../../lib/subgraph.js";
import { isUuid } from "../../../lib/validators.js";
import type { EventsLoaders } from "../loaders.js";

export const resolveEventReference: ReferenceResolver<EventsLoaders> = (reference, { loaders }) =>
  isUuid(reference.id) ? loaders.eventById.load(reference.id) : null;
