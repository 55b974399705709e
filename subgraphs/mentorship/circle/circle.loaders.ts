import type { EntityManager } from "../../../lib/database.js";
import { loaderById, loaderOfLists } from "../../../lib/loaders.js";
import { CirclePlace, MentoringCircle } from "./mentoring-circle.entity.js";

/** The circles' batched lookups, part of the subgraph's per-request loaders. */
export function circleLoaders(em: EntityManager) {
  return {
    circleById: loaderById((ids) => em.find(MentoringCircle, { id: { $in: ids } })),
    circlesByProgram: loaderOfLists(
      (programIds) => em.find(MentoringCircle, { programId: { $in: programIds } }, { orderBy: { createdAt: "asc", id: "asc" } }),
      (circle) => circle.programId,
    ),
    placesByCircle: loaderOfLists(
      (circleIds) => em.find(CirclePlace, { circleId: { $in: circleIds } }, { orderBy: { joinedAt: "asc", id: "asc" } }),
      (place) => place.circleId!,
    ),
  };
}
