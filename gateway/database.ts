import { ApiKeySchema } from "./api-key/api-key.entity.js";
import { KnownOperationSchema, RegisteredSubgraphSchema, SupergraphVersionSchema } from "./registry/registry.entity.js";
import { migrations } from "./migrations/index.js";

/** The gateway's own database: API keys and the registry of federated subgraphs. */
export const gatewayDatabase = {
  entities: [ApiKeySchema, RegisteredSubgraphSchema, SupergraphVersionSchema, KnownOperationSchema],
  migrations,
};
