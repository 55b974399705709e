import { ApiKeySchema, ApiKeyUseSchema } from "./api-key/api-key.entity.js";
import { KnownOperationClientSchema, KnownOperationSchema, RegisteredSubgraphSchema, SupergraphVersionSchema } from "./registry/registry.entity.js";
import { migrations } from "./migrations/index.js";
import { SocietyWebSchema, TrustedDocumentSchema } from "./partner-web/partner-web.entity.js";
import { ErasureReceiptSchema, ErasureRequestSchema, ErasureSaltSchema } from "./privacy/erasure.entity.js";
import { GatewaySigningKeySchema } from "./signing-key/signing-key.entity.js";
import { GatewayHeartbeatSchema } from "./status/heartbeat.entity.js";

/** The gateway's own database: API keys and their last use, gateway heartbeats, the registry of federated subgraphs, the service-token signing keys, partner websites and the erasure requests. */
export const gatewayDatabase = {
  entities: [ApiKeySchema, ApiKeyUseSchema, GatewayHeartbeatSchema, RegisteredSubgraphSchema, SupergraphVersionSchema, KnownOperationClientSchema, KnownOperationSchema, GatewaySigningKeySchema, SocietyWebSchema, TrustedDocumentSchema, ErasureRequestSchema, ErasureReceiptSchema, ErasureSaltSchema],
  migrations,
};
