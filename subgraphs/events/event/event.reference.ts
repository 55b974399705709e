import { referenceById } from "../../../lib/subgraph.js";
import type { EventsLoaders } from "../loaders.js";

export const resolveEventReference = referenceById<EventsLoaders>((loaders) => loaders.eventById);
