import { ApiKeySchema } from "./api-key/api-key.entity.js";
import { ChangeEventSchema, FeedCursorSchema } from "./live/change-event.entity.js";
import { WebhookDeliverySchema, WebhookEndpointSchema } from "./webhook/webhook.entity.js";
import { KnownOperationSchema, RegisteredSubgraphSchema, SupergraphVersionSchema } from "./registry/registry.entity.js";
import { migrations } from "./migrations/index.js";
import { GatewaySigningKeySchema } from "./signing-key/signing-key.entity.js";

/** The gateway's own database: API keys, the registry of federated subgraphs, the service-token signing keys, the replay log of changes and the webhooks. */
export const gatewayDatabase = {
  entities: [ApiKeySchema, RegisteredSubgraphSchema, SupergraphVersionSchema, KnownOperationSchema, GatewaySigningKeySchema, ChangeEventSchema, FeedCursorSchema, WebhookEndpointSchema, WebhookDeliverySchema],
  migrations,
};
