import { ApiKeySchema, ApiKeyUseSchema } from "./api-key/api-key.entity.js";
import { ChangeEventSchema, FeedCursorSchema } from "./live/change-event.entity.js";
import { WebhookDeliverySchema, WebhookEndpointSchema } from "./webhook/webhook.entity.js";
import { KnownOperationClientSchema, KnownOperationSchema, RegisteredSubgraphSchema, SupergraphVersionSchema } from "./registry/registry.entity.js";
import { migrations } from "./migrations/index.js";
import { SocietyWebSchema, TrustedDocumentSchema } from "./partner-web/partner-web.entity.js";
import { ErasureReceiptSchema, ErasureRequestSchema, ErasureSaltSchema } from "./privacy/erasure.entity.js";
import { GatewaySigningKeySchema } from "./signing-key/signing-key.entity.js";
import { GatewayHeartbeatSchema } from "./status/heartbeat.entity.js";

/**
 * The gateway's own database: API keys and their last use, gateway heartbeats, the registry of federated subgraphs,
 * the service-token signing keys, partner websites, the erasure requests, the replay log of changes and the webhooks.
 */
export const gatewayDatabase = {
  entities: [
    ApiKeySchema, ApiKeyUseSchema, GatewayHeartbeatSchema, RegisteredSubgraphSchema, SupergraphVersionSchema, KnownOperationSchema, KnownOperationClientSchema,
    GatewaySigningKeySchema, SocietyWebSchema, TrustedDocumentSchema, ErasureRequestSchema, ErasureReceiptSchema, ErasureSaltSchema,
    ChangeEventSchema, FeedCursorSchema, WebhookEndpointSchema, WebhookDeliverySchema,
  ],
  migrations,
};
