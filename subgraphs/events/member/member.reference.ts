import type { ReferenceResolver } from "../../../lib/subgraph.js";
import { isUuid } from "../../../lib/validators.js";
import type { EventsLoaders } from "../loaders.js";

/** Members exist in the members subgraph; here any well-formed id has (possibly no) registrations. */
export const resolveMemberReference: ReferenceResolver<EventsLoaders> = (reference) =>
  isUuid(reference.id) ? { id: reference.id } : null;
