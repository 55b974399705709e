import { ApiKeySchema } from "./api-key/api-key.entity.js";
import { KnownOperationSchema, RegisteredSubgraphSchema, SupergraphVersionSchema } from "./registry/registry.entity.js";
import { migrations } from "./migrations/index.js";
import { ErasureReceiptSchema, ErasureRequestSchema, ErasureSaltSchema } from "./privacy/erasure.entity.js";
import { GatewaySigningKeySchema } from "./signing-key/signing-key.entity.js";

/** The gateway's own database: API keys, the registry of federated subgraphs, the service-token signing keys and the erasure requests. */
export const gatewayDatabase = {
  entities: [ApiKeySchema, RegisteredSubgraphSchema, SupergraphVersionSchema, KnownOperationSchema, GatewaySigningKeySchema, ErasureRequestSchema, ErasureReceiptSchema, ErasureSaltSchema],
  migrations,
};
